/* SPDX-License-Identifier: MIT */
/* control.h - where a capture's messages go, and Wireshark's control pipes.
 *
 * Wireshark shows whatever an extcap program writes on stderr as an error
 * when the capture ends, so a capture that runs well writes nothing there.
 * Its events (listening, interposed, restored, connections that failed)
 * go to a log stream instead, which stamps each line with the time of day
 * and copies it to
 *   - the --log-file, when one is given, and
 *   - Wireshark's "Log" window: the toolbar's logger control (number
 *     CONTROL_LOGGER) over --extcap-control-out.
 *
 * The control pipes (only Wireshark's GUI makes them, and only for
 * programs that declare a toolbar):
 *   --extcap-control-in   Wireshark -> fcgidump.  Its messages are read
 *                         and dropped; Wireshark closing it means: stop.
 *   --extcap-control-out  fcgidump -> Wireshark.  Each message is
 *                         'T', 3-octet length (payload + 2), control
 *                         number, command, payload.
 * Neither is ever waited for: both are opened non-blocking at the start
 * (which is also what lets Wireshark's blocking opens of its ends
 * return), and a message that does not fit into the pipe at once is
 * dropped, so a Wireshark that stops reading never stalls the relay. */
#ifndef FCGIDUMP_CONTROL_H
#define FCGIDUMP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CONTROL_LOGGER 0

typedef struct control {
    int in_fd, out_fd;                /* -1: not given */
    FILE *file;                       /* --log-file, or NULL */
    FILE *log;                        /* the log stream, or NULL */
    bool line_start;                  /* the next octet logged starts a line */
} control;

/* Opens the log file (appending) and the control pipes that are given
 * (NULL paths are not); sets c->log when there is anywhere to log to.
 * 0, or -1 with err set. */
int control_open(control *c, const char *in_path, const char *out_path, const char *log_file,
                 char *err, size_t errcap);

/* A proxy_watch callback for control-in: drops what Wireshark sent and
 * returns the reason to stop once Wireshark closed its end. */
const char *control_input(void *ctx, int fd, short revents);

/* Flushes and closes everything. */
void control_close(control *c);

#endif

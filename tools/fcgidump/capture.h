/* SPDX-License-Identifier: MIT */
/* capture.h - fcgidump --capture: the relay between a web server and a
 * FastCGI application, written as pcapng into Wireshark's FIFO with the
 * framing of `fcgi proxy --pcap` (proxy_capture.h).
 *
 * Order of events.  The FIFO is opened first (Wireshark's reader is
 * waiting for it), then SIGINT and SIGTERM are held back while the
 * listener is set up, so a stop that comes early still finds a listener to
 * hand back.  The relay then runs until Wireshark stops it: SIGTERM, its
 * control pipe closing, the capture's reader going away, or the parent
 * process (Wireshark, tshark) ending, killed or crashed; the listening
 * path is handed back at once (the application's socket restored, or the
 * relay's socket removed) and requests in progress get stop_timeout
 * seconds to finish. */
#ifndef FCGIDUMP_CAPTURE_H
#define FCGIDUMP_CAPTURE_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct capture_options {
    const char *interface;    /* --extcap-interface */
    const char *fifo;         /* --fifo: a FIFO, a file, or "-" */
    const char *filter;       /* --extcap-capture-filter, or NULL */
    const char *upstream;     /* NULL: the interface's socket */
    const char *listen;       /* NULL unless listening on a new address */
    bool interpose;
    int socket_mode;          /* -1: default */
    uid_t uid;                /* (uid_t)-1: default */
    gid_t gid;                /* (gid_t)-1: default */
    int stop_timeout_s;
    const char *log_file;     /* NULL: none */
    const char *control_in;   /* NULL: none */
    const char *control_out;
} capture_options;

/* Runs the capture; returns the exit status: 0 after a clean stop, 1 when
 * it could not start (a one-line reason on stderr) or could not hand the
 * socket back, 2 for options that do not fit together. */
int capture_run(const capture_options *o);

#endif

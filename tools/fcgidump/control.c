/* SPDX-License-Identifier: MIT */
/* control.c - a capture's log and Wireshark's control pipes (see
 * control.h). */
#include "control.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { COMMAND_ADD = 2 };

/* A pipe write of at most PIPE_BUF octets is all or nothing, so a message
 * of that size never reaches Wireshark cut in half. */
#define MESSAGE_MAX PIPE_BUF
#define HEADER_LEN 6

/* Sends one framed message; dropped when the pipe is full (Wireshark is
 * not reading) or gone. */
static void send_message(control *c, const uint8_t *msg, size_t len)
{
    if (c->out_fd >= 0 && write(c->out_fd, msg, len) < 0 && errno != EAGAIN && errno != EINTR) {
        close(c->out_fd);
        c->out_fd = -1;
    }
}

/* Frames text as logger "add" messages. */
static void to_logger(control *c, const char *text, size_t len)
{
    while (len > 0) {
        uint8_t msg[MESSAGE_MAX];
        size_t n = len > MESSAGE_MAX - HEADER_LEN ? MESSAGE_MAX - HEADER_LEN : len;
        size_t field = n + 2;
        msg[0] = 'T';
        msg[1] = (uint8_t)(field >> 16);
        msg[2] = (uint8_t)(field >> 8);
        msg[3] = (uint8_t)field;
        msg[4] = CONTROL_LOGGER;
        msg[5] = COMMAND_ADD;
        memcpy(msg + HEADER_LEN, text, n);
        send_message(c, msg, HEADER_LEN + n);
        text += n;
        len -= n;
    }
}

static void emit(control *c, const char *text, size_t len)
{
    if (c->file) {
        fwrite(text, 1, len, c->file);
        fflush(c->file);
    }
    if (c->out_fd >= 0)
        to_logger(c, text, len);
}

/* Copies what the log stream was given, each line stamped with the time
 * of day, stamp and line in one piece. */
static ssize_t log_write(void *cookie, const char *buf, size_t len)
{
    control *c = cookie;
    char piece[MESSAGE_MAX - HEADER_LEN];
    size_t done = 0;
    while (done < len) {
        size_t have = 0;
        if (c->line_start) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            struct tm tm;
            localtime_r(&ts.tv_sec, &tm);
            have = (size_t)snprintf(piece, sizeof piece, "%02d:%02d:%02d.%03ld ", tm.tm_hour,
                                    tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
        }
        const char *nl = memchr(buf + done, '\n', len - done);
        size_t n = nl ? (size_t)(nl - (buf + done)) + 1 : len - done;
        if (n > sizeof piece - have)
            n = sizeof piece - have;
        memcpy(piece + have, buf + done, n);
        emit(c, piece, have + n);
        done += n;
        c->line_start = piece[have + n - 1] == '\n';
    }
    return (ssize_t)len;
}

int control_open(control *c, const char *in_path, const char *out_path, const char *log_file,
                 char *err, size_t errcap)
{
    memset(c, 0, sizeof *c);
    c->in_fd = c->out_fd = -1;
    c->line_start = true;
    if (log_file) {
        c->file = fopen(log_file, "ae");
        if (!c->file) {
            snprintf(err, errcap, "--log-file %s: %s", log_file, strerror(errno));
            return -1;
        }
    }
    if (in_path) {
        c->in_fd = open(in_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (c->in_fd < 0) {
            snprintf(err, errcap, "--extcap-control-in %s: %s", in_path, strerror(errno));
            control_close(c);
            return -1;
        }
    }
    if (out_path) {
        /* Read and write: Linux opens a FIFO so at once, whether or not
         * Wireshark has opened its end yet, and what is written meanwhile
         * waits in the pipe for it. */
        c->out_fd = open(out_path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
        if (c->out_fd < 0) {
            snprintf(err, errcap, "--extcap-control-out %s: %s", out_path, strerror(errno));
            control_close(c);
            return -1;
        }
    }
    if (c->file || c->out_fd >= 0) {
        cookie_io_functions_t io = {.write = log_write};
        c->log = fopencookie(c, "w", io);
        if (!c->log) {
            snprintf(err, errcap, "log: %s", strerror(errno));
            control_close(c);
            return -1;
        }
        /* One line, one message. */
        setvbuf(c->log, NULL, _IOLBF, MESSAGE_MAX - HEADER_LEN);
    }
    return 0;
}

const char *control_input(void *ctx, int fd, short revents)
{
    (void)revents;
    control *c = ctx;
    char buf[4096];
    /* Bounded, so that a writer that never pauses cannot hold the relay. */
    for (int reads = 0; reads < 16; reads++) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0)
            continue;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return NULL; /* EAGAIN: all read */
        /* End of file.  poll() reports a FIFO's hang-up only after a
         * writer came and went, so this is Wireshark closing its end. */
        close(c->in_fd);
        c->in_fd = -1;
        return "Wireshark closed the control pipe";
    }
    return NULL;
}

void control_close(control *c)
{
    if (c->log)
        fclose(c->log);
    c->log = NULL;
    if (c->file)
        fclose(c->file);
    c->file = NULL;
    if (c->in_fd >= 0)
        close(c->in_fd);
    if (c->out_fd >= 0)
        close(c->out_fd);
    c->in_fd = c->out_fd = -1;
}

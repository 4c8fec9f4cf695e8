// SPDX-License-Identifier: MIT
/* client_trace.c - see client_trace.h. */
#include "client_trace.h"

#include <stdarg.h>
#include <sys/time.h>
#include <time.h>

#include "fcgi/fcgi.h"

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void client_trace_init(client_trace *t, FILE *out)
{
    t->out = out;
    t->start_us = mono_us();
}

/* Fills `prefix` with "HH:MM:SS.uuuuuu +N.NNNms cK D". */
static void stamp(const client_trace *t, unsigned conn, char dir, char *prefix, size_t cap)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    localtime_r(&tv.tv_sec, &tm);
    double since_ms = (double)(mono_us() - t->start_us) / 1000.0;
    snprintf(prefix, cap, "%02d:%02d:%02d.%06ld +%.3fms c%u %c", tm.tm_hour, tm.tm_min,
             tm.tm_sec, (long)tv.tv_usec, since_ms, conn, dir);
}

void client_trace_records(const client_trace *t, unsigned conn, char dir, const void *buf,
                          size_t len)
{
    if (!t || !t->out)
        return;
    const uint8_t *p = buf;
    while (len > 0) {
        size_t rlen = fcgi_get_record_length(p, len);
        char line[FCGI_DUMP_MAX];
        size_t n = 0;
        if (fcgi_dump_record(line, sizeof line, p, len, &n) != FCGI_OK)
            snprintf(line, sizeof line, "{?}");
        char prefix[80];
        stamp(t, conn, dir, prefix, sizeof prefix);
        fprintf(t->out, "%s %s\n", prefix, line);
        /* A partial record is dumped once, as malformed, and ends the walk. */
        if (rlen == 0 || rlen > len)
            break;
        p += rlen;
        len -= rlen;
    }
    fflush(t->out);
}

void client_trace_note(const client_trace *t, unsigned conn, const char *fmt, ...)
{
    if (!t || !t->out)
        return;
    char prefix[80], msg[512];
    stamp(t, conn, '*', prefix, sizeof prefix);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(t->out, "%s %s\n", prefix, msg);
    fflush(t->out);
}

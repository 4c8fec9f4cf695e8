// SPDX-License-Identifier: MIT
#include "oracle.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A healthy oracle answers a batch in well under a second; this only stops
 * a hung child from hanging ctest. */
#define ORACLE_TIMEOUT_MS 60000

int oracle_start(oracle *o, const char *perl, const char *script, char *err, size_t errcap)
{
    int in[2], out[2];
    memset(o, 0, sizeof *o);
    signal(SIGPIPE, SIG_IGN); /* a dead oracle must give EPIPE, not kill us */
    if (pipe(in) || pipe(out)) {
        snprintf(err, errcap, "pipe: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errcap, "fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        setenv("NET_FASTCGI_PP", "1", 1);
        execlp(perl, perl, script, (char *)NULL);
        /* The parent sees EOF instead of READY and reports this line. */
        dprintf(1, "FATAL\tcannot run '%s': %s\n", perl, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    o->pid = pid;
    o->to_child = in[1];
    o->from_child = out[0];

    /* The handshake: one line, READY or FATAL. */
    char line[1024];
    size_t n = 0;
    while (n < sizeof line - 1) {
        struct pollfd p = {o->from_child, POLLIN, 0};
        if (poll(&p, 1, ORACLE_TIMEOUT_MS) <= 0) {
            snprintf(err, errcap, "oracle did not say READY within %d ms", ORACLE_TIMEOUT_MS);
            return -1;
        }
        ssize_t r = read(o->from_child, line + n, 1);
        if (r <= 0)
            break;
        if (line[n] == '\n')
            break;
        n++;
    }
    line[n] = '\0';
    if (strncmp(line, "READY\t", 6) != 0) {
        snprintf(err, errcap, "%.400s", n ? line : "oracle exited without a word (is perl installed?)");
        return -1;
    }
    snprintf(o->banner, sizeof o->banner, "%.120s", line + 6);
    for (char *t = o->banner; *t; t++)
        if (*t == '\t')
            *t = ' ';
    fcntl(o->to_child, F_SETFL, fcntl(o->to_child, F_GETFL) | O_NONBLOCK);
    return 0;
}

static int ends_with_sync(const strbuf *sb)
{
    static const char tail[] = "SYNC\n";
    size_t t = sizeof tail - 1;
    if (sb->len < t || memcmp(sb->p + sb->len - t, tail, t) != 0)
        return 0;
    return sb->len == t || sb->p[sb->len - t - 1] == '\n';
}

int oracle_exchange(oracle *o, const strbuf *requests, size_t nlines, strbuf *answers,
                    char **lines, char *err, size_t errcap)
{
    strbuf out = {0};
    sb_put(&out, requests->p, requests->len);
    sb_puts(&out, "sync\n");
    size_t sent = 0;
    sb_reset(answers);

    char chunk[65536];
    for (;;) {
        struct pollfd p[2] = {{o->from_child, POLLIN, 0}, {o->to_child, POLLOUT, 0}};
        nfds_t np = sent < out.len ? 2 : 1;
        int r = poll(p, np, ORACLE_TIMEOUT_MS);
        if (r == 0) {
            snprintf(err, errcap, "oracle timed out");
            goto fail;
        }
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errcap, "poll: %s", strerror(errno));
            goto fail;
        }
        if (np == 2 && p[1].revents) {
            ssize_t w = write(o->to_child, out.p + sent, out.len - sent);
            if (w < 0 && errno != EAGAIN && errno != EINTR) {
                snprintf(err, errcap, "writing to the oracle: %s", strerror(errno));
                goto fail;
            }
            if (w > 0)
                sent += (size_t)w;
        }
        if (p[0].revents) {
            ssize_t n = read(o->from_child, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                snprintf(err, errcap, "the oracle exited in the middle of a batch");
                goto fail;
            }
            sb_put(answers, chunk, (size_t)n);
            if (sent == out.len && ends_with_sync(answers))
                break;
        }
    }
    sb_free(&out);

    /* Split into lines; drop the trailing SYNC. */
    size_t count = 0;
    char *s = answers->p, *end = answers->p + answers->len - 5;
    while (s < end) {
        char *nl = memchr(s, '\n', (size_t)(end - s));
        if (!nl)
            break;
        *nl = '\0';
        if (count < nlines)
            lines[count] = s;
        count++;
        s = nl + 1;
    }
    if (count != nlines) {
        snprintf(err, errcap, "oracle answered %zu lines to %zu requests", count, nlines);
        return -1;
    }
    return 0;
fail:
    sb_free(&out);
    return -1;
}

void oracle_stop(oracle *o)
{
    if (o->to_child > 0)
        close(o->to_child);
    if (o->from_child > 0)
        close(o->from_child);
    if (o->pid > 0) {
        int status;
        waitpid(o->pid, &status, 0);
    }
    o->pid = 0;
    o->to_child = o->from_child = -1;
}

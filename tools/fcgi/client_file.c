// SPDX-License-Identifier: MIT
/* client_file.c - see client_file.h. */
#include "client_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

uint8_t *client_read_all(const char *path, size_t *len, char *err, size_t errcap)
{
    int use_stdin = !path || !strcmp(path, "-");
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, errcap, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            uint8_t *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f);
    if (!use_stdin)
        fclose(f);
    if (!buf || failed) {
        snprintf(err, errcap, "%s: %s", use_stdin ? "standard input" : path,
                 buf ? "read error" : "out of memory");
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int client_body_open(client_body *b, const char *arg, bool in_memory, char *err, size_t errcap)
{
    memset(b, 0, sizeof *b);
    b->fd = -1;
    snprintf(b->name, sizeof b->name, "%s", arg[0] == '@' ? arg + 1 : arg);
    if (arg[0] == '@' && !in_memory && strcmp(arg + 1, "-") != 0) {
        int fd = open(arg + 1, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (fd < 0) {
            snprintf(err, errcap, "%s: %s", arg + 1, strerror(errno));
            return -1;
        }
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            b->fd = fd;
            b->len = (uint64_t)st.st_size;
            return 0;
        }
        /* A pipe or device: its length is known only once it is read. */
        close(fd);
    }
    size_t n = 0;
    if (arg[0] == '@')
        b->mem = client_read_all(arg + 1, &n, err, errcap);
    else if (!strcmp(arg, "-"))
        b->mem = client_read_all(NULL, &n, err, errcap);
    else if ((b->mem = malloc(strlen(arg) + 1)) != NULL)
        memcpy(b->mem, arg, (n = strlen(arg)) + 1);
    else
        snprintf(err, errcap, "out of memory");
    b->len = n;
    return b->mem ? 0 : -1;
}

void client_body_close(client_body *b)
{
    free(b->mem);
    b->mem = NULL;
    if (b->fd >= 0)
        close(b->fd);
    b->fd = -1;
}

int client_body_send(const client_body *b, client_conn *c, uint8_t type, uint16_t id,
                     int64_t deadline_ms, char *err, size_t errcap)
{
    uint8_t rec[FCGI_HEADER_LEN + FCGI_SEGMENT_LEN + 8], data[FCGI_SEGMENT_LEN];
    uint64_t sent = 0;
    if (b->fd >= 0 && lseek(b->fd, 0, SEEK_SET) != 0) {
        snprintf(err, errcap, "%s: %s", b->name, strerror(errno));
        return -2;
    }
    for (;;) {
        size_t seg = b->len - sent < FCGI_SEGMENT_LEN ? (size_t)(b->len - sent) : FCGI_SEGMENT_LEN;
        const uint8_t *content = b->mem ? b->mem + sent : data;
        if (b->fd >= 0) {
            size_t got = 0;
            while (got < seg) {
                ssize_t n = read(b->fd, data + got, seg - got);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n <= 0) {
                    snprintf(err, errcap, "%s: %s", b->name,
                             n < 0 ? strerror(errno)
                                   : "the file became shorter while it was sent");
                    return -2;
                }
                got += (size_t)n;
            }
        }
        size_t len = 0;
        /* seg == 0 is the terminating empty record. */
        if (fcgi_build_record(rec, sizeof rec, type, id, content, seg, &len) != FCGI_OK) {
            snprintf(err, errcap, "cannot build a record");
            return -2;
        }
        if (client_conn_send(c, rec, len, deadline_ms) != 0)
            return -1;
        if (seg == 0)
            return 0;
        sent += seg;
    }
}

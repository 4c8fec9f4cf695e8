// SPDX-License-Identifier: MIT
/* client_file.c - see client_file.h. */
#include "client_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

uint8_t *client_read_body_arg(const char *arg, size_t *len, char *err, size_t errcap)
{
    if (arg[0] == '@')
        return client_read_all(arg + 1, len, err, errcap);
    if (!strcmp(arg, "-"))
        return client_read_all(NULL, len, err, errcap);
    size_t n = strlen(arg);
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    memcpy(buf, arg, n);
    *len = n;
    return buf;
}

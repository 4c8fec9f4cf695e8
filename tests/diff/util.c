// SPDX-License-Identifier: MIT
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("diff: out of memory\n", stderr);
        abort();
    }
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("diff: out of memory\n", stderr);
        abort();
    }
    return q;
}

uint8_t *xmemdup(const void *data, size_t n)
{
    uint8_t *p = xmalloc(n);
    if (n)
        memcpy(p, data, n);
    return p;
}

static void sb_grow(strbuf *sb, size_t more)
{
    if (sb->len + more + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + more + 1)
        cap *= 2;
    sb->p = xrealloc(sb->p, cap);
    sb->cap = cap;
}

void sb_put(strbuf *sb, const void *data, size_t n)
{
    sb_grow(sb, n);
    if (n)
        memcpy(sb->p + sb->len, data, n);
    sb->len += n;
    sb->p[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
    sb_put(sb, s, strlen(s));
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    sb_grow(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void sb_hex(strbuf *sb, const uint8_t *data, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    sb_grow(sb, 2 * n);
    char *o = sb->p + sb->len;
    for (size_t i = 0; i < n; i++) {
        *o++ = digits[data[i] >> 4];
        *o++ = digits[data[i] & 15];
    }
    sb->len += 2 * n;
    sb->p[sb->len] = '\0';
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->p)
        sb->p[0] = '\0';
}

void sb_free(strbuf *sb)
{
    free(sb->p);
    sb->p = NULL;
    sb->len = sb->cap = 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

size_t hex_decode(const char *s, size_t n, uint8_t **out)
{
    if (n % 2)
        return (size_t)-1;
    uint8_t *p = xmalloc(n / 2);
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(p);
            return (size_t)-1;
        }
        p[i] = (uint8_t)(hi << 4 | lo);
    }
    *out = p;
    return n / 2;
}

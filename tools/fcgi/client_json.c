// SPDX-License-Identifier: MIT
/* client_json.c - see client_json.h. */
#include "client_json.h"

#include <stdlib.h>
#include <string.h>

typedef struct cursor {
    const char *p, *end;
} cursor;

static void ws(cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* Skips a string starting at '"'; sets [*s, *e) to its raw inside. */
static bool string(cursor *c, const char **s, const char **e)
{
    if (c->p >= c->end || *c->p != '"')
        return false;
    c->p++;
    *s = c->p;
    while (c->p < c->end && *c->p != '"') {
        if (*c->p == '\\')
            c->p++;
        c->p++;
    }
    if (c->p >= c->end)
        return false;
    *e = c->p++;
    return true;
}

/* Skips any value. */
static bool value(cursor *c)
{
    ws(c);
    if (c->p >= c->end)
        return false;
    if (*c->p == '"') {
        const char *s, *e;
        return string(c, &s, &e);
    }
    if (*c->p == '{' || *c->p == '[') {
        int depth = 0;
        while (c->p < c->end) {
            char ch = *c->p;
            if (ch == '"') {
                const char *s, *e;
                if (!string(c, &s, &e))
                    return false;
                continue;
            }
            if (ch == '{' || ch == '[')
                depth++;
            else if (ch == '}' || ch == ']')
                depth--;
            c->p++;
            if (depth == 0)
                return true;
        }
        return false;
    }
    while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']')
        c->p++;
    return true;
}

int client_json_member(const char *json, size_t len, const char *key, double *num, char *str,
                       size_t cap)
{
    cursor c = {json, json + len};
    ws(&c);
    if (c.p >= c.end || *c.p != '{')
        return -1;
    c.p++;
    size_t klen = strlen(key);
    for (;;) {
        ws(&c);
        if (c.p < c.end && *c.p == '}')
            return 0;
        const char *ks, *ke;
        if (!string(&c, &ks, &ke))
            return -1;
        ws(&c);
        if (c.p >= c.end || *c.p != ':')
            return -1;
        c.p++;
        ws(&c);
        if ((size_t)(ke - ks) == klen && !memcmp(ks, key, klen)) {
            if (c.p < c.end && *c.p == '"') {
                const char *s, *e;
                if (!string(&c, &s, &e))
                    return -1;
                size_t n = 0;
                for (const char *q = s; q < e && n + 1 < cap; q++) {
                    if (*q == '\\' && q + 1 < e && (q[1] == '"' || q[1] == '\\'))
                        q++;
                    str[n++] = *q;
                }
                if (cap)
                    str[n] = '\0';
                return 2;
            }
            char buf[64];
            size_t n = 0;
            while (c.p + n < c.end && n < sizeof buf - 1 && strchr("+-0123456789.eE", c.p[n]))
                n++;
            if (n == 0)
                return 0;
            memcpy(buf, c.p, n);
            buf[n] = '\0';
            char *endp;
            *num = strtod(buf, &endp);
            return *endp ? 0 : 1;
        }
        if (!value(&c))
            return -1;
        ws(&c);
        if (c.p < c.end && *c.p == ',') {
            c.p++;
            continue;
        }
        if (c.p < c.end && *c.p == '}')
            return 0;
        return -1;
    }
}

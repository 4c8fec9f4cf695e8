// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-cgi.c - the CGI response header block (see fastcgi-cgi.h).
 */
#include <string.h>

#include "fastcgi-cgi.h"

/* RFC 7230 tchar. */
static bool cgi_token(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool cgi_space(unsigned char c)
{
    return c == ' ' || c == '\t';
}

static unsigned char cgi_lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Splits the line p[0..n) (no line end) into name and value; false when it
 * is not a header. */
static bool cgi_split(const unsigned char *p, size_t n, fastcgi_cgi_header *h)
{
    size_t i = 0;
    while (i < n && cgi_token(p[i]))
        i++;
    if (i == 0 || i == n || p[i] != ':')
        return false;
    h->name.data = p;
    h->name.len = i;
    size_t v = i + 1, e = n;
    for (size_t k = v; k < n; k++) {
        if ((p[k] < 0x20 && p[k] != '\t') || p[k] == 0x7f)
            return false;
    }
    while (v < e && cgi_space(p[v]))
        v++;
    while (e > v && cgi_space(p[e - 1]))
        e--;
    h->value.data = p + v;
    h->value.len = e - v;
    return true;
}

bool fastcgi_cgi_is(const fastcgi_cgi_header *h, const char *name)
{
    size_t n = strlen(name);
    if (h->name.len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (cgi_lower(h->name.data[i]) != cgi_lower((unsigned char)name[i]))
            return false;
    }
    return true;
}

/* "200", "404 Not Found": three digits, 100..999, then nothing or white
 * space. */
static bool cgi_status(fcgi_span v, unsigned *code)
{
    if (v.len < 3 || (v.len > 3 && !cgi_space(v.data[3])))
        return false;
    unsigned c = 0;
    for (size_t i = 0; i < 3; i++) {
        if (v.data[i] < '0' || v.data[i] > '9')
            return false;
        c = c * 10 + (unsigned)(v.data[i] - '0');
    }
    if (c < 100)
        return false;
    *code = c;
    return true;
}

void fastcgi_cgi_iter_init(fastcgi_cgi_iter *it, const void *block, size_t len)
{
    it->base = (const unsigned char *)block;
    it->pos = 0;
    it->len = len;
}

fastcgi_cgi_result fastcgi_cgi_next(fastcgi_cgi_iter *it, fastcgi_cgi_header *out)
{
    const unsigned char *p = it->base + it->pos;
    size_t left = it->len - it->pos;
    const unsigned char *nl = left ? (const unsigned char *)memchr(p, '\n', left) : NULL;
    if (nl == NULL)
        return FASTCGI_CGI_NEED_MORE;
    size_t n = (size_t)(nl - p);
    if (n && p[n - 1] == '\r')
        n--;
    if (n == 0)
        return FASTCGI_CGI_NEED_MORE;
    if (!cgi_split(p, n, out)) {
        out->offset = it->pos;
        out->line_len = n;
        return FASTCGI_CGI_BAD_HEADER;
    }
    out->offset = it->pos;
    out->line_len = n;
    it->pos += (size_t)(nl - p) + 1;
    return FASTCGI_CGI_OK;
}

fastcgi_cgi_result fastcgi_cgi_parse(const void *buf, size_t len, size_t max,
                                     fastcgi_cgi_response *out)
{
    const unsigned char *b = (const unsigned char *)buf;
    size_t avail = len < max ? len : max;
    size_t pos = 0;
    bool status_seen = false, location_seen = false;
    fastcgi_cgi_response r;

    memset(&r, 0, sizeof r);
    while (pos < avail) {
        const unsigned char *nl = (const unsigned char *)memchr(b + pos, '\n', avail - pos);
        if (nl == NULL)
            break;
        size_t end = (size_t)(nl - b), n = end - pos;
        if (n && b[end - 1] == '\r')
            n--;
        if (n == 0) {
            r.header_len = end + 1;
            if (!status_seen)
                r.status = location_seen ? 302 : 200;
            *out = r;
            return FASTCGI_CGI_OK;
        }
        fastcgi_cgi_header h;
        if (!cgi_split(b + pos, n, &h)) {
            out->line.data = b + pos;
            out->line.len = n;
            return FASTCGI_CGI_BAD_HEADER;
        }
        if (fastcgi_cgi_is(&h, "Status")) {
            if (status_seen || !cgi_status(h.value, &r.status)) {
                out->line.data = b + pos;
                out->line.len = n;
                return FASTCGI_CGI_BAD_STATUS;
            }
            status_seen = r.status_given = true;
        } else if (r.content_type.data == NULL && fastcgi_cgi_is(&h, "Content-Type")) {
            r.content_type = h.value;
        } else if (!location_seen && fastcgi_cgi_is(&h, "Location")) {
            r.location = h.value;
            location_seen = true;
        }
        pos = end + 1;
    }
    return len >= max ? FASTCGI_CGI_TOO_LONG : FASTCGI_CGI_NEED_MORE;
}

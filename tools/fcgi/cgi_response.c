// SPDX-License-Identifier: MIT
/* cgi_response.c - see cgi_response.h. */
#include "cgi_response.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Messages php-fpm prints for failures people keep asking about, and what
 * they mean.  `where` is 'e' for STDERR, 'b' for the start of the body. */
static const struct {
    char where;
    const char *text;
    const char *hint;
} known[] = {
    {'e', "Primary script unknown",
     "hint: php-fpm cannot find SCRIPT_FILENAME; the path must exist as php-fpm sees it "
     "(container volume, chroot, document root)"},
    {'e', "Unable to open primary script",
     "hint: php-fpm found SCRIPT_FILENAME but cannot open it: check permissions for the "
     "pool's user and open_basedir"},
    {'b', "Access denied.",
     "hint: php-fpm refused the script's extension: security.limit_extensions allows "
     "only .php by default"},
    {'b', "File not found.",
     "hint: php-fpm says 'File not found.': SCRIPT_FILENAME does not exist or is not "
     "readable by the pool's user"},
    {'b', "No input file specified.",
     "hint: PHP got no usable SCRIPT_FILENAME: check the path and open_basedir"},
};
#define NKNOWN (sizeof known / sizeof known[0])

int cgi_response_init(cgi_response *r, FILE *body_out, FILE *err_out, bool include_headers,
                      size_t header_cap)
{
    memset(r, 0, sizeof *r);
    r->body_out = body_out;
    r->err_out = err_out;
    r->include_headers = include_headers;
    r->status = 200;
    r->hcap = header_cap ? header_cap : CGI_HEADER_MAX;
    r->hdr = malloc(r->hcap);
    return r->hdr ? 0 : -1;
}

void cgi_response_reset(cgi_response *r)
{
    cgi_response keep = *r;
    memset(r, 0, sizeof *r);
    r->body_out = keep.body_out;
    r->err_out = keep.err_out;
    r->include_headers = keep.include_headers;
    r->status = 200;
    r->hcap = keep.hcap;
    r->hdr = keep.hdr;
}

void cgi_response_free(cgi_response *r)
{
    free(r->hdr);
    r->hdr = NULL;
}

static int emit_body(cgi_response *r, const char *p, size_t n)
{
    if (n == 0)
        return 0;
    if (r->body_head_len < sizeof r->body_head) {
        size_t take = sizeof r->body_head - r->body_head_len;
        if (take > n)
            take = n;
        memcpy(r->body_head + r->body_head_len, p, take);
        r->body_head_len += take;
    }
    r->body_len += n;
    if (r->body_out && fwrite(p, 1, n, r->body_out) != n)
        return -1;
    return 0;
}

/* Interprets one header line (without its line end). */
static void header_line(cgi_response *r, const char *line, size_t len)
{
    const char *colon = memchr(line, ':', len);
    if (!colon)
        return;
    size_t nlen = (size_t)(colon - line);
    const char *v = colon + 1;
    const char *end = line + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    size_t vlen = (size_t)(end - v);
    if (nlen == 6 && !strncasecmp(line, "Status", 6)) {
        int code = 0;
        size_t i = 0;
        while (i < vlen && isdigit((unsigned char)v[i]) && i < 3)
            code = code * 10 + (v[i++] - '0');
        if (i == 3 && code >= 100) {
            r->status = code;
            while (i < vlen && v[i] == ' ')
                i++;
            size_t rl = vlen - i < sizeof r->reason - 1 ? vlen - i : sizeof r->reason - 1;
            memcpy(r->reason, v + i, rl);
            r->reason[rl] = '\0';
            r->status_given = true;
        }
    } else if (nlen == 8 && !strncasecmp(line, "Location", 8)) {
        size_t l = vlen < sizeof r->location - 1 ? vlen : sizeof r->location - 1;
        memcpy(r->location, v, l);
        r->location[l] = '\0';
    }
}

static void parse_headers(cgi_response *r, size_t block_len)
{
    const char *p = r->hdr, *end = r->hdr + block_len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t len = (size_t)(le - p);
        if (len > 0 && p[len - 1] == '\r')
            len--;
        if (len == 0)
            break;
        header_line(r, p, len);
        p = nl ? nl + 1 : end;
    }
    /* RFC 3875 6.2.3: a client redirect without Status is a 302. */
    if (!r->status_given && r->location[0])
        r->status = 302;
}

/* Finds the end of the header block in hdr[0..hlen): the offset just past
 * the empty line, or 0. */
static size_t header_end(const cgi_response *r, size_t from)
{
    for (size_t i = from; i < r->hlen; i++) {
        if (r->hdr[i] != '\n')
            continue;
        if (i + 1 < r->hlen && r->hdr[i + 1] == '\n')
            return i + 2;
        if (i + 2 < r->hlen && r->hdr[i + 1] == '\r' && r->hdr[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

int cgi_response_stdout(cgi_response *r, const void *data, size_t len)
{
    const char *p = data;
    if (r->headers_done)
        return emit_body(r, p, len);
    /* Re-scan a few octets before the new ones: the empty line may straddle. */
    size_t from = r->hlen >= 3 ? r->hlen - 3 : 0;
    size_t take = r->hcap - r->hlen < len ? r->hcap - r->hlen : len;
    memcpy(r->hdr + r->hlen, p, take);
    r->hlen += take;
    size_t end = header_end(r, from);
    if (end) {
        r->headers_done = true;
        parse_headers(r, end);
        if (r->include_headers && r->body_out && fwrite(r->hdr, 1, end, r->body_out) != end)
            return -1;
        if (emit_body(r, r->hdr + end, r->hlen - end) != 0)
            return -1;
        return emit_body(r, p + take, len - take);
    }
    if (r->hlen == r->hcap) {
        r->headers_done = true;
        r->headers_broken = true;
        if (emit_body(r, r->hdr, r->hlen) != 0)
            return -1;
        return emit_body(r, p + take, len - take);
    }
    return 0;
}

void cgi_response_stderr(cgi_response *r, const void *data, size_t len)
{
    r->stderr_len += len;
    if (r->err_out && len) {
        fwrite(data, 1, len, r->err_out);
        fflush(r->err_out);
        r->err_open_line = ((const char *)data)[len - 1] != '\n';
    }
    /* Search tail + new octets, then keep the new tail. */
    const char *p = data;
    while (len > 0) {
        size_t room = sizeof r->err_tail - r->err_tail_len;
        size_t take = len < room ? len : room;
        memcpy(r->err_tail + r->err_tail_len, p, take);
        r->err_tail_len += take;
        p += take;
        len -= take;
        for (size_t k = 0; k < NKNOWN; k++)
            if (known[k].where == 'e' &&
                memmem(r->err_tail, r->err_tail_len, known[k].text, strlen(known[k].text)))
                r->seen |= 1u << k;
        if (r->err_tail_len == sizeof r->err_tail) {
            size_t keep = 40; /* longer than any known message */
            memmove(r->err_tail, r->err_tail + r->err_tail_len - keep, keep);
            r->err_tail_len = keep;
        }
    }
}

void cgi_response_finish(cgi_response *r)
{
    if (!r->headers_done) {
        r->headers_done = true;
        if (r->hlen > 0) {
            r->headers_broken = true;
            emit_body(r, r->hdr, r->hlen);
        }
    }
    if (r->body_out)
        fflush(r->body_out);
    /* php-fpm's messages end without a newline; keep ours on their own line. */
    if (r->err_out && r->err_open_line) {
        fputc('\n', r->err_out);
        r->err_open_line = false;
    }
    for (size_t k = 0; k < NKNOWN; k++)
        if (known[k].where == 'b' && r->body_head_len >= strlen(known[k].text) &&
            !memcmp(r->body_head, known[k].text, strlen(known[k].text)))
            r->seen |= 1u << k;
}

const char *cgi_response_hint(const cgi_response *r)
{
    for (size_t k = 0; k < NKNOWN; k++)
        if (r->seen & (1u << k))
            return known[k].hint;
    return NULL;
}

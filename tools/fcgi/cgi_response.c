// SPDX-License-Identifier: MIT
/* cgi_response.c - see cgi_response.h. */
#include "cgi_response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void cgi_response_init(cgi_response *r, FILE *body_out, FILE *err_out, bool include_headers,
                       size_t header_max)
{
    memset(r, 0, sizeof *r);
    r->body_out = body_out;
    r->err_out = err_out;
    r->include_headers = include_headers;
    r->status = 200;
    r->hmax = header_max ? header_max : CGI_HEADER_MAX;
    fcgi_cgi_parser_init(&r->parser);
}

void cgi_response_reset(cgi_response *r)
{
    cgi_response keep = *r;
    cgi_response_init(r, keep.body_out, keep.err_out, keep.include_headers, keep.hmax);
    r->limit_hint = keep.limit_hint;
    r->body_max = keep.body_max;
    r->hdr = keep.hdr;
    r->hcap = keep.hcap;
}

void cgi_response_free(cgi_response *r)
{
    free(r->hdr);
    r->hdr = NULL;
    r->hcap = 0;
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

/* Body octets, within body_max: 0, -1 (writing failed) or -2 (over). */
static int body_part(cgi_response *r, const char *p, size_t n)
{
    if (r->body_max && n > r->body_max - r->body_len) {
        r->body_over = true;
        return -2;
    }
    return emit_body(r, p, n) != 0 ? -1 : 0;
}

/* Copies a span into a NUL-terminated field, cut to fit. */
static void copy_field(char *dst, size_t cap, fcgi_span v)
{
    size_t n = v.len < cap - 1 ? v.len : cap - 1;
    if (n)
        memcpy(dst, v.data, n);
    dst[n] = '\0';
}

/* The refused line, printable: other octets as \xHH, cut to fit. */
static void keep_bad_line(cgi_response *r, fcgi_span line)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0, cap = sizeof r->bad_line;
    for (size_t i = 0; i < line.len; i++) {
        unsigned char c = line.data[i];
        bool plain = c >= 0x20 && c < 0x7f && c != '\\';
        if (o + (plain ? 1 : 4) + 4 > cap) {
            memcpy(r->bad_line + o, "...", 3);
            o += 3;
            break;
        }
        if (plain) {
            r->bad_line[o++] = (char)c;
        } else {
            r->bad_line[o++] = '\\';
            r->bad_line[o++] = 'x';
            r->bad_line[o++] = hex[c >> 4];
            r->bad_line[o++] = hex[c & 15];
        }
    }
    r->bad_line[o] = '\0';
}

/* Room for `need` octets of header block (need <= hmax). */
static int reserve(cgi_response *r, size_t need)
{
    if (need <= r->hcap)
        return 0;
    size_t cap = r->hcap ? r->hcap : r->hmax < 1024 ? r->hmax : 1024;
    while (cap < need)
        cap = cap > r->hmax / 2 ? r->hmax : cap * 2;
    char *grown = realloc(r->hdr, cap);
    if (!grown)
        return -1;
    r->hdr = grown;
    r->hcap = cap;
    return 0;
}

int cgi_response_stdout(cgi_response *r, const void *data, size_t len)
{
    const char *p = data;
    r->stdout_seen = true;
    r->stdout_len += len;
    if (r->header_error != FCGI_OK || r->body_over)
        return -2;
    if (r->headers_done)
        return body_part(r, p, len);
    /* The parser never looks past hmax octets: gather no more than that. */
    size_t take = r->hmax - r->hlen < len ? r->hmax - r->hlen : len;
    if (reserve(r, r->hlen + take) != 0)
        return -1;
    if (take)
        memcpy(r->hdr + r->hlen, p, take);
    r->hlen += take;
    fcgi_cgi_response out;
    fcgi_status st = fcgi_cgi_parse(&r->parser, r->hdr, r->hlen, r->hmax, &out);
    if (st == FCGI_NEED_MORE)
        return 0;
    if (st != FCGI_OK) {
        r->header_error = st;
        if (st == FCGI_E_CGI_STATUS || st == FCGI_E_CGI_HEADER)
            keep_bad_line(r, out.line);
        return -2;
    }
    r->headers_done = true;
    r->status = (int)out.status;
    r->status_given = out.status_given;
    copy_field(r->reason, sizeof r->reason, out.reason);
    copy_field(r->location, sizeof r->location, out.location);
    if (r->include_headers && r->body_out &&
        fwrite(r->hdr, 1, out.header_len, r->body_out) != out.header_len)
        return -1;
    int w = body_part(r, r->hdr + out.header_len, r->hlen - out.header_len);
    return w != 0 ? w : body_part(r, p + take, len - take);
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
    if (!r->headers_done && r->header_error == FCGI_OK)
        r->header_error = FCGI_NEED_MORE;
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

const char *cgi_response_problem(const cgi_response *r, char *buf, size_t cap)
{
    switch (r->header_error) {
    case FCGI_OK:
        if (!r->body_over)
            return NULL;
        snprintf(buf, cap, "the body is larger than %llu octets, more than is read here",
                 (unsigned long long)r->body_max);
        break;
    case FCGI_E_CGI_HEADERS_TOO_LONG:
        snprintf(buf, cap, "the CGI header block is larger than %zu octets (no empty line "
                 "within them)%s", r->hmax, r->limit_hint ? r->limit_hint : "");
        break;
    case FCGI_E_CGI_STATUS:
        snprintf(buf, cap, "malformed CGI response: bad or repeated Status header '%s' (a "
                 "status is 3 digits, 100 to 999, given once)", r->bad_line);
        break;
    case FCGI_E_CGI_HEADER:
        snprintf(buf, cap, "malformed CGI response: '%s' is not a header line ('Name: value')",
                 r->bad_line);
        break;
    case FCGI_NEED_MORE:
        if (!r->stdout_seen)
            snprintf(buf, cap, "END_REQUEST without any FCGI_STDOUT: the response has no CGI "
                     "header block");
        else if (r->stdout_len == 0)
            snprintf(buf, cap, "FCGI_STDOUT is empty: the response has no CGI header block");
        else
            snprintf(buf, cap, "the response has no CGI header block (no empty line after the "
                     "headers in %llu octets of FCGI_STDOUT)",
                     (unsigned long long)r->stdout_len);
        break;
    default:
        snprintf(buf, cap, "the CGI header block could not be read: %s",
                 fcgi_strerror(r->header_error));
        break;
    }
    return buf;
}

const char *cgi_response_hint(const cgi_response *r)
{
    for (size_t k = 0; k < NKNOWN; k++)
        if (r->seen & (1u << k))
            return known[k].hint;
    return NULL;
}

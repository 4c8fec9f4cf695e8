// SPDX-License-Identifier: MIT
/* cgi.c - the CGI response header block (fcgi/cgi.h): one line checker
 * shared by the resumable parser and the iterator, so both accept exactly
 * the same lines. */
#include <string.h>

#include "fcgi/cgi.h"

/* RFC 7230 tchar: the octets a header name may hold. */
static bool is_tchar(uint8_t c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t';
}

/* Compares n octets with a lower-case ASCII word, ignoring case. */
static bool name_is(const uint8_t *p, size_t n, const char *word)
{
    size_t i;

    if (n != strlen(word))
        return false;
    for (i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (uint8_t)(c - 'A' + 'a');
        if (c != (uint8_t)word[i])
            return false;
    }
    return true;
}

/* Splits one line (line end removed, len > 0) into name and trimmed value.
 * FCGI_OK or FCGI_E_CGI_HEADER. */
static fcgi_status split_line(const uint8_t *line, size_t len, fcgi_cgi_header *out)
{
    size_t i = 0, v, e;

    while (i < len && is_tchar(line[i]))
        i++;
    if (i == 0 || i == len || line[i] != ':')
        return FCGI_E_CGI_HEADER;
    for (v = i + 1; v < len; v++)
        if ((line[v] < 0x20 && line[v] != '\t') || line[v] == 0x7f)
            return FCGI_E_CGI_HEADER;
    v = i + 1;
    while (v < len && is_space(line[v]))
        v++;
    e = len;
    while (e > v && is_space(line[e - 1]))
        e--;
    out->name.data = line;
    out->name.len = i;
    out->value.data = line + v;
    out->value.len = e - v;
    out->line_len = len;
    return FCGI_OK;
}

/* Reads a Status value: three digits 100..999, then the end or white space
 * and a reason phrase.  Returns the code, or 0 when the value is refused;
 * *reason receives the phrase's offset within the value. */
static unsigned status_code(const uint8_t *v, size_t len, size_t *reason)
{
    size_t r = 3;

    if (len < 3 || v[0] < '1' || v[0] > '9' || v[1] < '0' || v[1] > '9' || v[2] < '0' ||
        v[2] > '9')
        return 0;
    if (len > 3 && !is_space(v[3]))
        return 0;
    while (r < len && is_space(v[r]))
        r++;
    *reason = r;
    return (unsigned)(v[0] - '0') * 100 + (unsigned)(v[1] - '0') * 10 + (unsigned)(v[2] - '0');
}

void fcgi_cgi_parser_init(fcgi_cgi_parser *p)
{
    memset(p, 0, sizeof *p);
}

/* Fails p with a sticky error about the line at [at, at + len). */
static fcgi_status refuse(fcgi_cgi_parser *p, fcgi_status st, size_t at, size_t len)
{
    p->_error = st;
    p->_bad[0] = at;
    p->_bad[1] = len;
    return st;
}

/* Takes in one complete, non-empty line at offset `at` of b. */
static fcgi_status take_line(fcgi_cgi_parser *p, const uint8_t *b, size_t at, size_t len)
{
    fcgi_cgi_header h;
    size_t value_at, reason = 0;

    if (split_line(b + at, len, &h) != FCGI_OK)
        return refuse(p, FCGI_E_CGI_HEADER, at, len);
    value_at = (size_t)(h.value.data - b);
    p->_count++;
    if (name_is(h.name.data, h.name.len, "status")) {
        unsigned code = status_code(h.value.data, h.value.len, &reason);
        if (code == 0 || (p->_seen & 1u))
            return refuse(p, FCGI_E_CGI_STATUS, at, len);
        p->_seen |= 1u;
        p->_code = code;
        p->_status[0] = value_at;
        p->_status[1] = h.value.len;
        p->_reason[0] = value_at + reason;
        p->_reason[1] = h.value.len - reason;
    } else if (name_is(h.name.data, h.name.len, "content-type") && !(p->_seen & 2u)) {
        p->_seen |= 2u;
        p->_type[0] = value_at;
        p->_type[1] = h.value.len;
    } else if (name_is(h.name.data, h.name.len, "location") && !(p->_seen & 4u)) {
        p->_seen |= 4u;
        p->_location[0] = value_at;
        p->_location[1] = h.value.len;
    }
    return FCGI_OK;
}

/* A span of b at [at[0], at[0] + at[1]) when `present`, else {NULL, 0}. */
static fcgi_span span_at(const uint8_t *b, const size_t at[2], bool present)
{
    fcgi_span s = {NULL, 0};

    if (present) {
        s.data = b + at[0];
        s.len = at[1];
    }
    return s;
}

static void fill(const fcgi_cgi_parser *p, const uint8_t *b, fcgi_cgi_response *out)
{
    bool status = (p->_seen & 1u) != 0, location = (p->_seen & 4u) != 0;

    memset(out, 0, sizeof *out);
    out->header_len = p->_end;
    out->header_count = p->_count;
    out->status_given = status;
    out->status = status ? p->_code : location ? 302u : 200u;
    out->status_value = span_at(b, p->_status, status);
    out->reason = span_at(b, p->_reason, status);
    out->content_type = span_at(b, p->_type, (p->_seen & 2u) != 0);
    out->location = span_at(b, p->_location, location);
}

fcgi_status fcgi_cgi_parse(fcgi_cgi_parser *p, const void *buf, size_t len, size_t max,
                           fcgi_cgi_response *out)
{
    const uint8_t *b = buf;
    size_t limit = len < max ? len : max;

    if (p->_error != FCGI_OK) {
        if (p->_error == FCGI_E_CGI_STATUS || p->_error == FCGI_E_CGI_HEADER) {
            memset(out, 0, sizeof *out);
            out->line.data = b + p->_bad[0];
            out->line.len = p->_bad[1];
        }
        return p->_error;
    }
    if (max == 0 || (b == NULL && len > 0) || limit < p->_scanned)
        return FCGI_E_INVALID_ARGUMENT;
    if (p->_end != 0) {
        fill(p, b, out);
        return FCGI_OK;
    }
    while (p->_scanned < limit) {
        const uint8_t *nl = memchr(b + p->_scanned, '\n', limit - p->_scanned);
        size_t at = p->_line, end, n;
        fcgi_status st;

        if (nl == NULL) {
            p->_scanned = limit;
            break;
        }
        end = (size_t)(nl - b);
        p->_scanned = end + 1;
        p->_line = end + 1;
        n = end - at;
        if (n > 0 && b[end - 1] == '\r')
            n--;
        if (n == 0) {
            p->_end = end + 1;
            fill(p, b, out);
            return FCGI_OK;
        }
        st = take_line(p, b, at, n);
        if (st != FCGI_OK) {
            memset(out, 0, sizeof *out);
            out->line.data = b + at;
            out->line.len = n;
            return st;
        }
    }
    if (limit == max) {
        p->_error = FCGI_E_CGI_HEADERS_TOO_LONG;
        return p->_error;
    }
    return FCGI_NEED_MORE;
}

void fcgi_cgi_iter_init(fcgi_cgi_iter *it, const void *block, size_t len)
{
    it->_base = block;
    it->_pos = 0;
    it->_len = block == NULL ? 0 : len;
    it->_stop = FCGI_OK;
}

fcgi_status fcgi_cgi_next(fcgi_cgi_iter *it, fcgi_cgi_header *out)
{
    const uint8_t *nl;
    size_t at = it->_pos, n;

    if (it->_stop != FCGI_OK)
        return it->_stop;
    nl = at < it->_len ? memchr(it->_base + at, '\n', it->_len - at) : NULL;
    if (nl == NULL) {
        it->_stop = FCGI_E_CGI_HEADER;
        return it->_stop;
    }
    n = (size_t)(nl - it->_base) - at;
    if (n > 0 && it->_base[at + n - 1] == '\r')
        n--;
    if (n == 0) {
        it->_stop = FCGI_DONE;
        return FCGI_DONE;
    }
    if (split_line(it->_base + at, n, out) != FCGI_OK) {
        it->_stop = FCGI_E_CGI_HEADER;
        return it->_stop;
    }
    out->offset = at;
    it->_pos = (size_t)(nl - it->_base) + 1;
    return FCGI_OK;
}

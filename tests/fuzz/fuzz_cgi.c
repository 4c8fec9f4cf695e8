// SPDX-License-Identifier: MIT
/* fuzz_cgi - the CGI response header block parser (fcgi_cgi_parse) and
 * iterator (fcgi_cgi_next) on any octets.
 *
 * Input: [max, 2 octets big-endian; 0 means 65536] [split plan,
 * fuzz_common.h] [response octets ...].  The octets are gathered as a
 * client gathers STDOUT: after each piece, the parser is called on all of
 * them so far, in a new heap block of exactly that size (the buffer moves
 * every call, and any read past it is an ASan error).
 *
 * Properties:
 * - gathered piece by piece, the answer is the one a single call on the
 *   whole input gives: status, header length, count, spans, refused line;
 * - once a call answers something other than FCGI_NEED_MORE, every later
 *   call answers the same;
 * - FCGI_OK: header_len is where the first empty line of the input ends
 *   (found here by a plain scan), within max; spans lie inside the block;
 *   the status is 100..999, read from the Status value's three digits, or
 *   302 / 200 as Location says; the iterator yields header_count headers,
 *   then FCGI_DONE;
 * - FCGI_E_CGI_HEADERS_TOO_LONG: the input holds at least max octets and
 *   no empty line ends within them;
 * - FCGI_NEED_MORE: fewer than max octets and no empty line ends in them;
 * - every line before the first empty one passes the line rules restated
 *   here (ref_line_ok) when the answer is FCGI_OK, TOO_LONG or NEED_MORE;
 *   for the line errors, the refused line is the first one those rules
 *   refuse, whole and without its line end. */
#include <ctype.h>
#include <stdbool.h>
#include <strings.h>

#include "fcgi/fcgi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the first empty line ends ("\n" or "\r\n" at the start, or after
 * an LF), or 0 when there is none in x[0..n). */
static size_t first_block_end(const uint8_t *x, size_t n)
{
    size_t line = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != '\n')
            continue;
        if (i == line || (i == line + 1 && x[line] == '\r'))
            return i + 1;
        line = i + 1;
    }
    return 0;
}

/* The line rules of fcgi/cgi.h, restated: name of token octets, a colon,
 * a value without control octets but HT. */
static bool ref_line_ok(const uint8_t *l, size_t n, bool *is_status, bool *status_ok)
{
    static const char tchar[] = "!#$%&'*+-.^_`|~";
    size_t i = 0;
    while (i < n && (isalnum(l[i]) || (l[i] != 0 && strchr(tchar, l[i]) != NULL)))
        i++;
    if (i == 0 || i == n || l[i] != ':')
        return false;
    for (size_t k = i + 1; k < n; k++)
        if ((l[k] < 0x20 && l[k] != '\t') || l[k] == 0x7f)
            return false;
    *is_status = i == 6 && strncasecmp((const char *)l, "status", 6) == 0;
    size_t v = i + 1, e = n;
    while (v < e && (l[v] == ' ' || l[v] == '\t'))
        v++;
    while (e > v && (l[e - 1] == ' ' || l[e - 1] == '\t'))
        e--;
    *status_ok = e - v >= 3 && l[v] >= '1' && l[v] <= '9' && isdigit(l[v + 1]) &&
                 isdigit(l[v + 2]) && (e - v == 3 || l[v + 3] == ' ' || l[v + 3] == '\t');
    return true;
}

/* Walks the complete lines of x[0..n) up to the first empty one, with the
 * reference rules: the offset just past the first line they refuse (as a
 * header, or as a bad or second Status), or 0 when every line passes. */
static size_t ref_first_bad(const uint8_t *x, size_t n)
{
    size_t line = 0;
    int statuses = 0;
    for (size_t i = 0; i < n; i++) {
        if (x[i] != '\n')
            continue;
        size_t len = i - line;
        if (len > 0 && x[i - 1] == '\r')
            len--;
        if (len == 0)
            return 0;
        bool is_status = false, status_ok = false;
        if (!ref_line_ok(x + line, len, &is_status, &status_ok) ||
            (is_status && (!status_ok || statuses++ > 0)))
            return line + len;
        line = i + 1;
    }
    return 0;
}

static void check_inside(fcgi_span s, const uint8_t *b, size_t n)
{
    if (s.data != NULL)
        FUZZ_CHECK(s.data >= b && s.len <= n && s.data - b <= (ptrdiff_t)(n - s.len));
    else
        FUZZ_CHECK(s.len == 0);
}

static size_t off(fcgi_span s, const uint8_t *b)
{
    return s.data == NULL ? (size_t)-1 : (size_t)(s.data - b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    size_t max = fuzz_u16(&in);
    if (max == 0)
        max = 65536;
    fuzz_splits plan;
    fuzz_splits_take(&in, &plan);
    const uint8_t *x = in.p;
    const size_t n = in.left;

    /* The whole input at once. */
    uint8_t *whole = fuzz_dup(x, n);
    fcgi_cgi_parser p;
    fcgi_cgi_response rw;
    fcgi_cgi_parser_init(&p);
    const fcgi_status sw = fcgi_cgi_parse(&p, whole, n, max, &rw);

    const size_t seen = n < max ? n : max;
    const size_t end = first_block_end(x, seen);
    const size_t bad = ref_first_bad(x, seen);
    switch (sw) {
    case FCGI_OK: {
        FUZZ_CHECK(end != 0 && rw.header_len == end && bad == 0);
        const fcgi_span spans[] = {rw.status_value, rw.reason, rw.content_type, rw.location};
        for (size_t i = 0; i < 4; i++)
            check_inside(spans[i], whole, rw.header_len);
        FUZZ_CHECK(rw.status >= 100 && rw.status <= 999);
        if (rw.status_given) {
            const uint8_t *v = rw.status_value.data;
            FUZZ_CHECK(rw.status_value.len >= 3);
            FUZZ_CHECK(rw.status == (unsigned)(v[0] - '0') * 100 + (unsigned)(v[1] - '0') * 10 +
                                       (unsigned)(v[2] - '0'));
        } else {
            FUZZ_CHECK(rw.status == (rw.location.data != NULL ? 302u : 200u));
        }
        fcgi_cgi_iter it;
        fcgi_cgi_header h;
        size_t count = 0;
        fcgi_status st;
        fcgi_cgi_iter_init(&it, whole, rw.header_len);
        while ((st = fcgi_cgi_next(&it, &h)) == FCGI_OK) {
            check_inside(h.name, whole, rw.header_len);
            check_inside(h.value, whole, rw.header_len);
            FUZZ_CHECK(h.name.len > 0 && h.offset + h.line_len < rw.header_len);
            count++;
        }
        FUZZ_CHECK(st == FCGI_DONE && count == rw.header_count);
        break;
    }
    case FCGI_E_CGI_HEADERS_TOO_LONG:
        FUZZ_CHECK(n >= max && end == 0 && bad == 0);
        break;
    case FCGI_NEED_MORE:
        FUZZ_CHECK(n < max && end == 0 && bad == 0);
        break;
    case FCGI_E_CGI_STATUS:
    case FCGI_E_CGI_HEADER:
        /* The first line the reference refuses, whole, without its end. */
        check_inside(rw.line, whole, seen);
        FUZZ_CHECK(bad != 0 && off(rw.line, whole) + rw.line.len == bad);
        FUZZ_CHECK(rw.line.len == 0 || rw.line.data[rw.line.len - 1] != '\r' ||
                   whole[bad] != '\n');
        FUZZ_CHECK(end == 0 || bad < end);
        break;
    default:
        FUZZ_CHECK(!"unexpected status");
    }

    /* Gathered piece by piece. */
    fcgi_cgi_parser_init(&p);
    fcgi_status last = FCGI_NEED_MORE;
    fcgi_cgi_response rp;
    uint8_t *g = NULL;
    size_t have = 0;
    bool any = false;
    while (have < n || !any) {
        any = true;
        have += fuzz_splits_next(&plan, n - have);
        free(g);
        g = fuzz_dup(x, have);
        fcgi_status st = fcgi_cgi_parse(&p, g, have, max, &rp);
        if (last != FCGI_NEED_MORE)
            FUZZ_CHECK(st == last);
        last = st;
    }
    FUZZ_CHECK(last == sw);
    if (sw == FCGI_OK) {
        FUZZ_CHECK(rp.header_len == rw.header_len && rp.header_count == rw.header_count);
        FUZZ_CHECK(rp.status == rw.status && rp.status_given == rw.status_given);
        FUZZ_CHECK(off(rp.status_value, g) == off(rw.status_value, whole));
        FUZZ_CHECK(off(rp.reason, g) == off(rw.reason, whole) && rp.reason.len == rw.reason.len);
        FUZZ_CHECK(off(rp.content_type, g) == off(rw.content_type, whole));
        FUZZ_CHECK(rp.content_type.len == rw.content_type.len);
        FUZZ_CHECK(off(rp.location, g) == off(rw.location, whole));
        FUZZ_CHECK(rp.location.len == rw.location.len);
    } else if (sw == FCGI_E_CGI_STATUS || sw == FCGI_E_CGI_HEADER) {
        FUZZ_CHECK(off(rp.line, g) == off(rw.line, whole) && rp.line.len == rw.line.len);
    }
    free(g);
    free(whole);
    return 0;
}

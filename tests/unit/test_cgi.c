// SPDX-License-Identifier: MIT
/* test_cgi.c - the CGI response header block parser and iterator
 * (codec/src/cgi.c).  Every vector is read whole, as every prefix in turn
 * with the same parser (the buffer moving each time), and split in two at
 * every point; every buffer ends against a guard page, so an over-read
 * crashes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fcgi/cgi.h"
#include "guard.h"

typedef struct vec {
    const char *in;
    size_t len;
    fcgi_status st;      /* with the whole input and a large max */
    size_t header_len;
    unsigned status;
    bool given;
    const char *reason;  /* NULL: absent */
    const char *type;
    const char *location;
    size_t count;
    const char *line;    /* the refused line, for the two line errors */
    size_t line_len;
} vec;

#define IN(s) s, sizeof(s) - 1
#define OK(s, hl, code, given, reason, type, loc, count) \
    {IN(s), FCGI_OK, hl, code, given, reason, type, loc, count, NULL, 0}
#define BAD(s, st, line) {IN(s), st, 0, 0, false, NULL, NULL, NULL, 0, IN(line)}
#define MORE(s) {IN(s), FCGI_NEED_MORE, 0, 0, false, NULL, NULL, NULL, 0, NULL, 0}

static const vec vectors[] = {
    /* Accepted blocks. */
    OK("Status: 200 OK\r\nContent-Type: text/html\r\n\r\nbody", 43, 200, true, "OK",
       "text/html", NULL, 2),
    OK("Content-type: text/plain\n\nx", 26, 200, false, NULL, "text/plain", NULL, 1),
    OK("X-Powered-By: PHP/8.2.36\r\nContent-type: text/html; charset=UTF-8\r\n\r\nHello",
       68, 200, false, NULL, "text/html; charset=UTF-8", NULL, 2),
    OK("Location: http://example.com/\r\n\r\n", 33, 302, false, NULL, NULL,
       "http://example.com/", 1),
    OK("Location: /local\nStatus: 301 Moved Permanently\n\n", 48, 301, true,
       "Moved Permanently", NULL, "/local", 2),
    OK("Status: 404\r\n\r\n", 15, 404, true, "", NULL, NULL, 1),
    OK("Status:404 Not Found\n\n", 22, 404, true, "Not Found", NULL, NULL, 1),
    OK("Status: 100\n\n", 13, 100, true, "", NULL, NULL, 1),
    OK("Status: 999 Custom\n\n", 20, 999, true, "Custom", NULL, NULL, 1),
    OK("Status: 200 \t\r\n\r\n", 17, 200, true, "", NULL, NULL, 1),
    OK("Status: 200\tFine  \n\n", 20, 200, true, "Fine", NULL, NULL, 1),
    OK("STATUS: 503 Busy\nCONTENT-TYPE: a/b\nLOCATION: /x\n\n", 49, 503, true, "Busy", "a/b",
       "/x", 3),
    OK("\r\nbody", 2, 200, false, NULL, NULL, NULL, 0),
    OK("\nbody", 1, 200, false, NULL, NULL, NULL, 0),
    OK("X: \n\n", 5, 200, false, NULL, NULL, NULL, 1),
    OK("Content-Type:\n\n", 15, 200, false, NULL, "", NULL, 1),
    OK("X-Odd!#$%&'*+-.^_`|~9: v\n\n", 26, 200, false, NULL, NULL, NULL, 1),
    OK("Content-Type: a\nContent-Type: b\nLocation: 1\nLocation: 2\n\n", 57, 302, false,
       NULL, "a", "1", 4),
    OK("X: caf\xc3\xa9\n\n", 10, 200, false, NULL, NULL, NULL, 1),
    OK("A: 1\r\nB: 2\n\r\n", 13, 200, false, NULL, NULL, NULL, 2),
    OK("A: 1\n\r\nrest\n\n", 7, 200, false, NULL, NULL, NULL, 1),

    /* Status values web servers refuse. */
    BAD("Status: abc\r\n\r\n", FCGI_E_CGI_STATUS, "Status: abc"),
    BAD("Status: -1\n\n", FCGI_E_CGI_STATUS, "Status: -1"),
    BAD("Status: \n\n", FCGI_E_CGI_STATUS, "Status: "),
    BAD("Status:\n\n", FCGI_E_CGI_STATUS, "Status:"),
    BAD("Status: 0\n\n", FCGI_E_CGI_STATUS, "Status: 0"),
    BAD("Status: 042\n\n", FCGI_E_CGI_STATUS, "Status: 042"),
    BAD("Status: 20x\n\n", FCGI_E_CGI_STATUS, "Status: 20x"),
    BAD("Status: 2000\n\n", FCGI_E_CGI_STATUS, "Status: 2000"),
    BAD("Status: 200OK\n\n", FCGI_E_CGI_STATUS, "Status: 200OK"),
    BAD("Status: 99 Low\n\n", FCGI_E_CGI_STATUS, "Status: 99 Low"),
    BAD("Status: +200\n\n", FCGI_E_CGI_STATUS, "Status: +200"),
    BAD("Content-Type: a\r\nStatus: 200\r\nstatus: 201\r\n\r\n", FCGI_E_CGI_STATUS,
        "status: 201"),
    /* Known at the end of the line, before the block ends. */
    BAD("Status: abc\r\n", FCGI_E_CGI_STATUS, "Status: abc"),

    /* Lines that are not headers. */
    BAD("just a body\nmore", FCGI_E_CGI_HEADER, "just a body"),
    BAD("HTTP/1.1 200 OK\r\n\r\n", FCGI_E_CGI_HEADER, "HTTP/1.1 200 OK"),
    BAD(": no name\n\n", FCGI_E_CGI_HEADER, ": no name"),
    BAD("Bad Name: x\n\n", FCGI_E_CGI_HEADER, "Bad Name: x"),
    BAD("Name : x\n\n", FCGI_E_CGI_HEADER, "Name : x"),
    BAD("NoColon\n\n", FCGI_E_CGI_HEADER, "NoColon"),
    BAD(" Folded: x\n\n", FCGI_E_CGI_HEADER, " Folded: x"),
    BAD("A: 1\r\n\tcontinued\r\n\r\n", FCGI_E_CGI_HEADER, "\tcontinued"),
    BAD("X: a\0b\n\n", FCGI_E_CGI_HEADER, "X: a\0b"),
    BAD("X: a\rb\n\n", FCGI_E_CGI_HEADER, "X: a\rb"),
    BAD("X: a\r\r\n\r\n", FCGI_E_CGI_HEADER, "X: a\r"),
    BAD("X: \x7f\n\n", FCGI_E_CGI_HEADER, "X: \x7f"),
    BAD("X: \x1b[31m\n\n", FCGI_E_CGI_HEADER, "X: \x1b[31m"),
    BAD("N\xc3\xa4me: v\n\n", FCGI_E_CGI_HEADER, "N\xc3\xa4me: v"),

    /* No block (yet). */
    MORE(""),
    MORE("just a body, no headers"),
    MORE("Status: 200\r\n"),
    MORE("Status: 200\r\n\r"),
    MORE("Content-Type: text/plain\r\nX: 1"),
};
#define NVEC (sizeof vectors / sizeof vectors[0])

static bool span_is(fcgi_span s, const char *want)
{
    if (want == NULL)
        return s.data == NULL && s.len == 0;
    return s.data != NULL && s.len == strlen(want) && memcmp(s.data, want, s.len) == 0;
}

/* Checks a result against v; buf is the buffer the spans must point into. */
static void check(const vec *v, fcgi_status st, const fcgi_cgi_response *r, const uint8_t *buf,
                  size_t len)
{
    assert_int_equal(st, v->st);
    if (st == FCGI_OK) {
        assert_int_equal(r->header_len, v->header_len);
        assert_int_equal(r->status, v->status);
        assert_int_equal(r->status_given, v->given);
        assert_int_equal(r->header_count, v->count);
        assert_true(span_is(r->reason, v->reason));
        assert_true(span_is(r->content_type, v->type));
        assert_true(span_is(r->location, v->location));
        const fcgi_span spans[] = {r->status_value, r->reason, r->content_type, r->location};
        for (size_t i = 0; i < 4; i++)
            if (spans[i].data != NULL)
                assert_true(spans[i].data >= buf && spans[i].data + spans[i].len <= buf + len);
    } else if (st == FCGI_E_CGI_STATUS || st == FCGI_E_CGI_HEADER) {
        assert_int_equal(r->line.len, v->line_len);
        assert_memory_equal(r->line.data, v->line, r->line.len);
        assert_true(r->line.data >= buf && r->line.data + r->line.len <= buf + len);
    }
}

static void test_whole(void **state)
{
    (void)state;
    for (size_t i = 0; i < NVEC; i++) {
        const vec *v = &vectors[i];
        uint8_t *g = guard_copy(v->in, v->len);
        fcgi_cgi_parser p;
        fcgi_cgi_response r;
        fcgi_cgi_parser_init(&p);
        memset(&r, 0x5A, sizeof r);
        fcgi_status st = fcgi_cgi_parse(&p, g, v->len, 1 << 20, &r);
        check(v, st, &r, g, v->len);
        /* Asking again gives the same answer (sticky or complete). */
        if (st != FCGI_NEED_MORE) {
            st = fcgi_cgi_parse(&p, g, v->len, 1 << 20, &r);
            check(v, st, &r, g, v->len);
        }
        guard_free(g, v->len);
    }
}

/* Every prefix in turn, each in a new guarded buffer: NEED_MORE until the
 * answer is known, then the whole input's answer from there on. */
static void test_every_prefix(void **state)
{
    (void)state;
    for (size_t i = 0; i < NVEC; i++) {
        const vec *v = &vectors[i];
        fcgi_cgi_parser p;
        fcgi_cgi_parser_init(&p);
        fcgi_status last = FCGI_NEED_MORE;
        for (size_t k = 0; k <= v->len; k++) {
            uint8_t *g = guard_copy(v->in, k);
            fcgi_cgi_response r;
            fcgi_status st = fcgi_cgi_parse(&p, g, k, 1 << 20, &r);
            if (last != FCGI_NEED_MORE)
                assert_int_equal(st, last);
            if (st != FCGI_NEED_MORE && k == v->len)
                check(v, st, &r, g, k);
            if (k == v->len)
                assert_int_equal(st, v->st);
            last = st;
            guard_free(g, k);
        }
    }
}

/* Two calls: the first i octets, then all of them. */
static void test_every_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < NVEC; i++) {
        const vec *v = &vectors[i];
        for (size_t cut = 0; cut <= v->len; cut++) {
            fcgi_cgi_parser p;
            fcgi_cgi_response r;
            fcgi_cgi_parser_init(&p);
            uint8_t *a = guard_copy(v->in, cut);
            fcgi_cgi_parse(&p, a, cut, 1 << 20, &r);
            guard_free(a, cut);
            uint8_t *g = guard_copy(v->in, v->len);
            fcgi_status st = fcgi_cgi_parse(&p, g, v->len, 1 << 20, &r);
            check(v, st, &r, g, v->len);
            guard_free(g, v->len);
        }
    }
}

/* The block may be at most max octets, empty line included. */
static void test_limit(void **state)
{
    (void)state;
    static const char block[] = "A: 1\r\n\r\nbody";
    const size_t hl = 8;
    for (size_t max = 1; max <= 12; max++) {
        for (size_t len = 0; len <= sizeof block - 1; len++) {
            fcgi_cgi_parser p;
            fcgi_cgi_response r;
            fcgi_cgi_parser_init(&p);
            uint8_t *g = guard_copy(block, len);
            fcgi_status st = fcgi_cgi_parse(&p, g, len, max, &r);
            fcgi_status want = len >= hl && max >= hl ? FCGI_OK
                               : len >= max           ? FCGI_E_CGI_HEADERS_TOO_LONG
                                                      : FCGI_NEED_MORE;
            assert_int_equal(st, want);
            if (st == FCGI_OK)
                assert_int_equal(r.header_len, hl);
            guard_free(g, len);
        }
    }

    /* Endless header lines, gathered 1000 octets at a time: refused at the
     * first call that holds max octets, and from then on. */
    size_t total = 200000, max = 65536;
    char *endless = malloc(total);
    assert_non_null(endless);
    for (size_t i = 0; i < total; i += 10)
        memcpy(endless + i, "X-Y: 123\r\n", 10);
    fcgi_cgi_parser p;
    fcgi_cgi_parser_init(&p);
    for (size_t len = 1000; len <= total; len += 1000) {
        fcgi_cgi_response r;
        fcgi_status st = fcgi_cgi_parse(&p, endless, len, max, &r);
        assert_int_equal(st, len >= max ? FCGI_E_CGI_HEADERS_TOO_LONG : FCGI_NEED_MORE);
    }
    /* One line of 1 MB that does end, then an empty line: too long too. */
    fcgi_cgi_parser_init(&p);
    memset(endless, 'a', total);
    memcpy(endless, "X-Long: ", 8);
    memcpy(endless + total - 4, "\r\n\r\n", 4);
    fcgi_cgi_response r;
    assert_int_equal(fcgi_cgi_parse(&p, endless, total, max, &r), FCGI_E_CGI_HEADERS_TOO_LONG);
    fcgi_cgi_parser_init(&p);
    assert_int_equal(fcgi_cgi_parse(&p, endless, total, total, &r), FCGI_OK);
    assert_int_equal(r.header_len, total);
    assert_int_equal(r.header_count, 1);
    free(endless);
}

static void test_arguments(void **state)
{
    (void)state;
    fcgi_cgi_parser p;
    fcgi_cgi_response r;
    fcgi_cgi_parser_init(&p);
    assert_int_equal(fcgi_cgi_parse(&p, "X: 1\n", 5, 0, &r), FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_cgi_parse(&p, NULL, 3, 100, &r), FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_cgi_parse(&p, NULL, 0, 100, &r), FCGI_NEED_MORE);
    assert_int_equal(fcgi_cgi_parse(&p, "X: 1\n", 5, 100, &r), FCGI_NEED_MORE);
    /* Shrinking below what was examined. */
    assert_int_equal(fcgi_cgi_parse(&p, "X: 1\n", 4, 100, &r), FCGI_E_INVALID_ARGUMENT);
    assert_int_equal(fcgi_cgi_parse(&p, "X: 1\n\n", 6, 100, &r), FCGI_OK);
    /* A sticky error stays until init. */
    fcgi_cgi_parser_init(&p);
    assert_int_equal(fcgi_cgi_parse(&p, "Status: x\n", 10, 100, &r), FCGI_E_CGI_STATUS);
    assert_int_equal(fcgi_cgi_parse(&p, "Status: x\n\n", 11, 100, &r), FCGI_E_CGI_STATUS);
    assert_true(span_is(r.line, "Status: x"));
    fcgi_cgi_parser_init(&p);
    assert_int_equal(fcgi_cgi_parse(&p, "X: 1\n\n", 6, 100, &r), FCGI_OK);
}

/* The iterator yields each header of every accepted vector: names,
 * trimmed values and offsets; as many as the parser counted. */
static void test_iterator(void **state)
{
    (void)state;
    for (size_t i = 0; i < NVEC; i++) {
        const vec *v = &vectors[i];
        if (v->st != FCGI_OK)
            continue;
        uint8_t *g = guard_copy(v->in, v->header_len);
        fcgi_cgi_iter it;
        fcgi_cgi_header h;
        size_t n = 0, pos = 0;
        fcgi_cgi_iter_init(&it, g, v->header_len);
        fcgi_status st;
        while ((st = fcgi_cgi_next(&it, &h)) == FCGI_OK) {
            assert_int_equal(h.offset, pos);
            assert_ptr_equal(h.name.data, g + pos);
            const uint8_t *colon = memchr(g + pos, ':', h.line_len);
            assert_non_null(colon);
            assert_int_equal(h.name.len, (size_t)(colon - (g + pos)));
            assert_true(h.value.data > colon && h.value.data + h.value.len <= g + pos + h.line_len);
            if (h.value.len > 0) {
                assert_true(h.value.data[0] != ' ' && h.value.data[0] != '\t');
                assert_true(h.value.data[h.value.len - 1] != ' ');
            }
            pos += h.line_len + 1 + (g[pos + h.line_len] == '\r');
            n++;
        }
        assert_int_equal(st, FCGI_DONE);
        assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_DONE);
        assert_int_equal(n, v->count);
        assert_int_equal(pos + 1 + (g[pos] == '\r'), v->header_len);
        guard_free(g, v->header_len);
    }

    /* One known block, header by header. */
    static const char php[] = "X-Powered-By: PHP/8.2\r\nContent-type:  text/html \r\n\r\n";
    fcgi_cgi_iter it;
    fcgi_cgi_header h;
    fcgi_cgi_iter_init(&it, php, sizeof php - 1);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_OK);
    assert_true(span_is(h.name, "X-Powered-By") && span_is(h.value, "PHP/8.2"));
    assert_int_equal(h.offset, 0);
    assert_int_equal(h.line_len, 21);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_OK);
    assert_true(span_is(h.name, "Content-type") && span_is(h.value, "text/html"));
    assert_int_equal(h.offset, 23);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_DONE);

    /* Bad and unterminated lines stop it, for good. */
    fcgi_cgi_iter_init(&it, "A: 1\nbad line\n\n", 15);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_OK);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_E_CGI_HEADER);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_E_CGI_HEADER);
    fcgi_cgi_iter_init(&it, "A: 1\nB: 2", 9);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_OK);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_E_CGI_HEADER);
    fcgi_cgi_iter_init(&it, NULL, 5);
    assert_int_equal(fcgi_cgi_next(&it, &h), FCGI_E_CGI_HEADER);
}

/* Random blocks of good and bad lines: byte-by-byte gathering gives the
 * answer reading them whole gives, and the iterator agrees with the count. */
static void test_random_lines(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "Status: 200 OK\r\n", "Status: 20x\r\n", "Content-Type: a/b\n", "Location: /z\r\n",
        "X: y\n", "bad\n", "\r\n", "\n", "Y:\t v \r\n", " fold\n", "Q: \0\n", "\r",
    };
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char in[256];
        size_t len = 0;
        int n = (int)(seed % 7);
        for (int k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(piece) + (strcmp(piece, "Q: ") == 0 ? 2 : 0);
            memcpy(in + len, piece, pl);
            len += pl;
        }
        seed = seed * 1103515245u + 12345u;
        fcgi_cgi_parser whole, drip;
        fcgi_cgi_response rw, rd;
        fcgi_cgi_parser_init(&whole);
        fcgi_cgi_parser_init(&drip);
        uint8_t *g = guard_copy(in, len);
        fcgi_status sw = fcgi_cgi_parse(&whole, g, len, 1 << 20, &rw), sd = FCGI_NEED_MORE;
        for (size_t k = 0; k <= len; k++)
            sd = fcgi_cgi_parse(&drip, g, k, 1 << 20, &rd);
        assert_int_equal(sw, sd);
        if (sw == FCGI_OK) {
            assert_int_equal(rw.header_len, rd.header_len);
            assert_int_equal(rw.status, rd.status);
            assert_int_equal(rw.header_count, rd.header_count);
            fcgi_cgi_iter it;
            fcgi_cgi_header h;
            size_t count = 0;
            fcgi_cgi_iter_init(&it, g, rw.header_len);
            while (fcgi_cgi_next(&it, &h) == FCGI_OK)
                count++;
            assert_int_equal(count, rw.header_count);
        } else if (sw != FCGI_NEED_MORE) {
            assert_int_equal(rw.line.len, rd.line.len);
            assert_ptr_equal(rw.line.data, rd.line.data);
        }
        guard_free(g, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole),
        cmocka_unit_test(test_every_prefix),
        cmocka_unit_test(test_every_split),
        cmocka_unit_test(test_limit),
        cmocka_unit_test(test_arguments),
        cmocka_unit_test(test_iterator),
        cmocka_unit_test(test_random_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

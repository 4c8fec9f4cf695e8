// SPDX-License-Identifier: MIT
/* fuzz_cgi_response - the fcgi tool's response handling (tools/fcgi/
 * cgi_response.c) on any record stream, fed as the tool feeds it: the
 * incremental parser splits records, STDOUT and STDERR contents go to
 * cgi_response_stdout() / cgi_response_stderr().
 *
 * Input: [options] [record stream ...]; options bit 7 = include headers
 * (-i), bits 0-6 = header block cap (0: the default).
 *
 * Properties:
 * - when the header block is accepted, the output with -i is every STDOUT
 *   octet in order, nothing else; without it, STDOUT less the header
 *   block, and body_len is its length; when the block is refused or never
 *   ends, nothing at all is written and the problem is named;
 * - stderr_len counts every STDERR octet;
 * - the outcome (status, reason, location, header error and refused line,
 *   hint, body) does not depend on how STDOUT was cut into records:
 *   feeding the whole STDOUT in one call gives the same. */
#include <stdio.h>

#include "cgi_response.h"
#include "fcgi/fcgi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct outcome {
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
    cgi_response r;
} outcome;

static void open_outcome(outcome *o, bool include_headers, size_t hcap)
{
    FILE *bo = open_memstream(&o->out, &o->out_len);
    FILE *eo = open_memstream(&o->err, &o->err_len);
    FUZZ_CHECK(bo != NULL && eo != NULL);
    cgi_response_init(&o->r, bo, eo, include_headers, hcap);
}

static void close_outcome(outcome *o)
{
    cgi_response_finish(&o->r);
    fclose(o->r.body_out);
    fclose(o->r.err_out);
}

static void free_outcome(outcome *o)
{
    cgi_response_free(&o->r);
    free(o->out);
    free(o->err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    const uint8_t opt = fuzz_u8(&in);
    const bool include_headers = (opt & 0x80) != 0;
    const size_t hcap = opt & 0x7f;
    uint8_t *x = fuzz_dup(in.p, in.left);
    const size_t n = in.left;

    /* All of STDOUT and STDERR, concatenated, for the comparisons. */
    uint8_t *all_out = malloc(n + 1), *all_err = malloc(n + 1);
    size_t out_n = 0, err_n = 0;
    FUZZ_CHECK(all_out && all_err);

    outcome a;
    open_outcome(&a, include_headers, hcap);
    fcgi_parser p;
    fcgi_parser_init(&p);
    size_t off = 0;
    while (off < n) {
        size_t used;
        fcgi_chunk c;
        fcgi_status st = fcgi_parser_feed(&p, x + off, n - off, &used, &c);
        off += used;
        if (st != FCGI_OK)
            break;
        if (c.header.type == FCGI_STDOUT) {
            int w = cgi_response_stdout(&a.r, c.content.data, c.content.len);
            FUZZ_CHECK(w == 0 || (w == -2 && a.r.header_error != FCGI_OK));
            if (c.content.len)
                memcpy(all_out + out_n, c.content.data, c.content.len);
            out_n += c.content.len;
        } else if (c.header.type == FCGI_STDERR) {
            cgi_response_stderr(&a.r, c.content.data, c.content.len);
            if (c.content.len)
                memcpy(all_err + err_n, c.content.data, c.content.len);
            err_n += c.content.len;
        }
    }
    close_outcome(&a);

    FUZZ_CHECK(a.r.stderr_len == err_n);
    FUZZ_CHECK(a.err_len == err_n || (a.err_len == err_n + 1 && a.err[err_n] == '\n'));
    FUZZ_CHECK(fuzz_span_eq(a.err, err_n, all_err, err_n));
    char why[320];
    if (a.r.header_error != FCGI_OK) {
        FUZZ_CHECK(a.out_len == 0 && a.r.body_len == 0 && !a.r.headers_done);
        FUZZ_CHECK(cgi_response_problem(&a.r, why, sizeof why) == why && why[0] != '\0');
    } else if (include_headers) {
        FUZZ_CHECK(a.r.headers_done && cgi_response_problem(&a.r, why, sizeof why) == NULL);
        FUZZ_CHECK(fuzz_span_eq(a.out, a.out_len, all_out, out_n));
    } else {
        FUZZ_CHECK(a.out_len == a.r.body_len && a.out_len < out_n);
        FUZZ_CHECK(fuzz_span_eq(a.out, a.out_len, all_out + (out_n - a.out_len), a.out_len));
    }
    FUZZ_CHECK(a.r.status >= 100 && a.r.status <= 999);
    FUZZ_CHECK(a.r.stdout_len == out_n);

    /* The same STDOUT and STDERR in one call each. */
    outcome b;
    open_outcome(&b, include_headers, hcap);
    FUZZ_CHECK(cgi_response_stdout(&b.r, all_out, out_n) == (a.r.header_error == FCGI_OK ||
                                                              a.r.header_error == FCGI_NEED_MORE
                                                          ? 0
                                                          : -2));
    cgi_response_stderr(&b.r, all_err, err_n);
    close_outcome(&b);
    FUZZ_CHECK(fuzz_span_eq(a.out, a.out_len, b.out, b.out_len));
    FUZZ_CHECK(a.r.status == b.r.status && a.r.status_given == b.r.status_given);
    FUZZ_CHECK(strcmp(a.r.reason, b.r.reason) == 0 && strcmp(a.r.location, b.r.location) == 0);
    FUZZ_CHECK(a.r.header_error == b.r.header_error && a.r.body_len == b.r.body_len);
    FUZZ_CHECK(strcmp(a.r.bad_line, b.r.bad_line) == 0);
    FUZZ_CHECK(cgi_response_hint(&a.r) == cgi_response_hint(&b.r));

    free_outcome(&a);
    free_outcome(&b);
    free(all_out);
    free(all_err);
    free(x);
    return 0;
}

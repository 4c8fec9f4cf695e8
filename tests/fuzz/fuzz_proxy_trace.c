// SPDX-License-Identifier: MIT
/* fuzz_proxy_trace - the fcgi proxy's record trace (tools/fcgi/
 * proxy_trace.c) on any byte stream, fed in pieces the fuzzer chooses
 * (split plan in front, fuzz_common.h).
 *
 * Properties:
 * - the trace does not depend on how the stream was cut: fed in pieces
 *   or in one call, the lines are the same;
 * - one line per complete record, in order, each exactly
 *   fcgi_dump_record_body() of that record (a walk with fcgi_parse_header
 *   finds them); then nothing when the stream ends between records, one
 *   "stream ended inside" line when it ends inside one, or one
 *   "{Malformed FCGI_Record} at stream offset N:" line at a bad version. */
#include <inttypes.h>

#include "fcgi/fcgi.h"
#include "fuzz_common.h"
#include "proxy_trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines collected, each followed by '\n'. */
typedef struct lines {
    char *s;
    size_t len, cap;
} lines;

static void add_line(void *ctx, const char *line)
{
    lines *l = ctx;
    size_t n = strlen(line);
    if (l->len + n + 1 > l->cap) {
        l->cap = (l->len + n + 1) * 2;
        l->s = realloc(l->s, l->cap);
        FUZZ_CHECK(l->s != NULL);
    }
    memcpy(l->s + l->len, line, n);
    l->s[l->len + n] = '\n';
    l->len += n + 1;
}

static void trace(const uint8_t *x, size_t n, fuzz_splits *plan, lines *out)
{
    proxy_trace t;
    proxy_trace_init(&t, add_line, out);
    size_t fed = 0;
    do {
        const size_t k = plan ? fuzz_splits_next(plan, n - fed) : n;
        uint8_t *piece = fuzz_dup(x + fed, k);
        FUZZ_CHECK(proxy_trace_feed(&t, piece, k) == 0);
        free(piece);
        fed += k;
    } while (fed < n);
    proxy_trace_end(&t);
    proxy_trace_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    fuzz_splits plan;
    fuzz_splits_take(&in, &plan);
    const uint8_t *x = in.p;
    const size_t n = in.left;

    lines split = {0}, whole = {0}, want = {0};
    trace(x, n, &plan, &split);
    trace(x, n, NULL, &whole);
    FUZZ_CHECK(fuzz_span_eq(split.s, split.len, whole.s, whole.len));

    /* The records a whole-buffer walk finds, dumped. */
    size_t off = 0;
    fcgi_header h;
    fcgi_status st = FCGI_OK;
    while (off < n && (st = fcgi_parse_header(x + off, n - off, &h)) == FCGI_OK) {
        const size_t rlen = fcgi_get_record_length(x + off, n - off);
        if (n - off < rlen)
            break;
        char line[FCGI_DUMP_MAX];
        size_t ll;
        FUZZ_CHECK(fcgi_dump_record_body(line, sizeof line, h.type, h.request_id, x + off + 8,
                                         h.content_length, &ll) == FCGI_OK);
        add_line(&want, line);
        off += rlen;
    }
    FUZZ_CHECK(whole.len >= want.len && fuzz_span_eq(whole.s, want.len, want.s, want.len));
    const char *rest = whole.s ? whole.s + want.len : "";
    const size_t rest_len = whole.len - want.len;
    if (off == n) {
        FUZZ_CHECK(rest_len == 0);
    } else if (st == FCGI_E_VERSION) {
        char head[96];
        int hl = snprintf(head, sizeof head, "{Malformed FCGI_Record} at stream offset %zu:", off);
        FUZZ_CHECK(rest_len > (size_t)hl && memcmp(rest, head, (size_t)hl) == 0);
        FUZZ_CHECK(memchr(rest, '\n', rest_len) == rest + rest_len - 1);
    } else {
        const char *head = "stream ended inside the record";
        FUZZ_CHECK(rest_len > strlen(head) && memcmp(rest, head, strlen(head)) == 0);
        FUZZ_CHECK(memchr(rest, '\n', rest_len) == rest + rest_len - 1);
    }
    free(split.s);
    free(whole.s);
    free(want.s);
    return 0;
}

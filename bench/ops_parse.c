// SPDX-License-Identifier: MIT
/* Parsing and framing: the codec's incremental API, and a plain loop. */
#include "ops.h"

#include <string.h>

#include <fcgi/constant.h>
#include <fcgi/parser_inline.h>

#include "measure.h"

/* Large enough for any pair of the typical request; a pair split across
 * 1460-octet pieces is assembled here. */
enum { SCRATCH_LEN = 4096 };

/* The consumer's work for one pair, identical in the codec loop and the
 * plain loop: both keep their counts in locals (registers) and store them
 * into the tally once per pass, so the comparison measures the parsing,
 * not the bookkeeping. */
static inline uint64_t pair_sum(size_t name_len, size_t value_len, const uint8_t *name)
{
    return (uint64_t)name_len * 31u + value_len + (name_len ? name[0] : 0u);
}

/* Runs `once` iters times; the checksums are summed so that no pass can be
 * optimised away.  Inlined into each caller with `once` known. */
static inline uint64_t repeat(void (*once)(const ops_ctx *, ops_tally *), const void *vctx,
                              size_t iters)
{
    uint64_t acc = 0;
    for (size_t i = 0; i < iters; i++) {
        ops_tally t;
        once(vctx, &t);
        acc += t.checksum;
    }
    return acc;
}

void ops_parse_once(const ops_ctx *ctx, ops_tally *t)
{
    uint8_t scratch[SCRATCH_LEN];
    fcgi_parser p;
    fcgi_nv_decoder d;
    size_t piece = ctx->piece ? ctx->piece : ctx->in_len;
    size_t messages = 0, records = 0, pairs = 0;
    uint64_t content = 0, checksum = 0;
    int status = 0;

    fcgi_parser_init(&p);
    fcgi_nv_decoder_init(&d, scratch, sizeof scratch);
    for (size_t base = 0; base < ctx->in_len && status == 0; base += piece) {
        /* One read()'s worth: what is left of it is at in[0..left). */
        const uint8_t *in = ctx->in + base;
        size_t left = ctx->in_len - base < piece ? ctx->in_len - base : piece;
        while (left > 0) {
            fcgi_chunk ch;
            size_t used;
            fcgi_status st = fcgi_parser_feed_inline(&p, in, left, &used, &ch);
            in += used;
            left -= used;
            if (st == FCGI_NEED_MORE)
                break;
            if (st != FCGI_OK) {
                status = st;
                break;
            }
            content += ch.content.len;
            records += ch.last;
            if (ch.header.type != FCGI_PARAMS)
                continue;
            if (ch.content.len) {
                const uint8_t *c = ch.content.data;
                size_t cleft = ch.content.len;
                while (cleft > 0) {
                    fcgi_nv_event ev;
                    size_t cused;
                    st = fcgi_nv_decoder_feed_inline(&d, c, cleft, &cused, &ev);
                    c += cused;
                    cleft -= cused;
                    if (st != FCGI_OK)
                        break; /* FCGI_NEED_MORE: the rest is in a later chunk */
                    pairs++;
                    checksum += pair_sum(ev.pair.name.len, ev.pair.value.len, ev.pair.name.data);
                }
            } else if (ch.last && ch.header.content_length == 0) {
                /* the empty record ends the request's PARAMS stream */
                st = fcgi_nv_decoder_finish_inline(&d, NULL, NULL);
                if (st != FCGI_OK) {
                    status = st;
                    break;
                }
                messages++;
                fcgi_nv_decoder_init(&d, scratch, sizeof scratch);
            }
        }
    }
    if (status == 0 && !fcgi_parser_at_boundary(&p))
        status = FCGI_E_UNEXPECTED_EOF;
    *t = (ops_tally){ messages, records, pairs, content, checksum, status };
}

uint64_t ops_parse(const void *vctx, size_t iters)
{
    return repeat(ops_parse_once, vctx, iters);
}

/* The plain loop gets the same branch-layout hints as the codec's fast
 * paths (fcgi/parser_inline.h), so that neither side wins by code
 * placement. */
#if defined(__GNUC__) || defined(__clang__)
#define WALK_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define WALK_LIKELY(x) (x)
#endif

/* Reads a name-value length at *pp (before end), advancing *pp; false
 * when the length runs past end. */
static inline bool walk_length(const uint8_t **pp, const uint8_t *end, size_t *len)
{
    const uint8_t *q = *pp;
    if (!WALK_LIKELY(q < end))
        return false;
    if (WALK_LIKELY(q[0] < 0x80)) {
        *len = q[0];
        *pp = q + 1;
        return true;
    }
    if (end - q < 4)
        return false;
    *len = ((size_t)(q[0] & 0x7f) << 24) | ((size_t)q[1] << 16) | ((size_t)q[2] << 8) | q[3];
    *pp = q + 4;
    return true;
}

void ops_walk_once(const ops_ctx *ctx, ops_tally *t)
{
    const uint8_t *h = ctx->in, *const end = ctx->in + ctx->in_len;
    size_t messages = 0, records = 0, pairs = 0;
    uint64_t content = 0, checksum = 0;
    int status = 0;

    while (end - h >= FCGI_HEADER_LEN) {
        size_t clen = ((size_t)h[4] << 8) | h[5];
        size_t rlen = FCGI_HEADER_LEN + clen + h[6];
        if (!WALK_LIKELY(h[0] == FCGI_VERSION_1 && (size_t)(end - h) >= rlen)) {
            status = FCGI_E_SHORT_RECORD;
            break;
        }
        records++;
        content += clen;
        if (h[1] == FCGI_PARAMS) {
            const uint8_t *c = h + FCGI_HEADER_LEN, *const cend = c + clen;
            if (clen == 0)
                messages++;
            while (c < cend) {
                size_t nl, vl;
                if (!WALK_LIKELY(walk_length(&c, cend, &nl) && walk_length(&c, cend, &vl) &&
                                 (size_t)(cend - c) >= nl && (size_t)(cend - c) - nl >= vl)) {
                    status = FCGI_E_SHORT_NAME_VALUE_PAIR;
                    break;
                }
                pairs++;
                checksum += pair_sum(nl, vl, c);
                c += nl + vl;
            }
            if (status != 0)
                break;
        }
        h += rlen;
    }
    if (status == 0 && h != end)
        status = FCGI_E_SHORT_HEADER;
    *t = (ops_tally){ messages, records, pairs, content, checksum, status };
}

uint64_t ops_walk(const void *vctx, size_t iters)
{
    return repeat(ops_walk_once, vctx, iters);
}

void ops_frame_once(const ops_ctx *ctx, ops_tally *t)
{
    fcgi_parser p;
    const uint8_t *in = ctx->in;
    size_t left = ctx->in_len, records = 0;
    uint64_t content = 0, checksum = 0;
    int status = 0;

    fcgi_parser_init(&p);
    while (left > 0) {
        fcgi_chunk ch;
        size_t used;
        fcgi_status st = fcgi_parser_feed_inline(&p, in, left, &used, &ch);
        in += used;
        left -= used;
        if (st == FCGI_NEED_MORE)
            break;
        if (st != FCGI_OK) {
            status = st;
            break;
        }
        content += ch.content.len;
        checksum += ch.content.len + (ch.content.len ? ch.content.data[0] : 0u);
        records += ch.last;
    }
    if (status == 0 && !fcgi_parser_at_boundary(&p))
        status = FCGI_E_UNEXPECTED_EOF;
    *t = (ops_tally){ 0, records, 0, content, checksum, status };
}

uint64_t ops_frame(const void *vctx, size_t iters)
{
    return repeat(ops_frame_once, vctx, iters);
}

uint64_t ops_memcpy(const void *vctx, size_t iters)
{
    const ops_ctx *ctx = vctx;
    uint64_t acc = 0;
    for (size_t i = 0; i < iters; i++) {
        memcpy(ctx->out, ctx->in, ctx->in_len);
        measure_clobber(ctx->out);
        acc += ctx->out[i % ctx->in_len];
    }
    return acc;
}

// SPDX-License-Identifier: MIT
/*
 * ops.h - the operations the codec benchmark times, and their baselines.
 *
 * Every function has the bench_fn shape: it repeats its operation `iters`
 * times on one ops_ctx and returns a checksum of what it saw, which the
 * harness sinks.  The *_once functions do one repetition and report what
 * was found, so the benchmark can check its own results before timing.
 */
#ifndef BENCH_OPS_H
#define BENCH_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fcgi/protocol.h>

typedef struct ops_ctx {
    const uint8_t *in;          /* octets to parse, frame, dump or copy */
    size_t in_len;
    uint8_t *out;               /* where builders and memcpy write */
    size_t out_cap;
    size_t piece;               /* feed in pieces of this size; 0 = whole */
    const fcgi_nv_pair *pairs;  /* what the params builders encode */
    size_t npairs;
    const uint8_t *content;     /* what build_stream frames */
    size_t content_len;
} ops_ctx;

/* What one pass over a request stream found. */
typedef struct ops_tally {
    size_t messages;    /* requests whose PARAMS stream ended */
    size_t records;     /* complete records */
    size_t pairs;       /* name-value pairs */
    uint64_t content;   /* content octets of all records */
    uint64_t checksum;  /* sum over pairs of name_len*31 + value_len + name[0] */
    int status;         /* 0, or the first unexpected fcgi_status */
} ops_tally;

/* ctx->in through fcgi_parser and, for PARAMS, fcgi_nv_decoder, fed in
 * ctx->piece pieces. */
void ops_parse_once(const ops_ctx *ctx, ops_tally *t);
uint64_t ops_parse(const void *ctx, size_t iters);

/* The same walk written as one plain loop over a whole buffer: headers,
 * then pair lengths, with the bounds checks any safe parser needs. */
void ops_walk_once(const ops_ctx *ctx, ops_tally *t);
uint64_t ops_walk(const void *ctx, size_t iters);

/* ctx->in through fcgi_parser alone (records and content spans). */
void ops_frame_once(const ops_ctx *ctx, ops_tally *t);
uint64_t ops_frame(const void *ctx, size_t iters);

/* memcpy(ctx->out, ctx->in, ctx->in_len). */
uint64_t ops_memcpy(const void *ctx, size_t iters);

/* Builders into ctx->out; *_once return the status and the length. */
int ops_build_begin_request_once(const ops_ctx *ctx, size_t *len);
uint64_t ops_build_begin_request(const void *ctx, size_t iters);
int ops_build_params_once(const ops_ctx *ctx, size_t *len);
uint64_t ops_build_params(const void *ctx, size_t iters);
int ops_build_stream_once(const ops_ctx *ctx, size_t *len);
uint64_t ops_build_stream(const void *ctx, size_t iters);

/* fcgi_dump_record of the record in ctx->in into ctx->out. */
int ops_dump_once(const ops_ctx *ctx, size_t *len);
uint64_t ops_dump(const void *ctx, size_t iters);

#endif /* BENCH_OPS_H */

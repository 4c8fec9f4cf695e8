// SPDX-License-Identifier: MIT
/* Building and dumping through the codec. */
#include "ops.h"

#include <fcgi/constant.h>
#include <fcgi/protocol.h>

#include "measure.h"

int ops_build_begin_request_once(const ops_ctx *ctx, size_t *len)
{
    static const fcgi_span empty_stdin = { NULL, 0 };
    return fcgi_build_begin_request(ctx->out, ctx->out_cap, 1, FCGI_RESPONDER, FCGI_KEEP_CONN,
                                    ctx->pairs, ctx->npairs, &empty_stdin, NULL, len);
}

int ops_build_params_once(const ops_ctx *ctx, size_t *len)
{
    return fcgi_build_params(ctx->out, ctx->out_cap, ctx->pairs, ctx->npairs, len);
}

int ops_build_stream_once(const ops_ctx *ctx, size_t *len)
{
    return fcgi_build_stream(ctx->out, ctx->out_cap, FCGI_STDOUT, 1, ctx->content,
                             ctx->content_len, true, len);
}

int ops_dump_once(const ops_ctx *ctx, size_t *len)
{
    return fcgi_dump_record((char *)ctx->out, ctx->out_cap, ctx->in, ctx->in_len, len);
}

/* One timed loop per builder: the output buffer is clobbered after every
 * call, so the compiler cannot skip the stores. */
#define TIMED_LOOP(name, once)                                   \
    uint64_t name(const void *vctx, size_t iters)                \
    {                                                            \
        const ops_ctx *ctx = vctx;                               \
        uint64_t acc = 0;                                        \
        for (size_t i = 0; i < iters; i++) {                     \
            size_t len = 0;                                      \
            acc += (uint64_t)(once(ctx, &len) + 1) + len;        \
            measure_clobber(ctx->out);                           \
        }                                                        \
        return acc;                                              \
    }

TIMED_LOOP(ops_build_begin_request, ops_build_begin_request_once)
TIMED_LOOP(ops_build_params, ops_build_params_once)
TIMED_LOOP(ops_build_stream, ops_build_stream_once)
TIMED_LOOP(ops_dump, ops_dump_once)

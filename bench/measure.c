// SPDX-License-Identifier: MIT
#include "measure.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile uint64_t measure_sink;

uint64_t measure_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double measure_median(double *v, size_t n)
{
    if (n == 0)
        return 0.0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static double time_batch(bench_fn fn, const void *ctx, size_t iters)
{
    uint64_t t0 = measure_now_ns();
    measure_sink += fn(ctx, iters);
    uint64_t t1 = measure_now_ns();
    return (double)(t1 - t0);
}

/* Doubles the repetition count until one batch lasts batch_ns, so the
 * clock's own cost and resolution stay far below what is measured. */
static size_t calibrate(bench_fn fn, const void *ctx, double batch_ns)
{
    size_t iters = 1;
    for (;;) {
        double t = time_batch(fn, ctx, iters);
        if (t >= batch_ns || iters >= ((size_t)1 << 40))
            return iters;
        /* jump close to the goal once the batch is long enough to trust */
        if (t > batch_ns / 64 && t > 20000.0)
            return (size_t)((double)iters * batch_ns / t) + 1;
        iters *= 2;
    }
}

enum { MAX_ROUNDS = 255 };

void measure_interleaved(const bench_fn *fns, const void *const *ctxs, size_t n,
                         const measure_cfg *cfg, measure_result *out)
{
    double per[MEASURE_MAX_FNS][MAX_ROUNDS];
    double ratio[MEASURE_MAX_FNS][MAX_ROUNDS];
    unsigned rounds = cfg->rounds ? cfg->rounds : 1;
    if (rounds > MAX_ROUNDS)
        rounds = MAX_ROUNDS;
    if (n > MEASURE_MAX_FNS)
        n = MEASURE_MAX_FNS;

    memset(out, 0, sizeof *out);
    out->nfns = n;
    for (size_t i = 0; i < n; i++)
        out->iters[i] = cfg->batch_ns > 0 ? calibrate(fns[i], ctxs[i], cfg->batch_ns) : 1;

    for (unsigned r = 0; r < rounds; r++) {
        /* rotate the order so no function always runs right after another */
        for (size_t k = 0; k < n; k++) {
            size_t i = (k + r) % n;
            per[i][r] = time_batch(fns[i], ctxs[i], out->iters[i]) / (double)out->iters[i];
        }
        for (size_t i = 0; i < n; i++)
            ratio[i][r] = per[i][r] > 0 ? per[0][r] / per[i][r] : 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        out->ns[i] = measure_median(per[i], rounds);
        out->ratio[i] = measure_median(ratio[i], rounds);
    }
}

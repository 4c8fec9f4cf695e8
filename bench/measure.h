// SPDX-License-Identifier: MIT
/*
 * measure.h - interleaved timing of an operation against its baselines.
 *
 * Machines here are shared and noisy, so an operation is never timed alone:
 * each round times the operation and every baseline back to back (rotating
 * which goes first), and the figures reported are medians over the rounds.
 * Ratios are the median of the per-round ratios, which cancels most of the
 * slow drift (frequency changes, neighbours) that hits both sides of a round
 * alike.
 */
#ifndef BENCH_MEASURE_H
#define BENCH_MEASURE_H

#include <stddef.h>
#include <stdint.h>

/* Runs `iters` repetitions of one operation on ctx and returns a value that
 * depends on the work done (the caller sinks it, so nothing is optimised
 * away). */
typedef uint64_t (*bench_fn)(const void *ctx, size_t iters);

#define MEASURE_MAX_FNS 3

typedef struct measure_cfg {
    unsigned rounds;    /* rounds of (operation, baselines...) */
    double batch_ns;    /* each timed batch lasts at least this long */
} measure_cfg;

typedef struct measure_result {
    size_t nfns;                        /* operation + baselines */
    double ns[MEASURE_MAX_FNS];         /* median ns per repetition */
    double ratio[MEASURE_MAX_FNS];      /* median of per-round ns[0] / ns[i] */
    size_t iters[MEASURE_MAX_FNS];      /* repetitions per batch */
} measure_result;

/* Monotonic clock in nanoseconds. */
uint64_t measure_now_ns(void);

/* Times fns[0] (the operation) against fns[1..n) (its baselines), fns[i]
 * running on ctxs[i], as described above.  ratio[0] is 1. */
void measure_interleaved(const bench_fn *fns, const void *const *ctxs, size_t n,
                         const measure_cfg *cfg, measure_result *out);

/* Median of v[0..n) (v is reordered). */
double measure_median(double *v, size_t n);

/* Keeps a value alive: the compiler must assume it is observed. */
extern volatile uint64_t measure_sink;

/* Tells the compiler that *p may be read or written here, so stores into it
 * (a memcpy, a builder's output) cannot be dropped or hoisted. */
static inline void measure_clobber(const void *p)
{
    __asm__ volatile("" : : "g"(p) : "memory");
}

#endif /* BENCH_MEASURE_H */

// SPDX-License-Identifier: MIT
/*
 * families.h - the generators: each family queues its cases on the runner
 * (edge values first, then seeded random ones).
 */
#ifndef DIFF_FAMILIES_H
#define DIFF_FAMILIES_H

#include "gen.h"
#include "runner.h"

typedef void (*family_fn)(runner *r, rng *g);

typedef struct family_def {
    const char *name;
    family_fn run;
} family_def;

extern const family_def DIFF_FAMILIES[];
extern const size_t DIFF_FAMILY_COUNT;

#endif

// SPDX-License-Identifier: MIT
/*
 * gen.h - seeded inputs for the differential test: a small PRNG and the
 * octet strings the families are built from.  Same seed, same cases.
 */
#ifndef DIFF_GEN_H
#define DIFF_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct rng {
    uint64_t s;
} rng;

uint64_t rng_next(rng *g);
/* Uniform in [0, n); n > 0. */
uint32_t rng_below(rng *g, uint32_t n);
bool rng_percent(rng *g, unsigned percent);
/* One of the n values in list. */
uint32_t rng_pick(rng *g, const uint32_t *list, size_t n);

/* Octets that dump_record counts as text ([\r\n\t\x20-\x7E]) and that it
 * does not. */
uint8_t gen_text_octet(rng *g);
uint8_t gen_binary_octet(rng *g);

void gen_bytes(rng *g, strbuf *out, size_t n);
void gen_text(rng *g, strbuf *out, size_t n);
/* n octets of which exactly ntext are text octets, shuffled. */
void gen_mixed(rng *g, strbuf *out, size_t n, size_t ntext);
/* One of the above at random, n octets. */
void gen_content(rng *g, strbuf *out, size_t n);

/* Appends npairs well-formed name-value pairs.  wasteful_percent is the
 * chance that a length below 128 is still sent in the 4-octet form. */
void gen_params(rng *g, strbuf *out, unsigned npairs, unsigned wasteful_percent);

/* Damages octets in place: truncation, a flipped or inserted octet,
 * appended garbage, or a length octet given its high bit. */
void gen_mutate(rng *g, strbuf *s);

#endif

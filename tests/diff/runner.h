// SPDX-License-Identifier: MIT
/*
 * runner.h - queues cases, asks the oracle in batches, judges, counts.
 */
#ifndef DIFF_RUNNER_H
#define DIFF_RUNNER_H

#include <stddef.h>

#include "cases.h"
#include "gen.h"
#include "oracle.h"

typedef struct family {
    const char *name;
    size_t cases, identical, explained, failed;
    strbuf explained_log; /* one entry per explained difference */
    /* Which of Perl's diagnostics the family reached, and how often: shows
     * that the error paths were compared, not only the happy ones. */
    char *errors[32];
    size_t error_counts[32];
    size_t nerrors;
} family;

typedef struct runner {
    oracle *orc;
    family *fam;
    dcase *queue;
    size_t nq, capq;
    size_t qoctets; /* request volume queued, to bound memory */
    unsigned max_shown; /* failures printed in full per family */
} runner;

/* Takes the case over (zeroes *c) and judges it at the next flush.  A
 * failure of the oracle itself (dead, hung) ends the program with status 2:
 * nothing can be compared without it. */
void runner_add(runner *r, dcase *c);
void runner_flush(runner *r);

#endif

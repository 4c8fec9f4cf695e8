// SPDX-License-Identifier: MIT
/*
 * oracle.h - the Perl oracle (oracle.pl) as a persistent child process.
 *
 * Requests are sent in batches: the caller appends request lines to one
 * buffer, then oracle_exchange() writes them followed by "sync" while
 * reading the answers concurrently (poll), so neither side can block the
 * other on a full pipe however large a batch is.
 */
#ifndef DIFF_ORACLE_H
#define DIFF_ORACLE_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

typedef struct oracle {
    pid_t pid;
    int to_child;   /* the oracle's stdin */
    int from_child; /* the oracle's stdout */
    char banner[128]; /* "0.14 PP" from the READY line */
} oracle;

/* Starts `perl script` with NET_FASTCGI_PP=1 and waits for its READY line.
 * Returns 0, or -1 with a readable reason in err. */
int oracle_start(oracle *o, const char *perl, const char *script, char *err, size_t errcap);

/* Sends requests[0..len) (nlines lines, each ending in '\n') and collects
 * exactly nlines answers into `answers` (lines separated by '\0' after the
 * call; line i starts at lines[i], which the caller sizes to nlines).
 * Returns 0, or -1 with a reason in err (oracle died, timed out, or
 * answered a different number of lines). */
int oracle_exchange(oracle *o, const strbuf *requests, size_t nlines, strbuf *answers,
                    char **lines, char *err, size_t errcap);

/* Closes the pipes and reaps the child. */
void oracle_stop(oracle *o);

#endif

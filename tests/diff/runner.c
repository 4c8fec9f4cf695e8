// SPDX-License-Identifier: MIT
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Big enough that the oracle sees few syncs, small enough that the largest
 * cases (128 KiB contents, hex-encoded both ways) stay cheap in memory. */
#define BATCH_CASES 2000
#define BATCH_OCTETS (4u << 20)

void runner_add(runner *r, dcase *c)
{
    case_prepare(c);
    if (r->nq == r->capq) {
        r->capq = r->capq ? 2 * r->capq : 256;
        r->queue = xrealloc(r->queue, r->capq * sizeof *r->queue);
    }
    r->queue[r->nq++] = *c;
    for (int i = 0; i < 2; i++)
        r->qoctets += c->o[i].n;
    for (size_t i = 0; i < c->npairs; i++)
        r->qoctets += c->pairs[i].name.len + c->pairs[i].value.len;
    memset(c, 0, sizeof *c);
    if (r->nq >= BATCH_CASES || r->qoctets >= BATCH_OCTETS)
        runner_flush(r);
}

static void count_error(family *f, const char *answer)
{
    if (strncmp(answer, "ERR\t", 4) != 0)
        return;
    answer += 4;
    /* One entry for every version octet. */
    char key[256];
    snprintf(key, sizeof key, "%s", answer);
    char *v = strstr(key, "mismatch (0x");
    if (v)
        snprintf(v, sizeof key - (size_t)(v - key), "mismatch (0x..)");
    answer = key;
    for (size_t i = 0; i < f->nerrors; i++)
        if (strcmp(f->errors[i], answer) == 0) {
            f->error_counts[i]++;
            return;
        }
    if (f->nerrors < sizeof f->errors / sizeof f->errors[0]) {
        f->errors[f->nerrors] = strdup(answer);
        f->error_counts[f->nerrors++] = 1;
    }
}

void runner_flush(runner *r)
{
    if (r->nq == 0)
        return;
    strbuf req = {0}, ans = {0}, why = {0};
    size_t nlines = 0;
    for (size_t i = 0; i < r->nq; i++)
        nlines += case_request(&r->queue[i], &req);
    char **lines = xmalloc(nlines * sizeof *lines);
    char err[256];
    if (oracle_exchange(r->orc, &req, nlines, &ans, lines, err, sizeof err) != 0) {
        fprintf(stderr, "diff: %s\n", err);
        exit(2);
    }

    family *f = r->fam;
    size_t line = 0;
    for (size_t i = 0; i < r->nq; i++) {
        dcase *c = &r->queue[i];
        sb_reset(&why);
        verdict v = case_judge(c, lines + line, &why);
        line += c->perl_dump_bug ? 2 : 1;
        f->cases++;
        if (v == V_IDENTICAL) {
            f->identical++;
        } else if (v == V_EXPLAINED) {
            f->explained++;
            sb_puts(&f->explained_log, "  explained: ");
            case_describe(c, &f->explained_log);
            sb_printf(&f->explained_log, "\n    %s\n", why.p);
        } else {
            f->failed++;
            if (f->failed <= r->max_shown) {
                strbuf d = {0};
                case_describe(c, &d);
                printf("FAIL [%s] %s%s\n", f->name, d.p, why.p);
                sb_free(&d);
            }
        }
        count_error(f, lines[line - (c->perl_dump_bug ? 2 : 1)]);
        case_free(c);
    }
    r->nq = 0;
    r->qoctets = 0;
    free(lines);
    sb_free(&req);
    sb_free(&ans);
    sb_free(&why);
}

// SPDX-License-Identifier: MIT
/*
 * diff_main.c - differential test of the C codec against Net::FastCGI.
 *
 *   diff_main [--perl PERL] [--oracle oracle.pl] [--seed N] [--show N]
 *             [--family NAME]
 *
 * Every family of Net::FastCGI::Protocol functions is called with the same
 * seeded inputs in Perl (through oracle.pl) and in C, and the answers must
 * be identical: octets, parsed values, error messages and dump text.  The
 * one tolerated difference is Perl's mis-walk of a 4-octet name-value
 * length below 128 in dump_record, which the C codec decodes correctly; it
 * is listed, counted as explained, and must match a corrected dump.
 *
 * Exit status: 0 when nothing failed, 1 when a case failed, 2 when the
 * oracle could not be run (perl or Net::FastCGI missing): a differential
 * test without its reference must not pass.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "families.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
    fputs("usage: diff_main [--perl PERL] [--oracle oracle.pl] [--seed N] [--show N]"
          " [--family NAME]\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    const char *perl = "perl";
    const char *script = DIFF_ORACLE_DEFAULT;
    const char *only = NULL;
    unsigned long long seed = 20240613;
    unsigned show = 10;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--perl"))
            perl = argv[++i];
        else if (!strcmp(argv[i], "--oracle"))
            script = argv[++i];
        else if (!strcmp(argv[i], "--seed"))
            seed = strtoull(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--show"))
            show = (unsigned)strtoul(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--family"))
            only = argv[++i];
        else
            usage();
    }

    oracle orc;
    char err[512];
    if (oracle_start(&orc, perl, script, err, sizeof err) != 0) {
        fprintf(stderr,
                "diff: FAILED: the Perl oracle could not be started: %s\n"
                "diff: this test needs perl and Net::FastCGI (Debian: apt-get install "
                "libnet-fastcgi-perl); it does not skip.\n",
                err);
        oracle_stop(&orc);
        return 2;
    }
    printf("oracle: Net::FastCGI %s (%s), seed %llu\n", orc.banner, script, seed);
    fflush(stdout);

    double t0 = now();
    family fams[16];
    size_t nf = 0;
    for (size_t i = 0; i < DIFF_FAMILY_COUNT; i++) {
        if (only && strcmp(only, DIFF_FAMILIES[i].name) != 0)
            continue;
        family *f = &fams[nf++];
        memset(f, 0, sizeof *f);
        f->name = DIFF_FAMILIES[i].name;
        /* Each family has its own stream, so adding cases to one family
         * does not change the inputs of the others. */
        rng g = {seed ^ (0x9e3779b97f4a7c15ull * (i + 1))};
        runner r = {&orc, f, NULL, 0, 0, 0, show};
        DIFF_FAMILIES[i].run(&r, &g);
        runner_flush(&r);
        free(r.queue);
    }
    oracle_stop(&orc);
    double secs = now() - t0;
    if (nf == 0) {
        fprintf(stderr, "diff: no family named '%s'\n", only);
        return 2;
    }

    size_t passed = 0, failed = 0, explained = 0;
    for (size_t i = 0; i < nf; i++) {
        if (fams[i].explained_log.len) {
            printf("explained differences in %s:\n%s", fams[i].name, fams[i].explained_log.p);
        }
    }
    printf("\n%-14s %8s %10s %10s %8s\n", "family", "cases", "identical", "explained", "failed");
    for (size_t i = 0; i < nf; i++) {
        family *f = &fams[i];
        printf("%-14s %8zu %10zu %10zu %8zu\n", f->name, f->cases, f->identical, f->explained,
               f->failed);
        passed += f->identical + f->explained;
        explained += f->explained;
        failed += f->failed;
        sb_free(&f->explained_log);
    }
    printf("\nPerl diagnostics reached (each compared with the C status):\n");
    for (size_t i = 0; i < nf; i++)
        for (size_t e = 0; e < fams[i].nerrors; e++) {
            printf("  %-14s %6zu x %s\n", fams[i].name, fams[i].error_counts[e], fams[i].errors[e]);
            free(fams[i].errors[e]);
        }
    printf("\n%.2f s; %zu explained differences (Net::FastCGI's 4-octet short-length dump walk)\n",
           secs, explained);
    printf("%zu passed, %zu failed\n", passed, failed);
    return failed ? 1 : 0;
}

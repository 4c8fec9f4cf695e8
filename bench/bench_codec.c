// SPDX-License-Identifier: MIT
/*
 * bench_codec - how fast the codec parses, frames, builds and dumps, each
 * figure next to a baseline timed in the same run (see measure.h), and,
 * given Net::FastCGI's figures from bench_perl.pl, the speed-up a Perl user
 * would see.
 *
 *   bench_codec [--rounds N] [--batch-ms MS] [--perl FILE]
 *   bench_codec --smoke                 check every result, time briefly
 *   bench_codec --write-inputs DIR      the inputs, for bench_perl.pl
 *   bench_codec --profile KEY[/I] N     only KEY's operation (or its I-th
 *                                       baseline), N repetitions, for
 *                                       callgrind; keys as bench_perl.pl
 *                                       prints them
 *
 * Before timing anything it checks that every operation finds what the
 * inputs hold (messages, records, pairs, built octets); a mismatch exits 1.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fcgi/fcgi.h>

#include "inputs.h"
#include "measure.h"
#include "ops.h"

/* Requests per parse pass: a keep-alive connection's worth, small enough to
 * stay in cache like a socket buffer does. */
enum { NMSG = 64, PIECE = 1460, STREAM_CONTENT = 1 << 20 };

typedef struct row {
    const char *key;        /* shared with bench_perl.pl */
    const char *label;
    size_t nfns;            /* the operation, then its baselines */
    bench_fn fns[MEASURE_MAX_FNS];
    const void *ctxs[MEASURE_MAX_FNS];
    const char *names[MEASURE_MAX_FNS];
    size_t units;           /* messages per repetition (figures are per unit) */
    size_t pairs;           /* pairs per unit: show ns/pair (0: not shown) */
    size_t records;         /* records per unit: show ns/record (0: not shown) */
    size_t octets;          /* octets per unit: show GB/s (0: not shown) */
    measure_result m;
    double perl_ns;         /* Net::FastCGI, per unit; 0 when unknown */
} row;

enum { MAX_ROWS = 16 };
static row rows[MAX_ROWS];
static size_t nrows;

/* Adds a row timing op on ctx against baselines given as (fn, ctx, name)
 * triples, terminated by a NULL fn. */
static row *add_row(const char *key, const char *label, bench_fn op, const ops_ctx *ctx, ...)
{
    row *r = &rows[nrows++];
    va_list ap;
    memset(r, 0, sizeof *r);
    r->key = key;
    r->label = label;
    r->units = 1;
    r->fns[0] = op;
    r->ctxs[0] = ctx;
    r->names[0] = "C";
    r->nfns = 1;
    va_start(ap, ctx);
    for (bench_fn fn; (fn = va_arg(ap, bench_fn)) != NULL && r->nfns < MEASURE_MAX_FNS;) {
        r->fns[r->nfns] = fn;
        r->ctxs[r->nfns] = va_arg(ap, const ops_ctx *);
        r->names[r->nfns] = va_arg(ap, const char *);
        r->nfns++;
    }
    va_end(ap);
    return r;
}

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "bench_codec: CHECK FAILED: %s\n", what);
        failures++;
    }
}

static void check_tally(const char *what, const ops_tally *t, size_t messages, size_t records,
                        size_t pairs, uint64_t checksum)
{
    char msg[256];
    snprintf(msg, sizeof msg,
             "%s: status %d, messages %zu/%zu, records %zu/%zu, pairs %zu/%zu, checksum %s",
             what, t->status, t->messages, messages, t->records, records, t->pairs, pairs,
             t->checksum == checksum ? "ok" : "differs");
    check(t->status == 0 && t->messages == messages && t->records == records &&
              t->pairs == pairs && t->checksum == checksum,
          msg);
}

static void check_build(const char *what, int (*once)(const ops_ctx *, size_t *),
                        const ops_ctx *ctx, const inputs_buf *want)
{
    size_t len = 0;
    int st = once(ctx, &len);
    char msg[256];
    snprintf(msg, sizeof msg, "%s: %s, %zu octets (want %zu)", what,
             fcgi_status_name((fcgi_status)st), len, want->len);
    check(st == FCGI_OK && len == want->len && memcmp(ctx->out, want->data, len) == 0, msg);
}

static void check_dump(const char *what, const ops_ctx *ctx)
{
    size_t len = 0;
    int st = ops_dump_once(ctx, &len);
    const char *s = (const char *)ctx->out;
    char msg[256];
    snprintf(msg, sizeof msg, "%s: %s, \"%.*s\"", what, fcgi_status_name((fcgi_status)st),
             (int)(len < 100 ? len : 100), st == FCGI_OK ? s : "");
    check(st == FCGI_OK && len > 2 && strlen(s) == len && strncmp(s, "{FCGI_", 6) == 0 &&
              s[len - 1] == '}',
          msg);
}

static void cpu_model(char *buf, size_t cap)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    snprintf(buf, cap, "unknown");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        char *colon = strchr(line, ':');
        if (strncmp(line, "model name", 10) == 0 && colon) {
            colon += 2;
            colon[strcspn(colon, "\n")] = '\0';
            snprintf(buf, cap, "%s", colon);
            break;
        }
    }
    fclose(f);
}

static void read_perl(const char *path)
{
    FILE *f = fopen(path, "r");
    char key[128];
    double ns;
    if (!f) {
        fprintf(stderr, "bench_codec: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    while (fscanf(f, "%127s %lf", key, &ns) == 2) {
        for (size_t i = 0; i < nrows; i++)
            if (strcmp(rows[i].key, key) == 0)
                rows[i].perl_ns = ns;
    }
    fclose(f);
}

/* "61.2 ns" / "3.41 us" / "1.25 ms" */
static const char *fmt_time(char *buf, size_t cap, double ns)
{
    if (ns < 1e3)
        snprintf(buf, cap, "%.1f ns", ns);
    else if (ns < 1e6)
        snprintf(buf, cap, "%.2f µs", ns / 1e3);
    else
        snprintf(buf, cap, "%.2f ms", ns / 1e6);
    return buf;
}

/* The figure for one function of a row: time per unit, then what matters
 * for that kind of row (per pair, per record, GB/s). */
static const char *fmt_figure(char *buf, size_t cap, const row *r, double ns_per_rep)
{
    char t[32];
    double unit_ns = ns_per_rep / (double)r->units;
    int n = snprintf(buf, cap, "%s", fmt_time(t, sizeof t, unit_ns));
    if (r->pairs)
        n += snprintf(buf + n, cap - (size_t)n, " (%.2f ns/pair)", unit_ns / (double)r->pairs);
    if (r->records)
        n += snprintf(buf + n, cap - (size_t)n, " (%.2f ns/record)",
                      unit_ns / (double)r->records);
    if (r->octets)
        snprintf(buf + n, cap - (size_t)n, ", %.2f GB/s", (double)r->octets / unit_ns);
    return buf;
}

static void print_table(void)
{
    char a[96], b[96];
    puts("| operation | C ÷ baseline | Net::FastCGI ÷ C | C | baseline | Net::FastCGI |");
    puts("| --- | --- | --- | --- | --- | --- |");
    for (size_t i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        printf("| %s | ", r->label);
        for (size_t k = 1; k < r->m.nfns; k++)
            printf("%s%.2f × %s", k > 1 ? "; " : "", r->m.ratio[k], r->names[k]);
        if (r->perl_ns > 0)
            printf(" | **%.0f×** | ", r->perl_ns / (r->m.ns[0] / (double)r->units));
        else
            printf(" | n/a | ");
        printf("%s | ", fmt_figure(a, sizeof a, r, r->m.ns[0]));
        for (size_t k = 1; k < r->m.nfns; k++)
            printf("%s%s: %s", k > 1 ? "; " : "", r->names[k],
                   fmt_figure(b, sizeof b, r, r->m.ns[k]));
        printf(" | %s |\n", r->perl_ns > 0 ? fmt_time(a, sizeof a, r->perl_ns) : "n/a");
    }
}

static const row *find_row(const char *key)
{
    for (size_t i = 0; i < nrows; i++)
        if (strcmp(rows[i].key, key) == 0)
            return &rows[i];
    return NULL;
}

static void verdict(const char *what, int ok)
{
    printf("- %s %s\n", ok ? "**met**" : "**MISSED**", what);
}

static void print_targets(void)
{
    char what[256];
    const row *w = find_row("parse.whole");
    const row *p = find_row("parse.1460");
    double msg = w->m.ns[0] / NMSG, pair = msg / (double)w->pairs;

    puts("\nTargets:\n");
    snprintf(what, sizeof what, "typical request, whole: %.1f ns/message (≤ 67), %.2f ns/pair (≤ 2.5)",
             msg, pair);
    verdict(what, msg <= 67.0 && pair <= 2.5);
    snprintf(what, sizeof what,
             "typical request, whole: %.2f × the plain loop over the same octets (≤ 1.0: the incremental API costs nothing extra)",
             w->m.ratio[2]);
    verdict(what, w->m.ratio[2] <= 1.0);
    snprintf(what, sizeof what, "typical request, 1460-octet pieces: %.2f × fed whole (≤ 1.5)",
             p->m.ratio[2]);
    verdict(what, p->m.ratio[2] <= 1.5);
    for (size_t i = 0; i < nrows; i++) {
        if (strcmp(rows[i].key, "frame.32760") == 0 || strcmp(rows[i].key, "frame.65535") == 0) {
            snprintf(what, sizeof what, "%s: %.3f × memcpy time (≤ 1.0)", rows[i].label,
                     rows[i].m.ratio[1]);
            verdict(what, rows[i].m.ratio[1] <= 1.0);
        }
    }
    for (size_t i = 0; i < nrows; i++) {
        const row *r = &rows[i];
        if (r->perl_ns <= 0)
            continue;
        double x = r->perl_ns / (r->m.ns[0] / (double)r->units);
        snprintf(what, sizeof what, "%s: %.0f × faster than Net::FastCGI (≥ 300)", r->label, x);
        verdict(what, x >= 300.0);
    }
}

static int write_inputs(const char *dir, const inputs_buf *typical, const inputs_buf *stream,
                        const uint8_t *content, const inputs_buf *framed, const char *const *framed_names,
                        size_t nframed, const inputs_buf *dumps, const char *const *dump_names,
                        size_t ndumps)
{
    int bad = 0;
    bad |= inputs_write_file(dir, "typical.bin", typical->data, typical->len);
    bad |= inputs_write_file(dir, "typical_stream.bin", stream->data, stream->len);
    bad |= inputs_write_file(dir, "content.bin", content, STREAM_CONTENT);
    for (size_t i = 0; i < nframed; i++)
        bad |= inputs_write_file(dir, framed_names[i], framed[i].data, framed[i].len);
    for (size_t i = 0; i < ndumps; i++)
        bad |= inputs_write_file(dir, dump_names[i], dumps[i].data, dumps[i].len);
    if (bad) {
        fprintf(stderr, "bench_codec: writing inputs into %s: %s\n", dir, strerror(errno));
        return 2;
    }
    printf("inputs written to %s (%d messages per parse pass)\n", dir, NMSG);
    return 0;
}

static void usage(void)
{
    fputs("usage: bench_codec [--smoke] [--rounds N] [--batch-ms MS] [--perl FILE]\n"
          "       bench_codec --write-inputs DIR\n"
          "       bench_codec --profile KEY N\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    measure_cfg cfg = { 15, 5e6 };
    const char *perl = NULL, *inputs_dir = NULL, *profile = NULL;
    size_t profile_iters = 0;
    int smoke = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--smoke") == 0)
            smoke = 1;
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            cfg.rounds = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--batch-ms") == 0 && i + 1 < argc)
            cfg.batch_ns = atof(argv[++i]) * 1e6;
        else if (strcmp(argv[i], "--perl") == 0 && i + 1 < argc)
            perl = argv[++i];
        else if (strcmp(argv[i], "--profile") == 0 && i + 2 < argc) {
            profile = argv[++i];
            profile_iters = (size_t)strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--write-inputs") == 0 && i + 1 < argc)
            inputs_dir = argv[++i];
        else
            usage();
    }
    if (smoke) {
        cfg.rounds = 3;
        cfg.batch_ns = 1e5;
    }

    /* ---- inputs ---- */
    inputs_buf typical = { 0 }, stream = { 0 }, params = { 0 }, framed[3] = { { 0 } },
               dumps[4] = { { 0 } };
    static const size_t frame_lens[3] = { FCGI_SEGMENT_LEN, FCGI_MAX_CONTENT_LEN, 8 };
    static const char *const frame_names[3] = { "stream_32760.bin", "stream_65535.bin",
                                                "stream_8.bin" };
    static const char *const dump_names[4] = { "dump_begin.bin", "dump_params.bin",
                                               "dump_stdout.bin", "dump_end.bin" };
    static const uint8_t begin_body[8] = { 0, FCGI_RESPONDER, FCGI_KEEP_CONN, 0, 0, 0, 0, 0 };
    static const uint8_t end_body[8] = { 0, 0, 0, 0, FCGI_REQUEST_COMPLETE, 0, 0, 0 };
    uint8_t *content = malloc(STREAM_CONTENT);
    size_t out_cap = 4 * STREAM_CONTENT;
    uint8_t *out = malloc(out_cap);
    if (!content || !out) {
        perror("malloc");
        return 2;
    }
    inputs_fill_text(content, STREAM_CONTENT);
    inputs_put_typical_request(&typical, 1);
    for (int i = 0; i < NMSG; i++)
        inputs_put_typical_request(&stream, 1);
    inputs_put_params(&params, inputs_nginx_pairs, inputs_nginx_npairs);
    for (size_t i = 0; i < 3; i++)
        inputs_put_stream(&framed[i], FCGI_STDOUT, 1, content, STREAM_CONTENT, frame_lens[i]);
    inputs_put_record(&dumps[0], FCGI_BEGIN_REQUEST, 1, begin_body, sizeof begin_body);
    inputs_put_record(&dumps[1], FCGI_PARAMS, 1, params.data, params.len);
    inputs_put_record(&dumps[2], FCGI_STDOUT, 1, content, 200);
    inputs_put_record(&dumps[3], FCGI_END_REQUEST, 1, end_body, sizeof end_body);

    if (inputs_dir)
        return write_inputs(inputs_dir, &typical, &stream, content, framed, frame_names, 3, dumps,
                            dump_names, 4);

    /* ---- rows ---- */
    const size_t npairs = inputs_nginx_npairs;
    const ops_ctx parse_ctx = { .in = stream.data, .in_len = stream.len, .out = out,
                                .out_cap = out_cap };
    ops_ctx piece_ctx = parse_ctx;
    piece_ctx.piece = PIECE;
    row *r;
    char parse_label[128], params_label[64], dump_params_label[64];
    snprintf(parse_label, sizeof parse_label,
             "parse typical request (BEGIN, PARAMS of %zu pairs in %zu octets, 2 empty), fed whole",
             npairs, params.len);
    snprintf(params_label, sizeof params_label, "build_params (%zu pairs)", npairs);
    snprintf(dump_params_label, sizeof dump_params_label, "dump_record PARAMS (%zu pairs)",
             npairs);
    r = add_row("parse.whole", parse_label,
                ops_parse, &parse_ctx, ops_memcpy, &parse_ctx, "memcpy", ops_walk, &parse_ctx,
                "plain loop", (bench_fn)NULL);
    r->units = NMSG;
    r->pairs = npairs;
    r = add_row("parse.1460", "the same, fed in 1460-octet pieces", ops_parse, &piece_ctx,
                ops_memcpy, &parse_ctx, "memcpy", ops_parse, &parse_ctx, "fed whole",
                (bench_fn)NULL);
    r->units = NMSG;
    r->pairs = npairs;

    static const char *const frame_labels[3] = {
        "frame 1 MiB STDOUT stream, 32760-octet records",
        "frame 1 MiB STDOUT stream, 65535-octet records",
        "frame 1 MiB STDOUT stream, 8-octet records" };
    static const char *const frame_keys[3] = { "frame.32760", "frame.65535", "frame.8" };
    ops_ctx frame_ctx[3];
    size_t frame_records[3];
    for (size_t i = 0; i < 3; i++) {
        frame_ctx[i] = (ops_ctx){ .in = framed[i].data, .in_len = framed[i].len, .out = out,
                                  .out_cap = out_cap };
        frame_records[i] = (STREAM_CONTENT + frame_lens[i] - 1) / frame_lens[i] + 1;
        r = add_row(frame_keys[i], frame_labels[i], ops_frame, &frame_ctx[i], ops_memcpy,
                    &frame_ctx[i], "memcpy", (bench_fn)NULL);
        r->records = frame_records[i];
        r->octets = framed[i].len;
    }

    const ops_ctx br_ctx = { .in = typical.data, .in_len = typical.len, .out = out,
                             .out_cap = out_cap, .pairs = inputs_nginx_pairs, .npairs = npairs };
    const ops_ctx bp_ctx = { .in = params.data, .in_len = params.len, .out = out,
                             .out_cap = out_cap, .pairs = inputs_nginx_pairs, .npairs = npairs };
    const ops_ctx bs_ctx = { .in = framed[0].data, .in_len = framed[0].len, .out = out,
                             .out_cap = out_cap, .content = content,
                             .content_len = STREAM_CONTENT };
    r = add_row("build.begin_request", "build_begin_request (typical request)",
                ops_build_begin_request, &br_ctx, ops_memcpy, &br_ctx, "memcpy", (bench_fn)NULL);
    r->octets = typical.len;
    r = add_row("build.params", params_label, ops_build_params, &bp_ctx, ops_memcpy,
                &bp_ctx, "memcpy", (bench_fn)NULL);
    r->octets = params.len;
    r = add_row("build.stream", "build_stream (1 MiB STDOUT, terminated)", ops_build_stream,
                &bs_ctx, ops_memcpy, &bs_ctx, "memcpy", (bench_fn)NULL);
    r->octets = framed[0].len;

    const char *const dump_labels[4] = {
        "dump_record BEGIN_REQUEST", dump_params_label,
        "dump_record STDOUT (200 octets)", "dump_record END_REQUEST" };
    static const char *const dump_keys[4] = { "dump.begin", "dump.params", "dump.stdout",
                                              "dump.end" };
    ops_ctx dump_ctx[4];
    for (size_t i = 0; i < 4; i++) {
        dump_ctx[i] = (ops_ctx){ .in = dumps[i].data, .in_len = dumps[i].len, .out = out,
                                 .out_cap = FCGI_DUMP_MAX };
        add_row(dump_keys[i], dump_labels[i], ops_dump, &dump_ctx[i], ops_memcpy, &dump_ctx[i],
                "memcpy of the record", (bench_fn)NULL);
    }

    /* ---- self-checks: the timed code must find what the inputs hold ---- */
    ops_tally want, got;
    ops_walk_once(&parse_ctx, &want);
    check_tally("plain loop", &want, NMSG, 4 * NMSG, NMSG * npairs, want.checksum);
    ops_parse_once(&parse_ctx, &got);
    check_tally("parse whole", &got, NMSG, 4 * NMSG, NMSG * npairs, want.checksum);
    ops_parse_once(&piece_ctx, &got);
    check_tally("parse 1460", &got, NMSG, 4 * NMSG, NMSG * npairs, want.checksum);
    for (size_t i = 0; i < 3; i++) {
        ops_frame_once(&frame_ctx[i], &got);
        char what[96];
        snprintf(what, sizeof what, "frame %zu: %zu/%zu records, %llu content octets",
                 frame_lens[i], got.records, frame_records[i], (unsigned long long)got.content);
        check(got.status == 0 && got.records == frame_records[i] &&
                  got.content == STREAM_CONTENT,
              what);
    }
    check_build("build_begin_request", ops_build_begin_request_once, &br_ctx, &typical);
    check_build("build_params", ops_build_params_once, &bp_ctx, &params);
    check_build("build_stream", ops_build_stream_once, &bs_ctx, &framed[0]);
    for (size_t i = 0; i < 4; i++)
        check_dump(dump_labels[i], &dump_ctx[i]);
    if (failures) {
        fprintf(stderr, "bench_codec: %d check(s) failed; not timing\n", failures);
        return 1;
    }

    if (profile) {
        /* KEY or KEY/I: the row's I-th function (0 the operation, then
         * its baselines in table order) */
        char key[64];
        size_t fn = 0;
        snprintf(key, sizeof key, "%s", profile);
        char *slash = strchr(key, '/');
        if (slash) {
            *slash = '\0';
            fn = (size_t)strtoul(slash + 1, NULL, 10);
        }
        const row *pr = find_row(key);
        if (!pr || fn >= pr->nfns) {
            fprintf(stderr, "bench_codec: no operation %s\n", profile);
            return 2;
        }
        measure_sink += pr->fns[fn](pr->ctxs[fn], profile_iters);
        return 0;
    }

    /* ---- timing ---- */
    for (size_t i = 0; i < nrows; i++)
        measure_interleaved(rows[i].fns, rows[i].ctxs, rows[i].nfns, &cfg, &rows[i].m);
    if (perl)
        read_perl(perl);

    /* ---- report ---- */
    char cpu[256];
    struct utsname u;
    cpu_model(cpu, sizeof cpu);
    uname(&u);
    printf("## fcgicodec %s benchmark%s\n\n", FCGI_CODEC_VERSION_STRING, smoke ? " (smoke run: figures meaningless)" : "");
    printf("Machine: %s, %ld online CPUs, Linux %s; compiler: %s %s, codec built as %s.\n",
           cpu, sysconf(_SC_NPROCESSORS_ONLN), u.release, BENCH_COMPILER, __VERSION__,
           BENCH_BUILD_TYPE);
    printf("Method: %u rounds; each round times the operation and its baselines back to back "
           "(order rotating), batches of ≥ %.1f ms; figures are medians, ratios the median of "
           "per-round ratios. Parse rows: a keep-alive stream of %d typical requests "
           "(%zu octets each, PARAMS content %zu octets); per-message figures.\n\n",
           cfg.rounds, cfg.batch_ns / 1e6, NMSG, typical.len, params.len);
    print_table();
    print_targets();

    for (size_t i = 0; i < 3; i++)
        inputs_buf_free(&framed[i]);
    for (size_t i = 0; i < 4; i++)
        inputs_buf_free(&dumps[i]);
    inputs_buf_free(&typical);
    inputs_buf_free(&stream);
    inputs_buf_free(&params);
    free(content);
    free(out);
    return failures ? 1 : 0;
}

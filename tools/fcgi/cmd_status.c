// SPDX-License-Identifier: MIT
/* cmd_status.c - `fcgi status ADDRESS...`: health check through php-fpm's
 * pm.status_path, its numbers compared with limits (the checking itself is
 * probe.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "client_exit.h"
#include "client_json.h"
#include "commands.h"
#include "probe.h"

static const char usage_text[] =
    "usage: fcgi status ADDRESS... [options]\n"
    "\n"
    "Health check through php-fpm's pm.status_path: reads PATH?json from every\n"
    "ADDRESS at once and compares its numbers with the limits given.  ADDRESS is\n"
    "host:port, [v6]:port, unix:/path or /path; a path may be a glob.  One line\n"
    "per address: healthy ones on standard output (pool, queue, processes),\n"
    "failures on standard error saying why.\n"
    "\n"
    "options:\n"
    "      --path PATH                 the pool's pm.status_path (default /status)\n"
    "      --max-listen-queue N        unhealthy when 'listen queue' > N\n"
    "      --max-active-processes N    unhealthy when 'active processes' > N\n"
    "      --max-slow-requests N       unhealthy when 'slow requests' > N\n"
    "      --min-idle-processes N      unhealthy when 'idle processes' < N\n"
    "      --max-children-reached N    unhealthy when 'max children reached' > N\n"
    "      --check 'FIELD<=N'          any numeric field, <= or >= (repeatable)\n"
    "  -t, --timeout T                 total time (default 3)\n"
    "  -q, --quiet                     print nothing for healthy addresses\n"
    "  -v, --verbose                   print the whole status JSON of each address\n"
    "      --trace                     print every record to standard error\n"
    "\n"
    "exit codes (several addresses: the code of the first unhealthy one):\n"
    "  0  healthy\n"
    "  1  a limit is exceeded, the status is not 200, or the page is not JSON\n"
    "  2  usage error (also a malformed address)\n"
    "  3  cannot connect (refused, no such socket, unknown host, no socket\n"
    "     matches the glob)\n"
    "  4  connection closed early, malformed response or CGI header block, or\n"
    "     a header block or body over 64 KiB (more than a probe reads)\n"
    "  5  timeout\n"
    "  6  END_REQUEST protocol status not FCGI_REQUEST_COMPLETE\n"
    "\n"
    "Kubernetes readiness (pool with pm.status_path = /status):\n"
    "  readinessProbe:\n"
    "    exec: {command: [fcgi, status, /run/php/php-fpm.sock, --max-listen-queue, 10]}\n";

/* A threshold on a numeric member of the status JSON. */
typedef struct check {
    const char *field;
    char op;        /* '<' means value <= limit, '>' means value >= limit */
    double limit;
} check;

typedef struct checks {
    check c[32];
    int n;
} checks;

/* Evaluates the status JSON; 0 when every check passes. */
static int judge_status(const probe_cfg *cfg, const char *body, size_t len, char *why,
                        size_t cap)
{
    const checks *cks = cfg->data;
    double v;
    char pool[64] = "?";
    if (client_json_member(body, len, "pool", &v, pool, sizeof pool) < 0) {
        snprintf(why, cap, "the status page is not JSON (is %s the pool's pm.status_path?)",
                 cfg->path);
        return EXIT_HTTP_ERROR;
    }
    for (int i = 0; i < cks->n; i++) {
        const check *ck = &cks->c[i];
        char sv[8];
        if (client_json_member(body, len, ck->field, &v, sv, sizeof sv) != 1) {
            snprintf(why, cap, "pool %s: no numeric '%s' in the status page", pool, ck->field);
            return EXIT_HTTP_ERROR;
        }
        bool ok = ck->op == '<' ? v <= ck->limit : v >= ck->limit;
        if (!ok) {
            snprintf(why, cap, "pool %s: %s is %g, limit %s %g", pool, ck->field, v,
                     ck->op == '<' ? "<=" : ">=", ck->limit);
            return EXIT_HTTP_ERROR;
        }
    }
    double lq = -1, act = -1, tot = -1, idle = -1, slow = -1;
    client_json_member(body, len, "listen queue", &lq, NULL, 0);
    client_json_member(body, len, "active processes", &act, NULL, 0);
    client_json_member(body, len, "total processes", &tot, NULL, 0);
    client_json_member(body, len, "idle processes", &idle, NULL, 0);
    client_json_member(body, len, "slow requests", &slow, NULL, 0);
    snprintf(why, cap,
             "pool %s: listen queue %g, active %g of %g processes, idle %g, slow requests %g",
             pool, lq, act, tot, idle, slow);
    return EXIT_OK_;
}

static int parse_limit(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return (*s && !*end) ? 0 : -1;
}

static int add_check(checks *cks, const char *field, char op, const char *limit)
{
    if (cks->n == (int)(sizeof cks->c / sizeof cks->c[0]))
        return -1;
    check *ck = &cks->c[cks->n];
    ck->field = field;
    ck->op = op;
    if (parse_limit(limit, &ck->limit) != 0)
        return -1;
    cks->n++;
    return 0;
}

/* "FIELD<=N" or "FIELD>=N"; the field string is cut in place. */
static int add_generic_check(checks *cks, char *expr)
{
    char *op = strstr(expr, "<=");
    char kind = '<';
    if (!op) {
        op = strstr(expr, ">=");
        kind = '>';
    }
    if (!op || op == expr)
        return -1;
    *op = '\0';
    return add_check(cks, expr, kind, op + 2);
}

int cmd_status(int argc, char **argv)
{
    enum { O_PATH = CLI_FIRST_OWN, O_MLQ, O_MAP, O_MSR, O_MIP, O_MCR, O_CHECK };
    static const struct option options[] = {
        {"path", required_argument, NULL, O_PATH},
        CLI_OPTION_TIMEOUT,
        CLI_OPTION_QUIET,
        CLI_OPTION_VERBOSE,
        CLI_OPTION_TRACE,
        CLI_OPTION_HELP,
        {"max-listen-queue", required_argument, NULL, O_MLQ},
        {"max-active-processes", required_argument, NULL, O_MAP},
        {"max-slow-requests", required_argument, NULL, O_MSR},
        {"min-idle-processes", required_argument, NULL, O_MIP},
        {"max-children-reached", required_argument, NULL, O_MCR},
        {"check", required_argument, NULL, O_CHECK},
        {NULL, 0, NULL, 0},
    };
    checks cks = {.n = 0};
    cli_common common = {.name = "status", .usage = usage_text, .timeout_ms = 3000};
    probe_cfg cfg = {
        .path = "/status",
        .query = "?json",
        .hint = " (is pm.status_path set to this path in the pool?)",
        .judge = judge_status,
        .data = &cks,
    };
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "t:qv", options, NULL)) != -1) {
        int step = cli_step(&common, opt == 't' ? CLI_TIMEOUT : opt, optarg);
        if (step == CLI_GO_ON)
            continue;
        if (step != CLI_OWN)
            return step;
        int bad = 0;
        switch (opt) {
        case O_PATH:
            cfg.path = optarg;
            bad = !probe_path_ok(optarg);
            break;
        case O_MLQ:
            bad = add_check(&cks, "listen queue", '<', optarg);
            break;
        case O_MAP:
            bad = add_check(&cks, "active processes", '<', optarg);
            break;
        case O_MSR:
            bad = add_check(&cks, "slow requests", '<', optarg);
            break;
        case O_MIP:
            bad = add_check(&cks, "idle processes", '>', optarg);
            break;
        case O_MCR:
            bad = add_check(&cks, "max children reached", '<', optarg);
            break;
        case O_CHECK:
            bad = add_generic_check(&cks, optarg);
            break;
        default:
            fprintf(stderr, "(see fcgi status --help)\n");
            return EXIT_USAGE;
        }
        if (bad) {
            fprintf(stderr, "fcgi status: bad value '%s'\n(see fcgi status --help)\n", optarg);
            return EXIT_USAGE;
        }
    }
    return probe_run(&cfg, &common, argc, argv, optind);
}

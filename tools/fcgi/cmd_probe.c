// SPDX-License-Identifier: MIT
/* cmd_probe.c - `fcgi ping` and `fcgi status`: health checks for container
 * probes, through php-fpm's ping.path and pm.status_path.
 *
 * Every address is checked at the same time (one thread each) against one
 * total deadline, so a stalled or streaming server cannot make the probe
 * outlive its --timeout; a timer stops the process at the limit whatever
 * else blocks. */
#include <getopt.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgi_params.h"
#include "cgi_response.h"
#include "client_conn.h"
#include "client_exchange.h"
#include "client_exit.h"
#include "client_json.h"
#include "commands.h"
#include "net.h"

/* A threshold on a numeric member of the status JSON. */
typedef struct check {
    const char *field;
    char op;        /* '<' means value <= limit, '>' means value >= limit */
    double limit;
} check;

/* What a probe reads at most: php-fpm's ping answer is a word and its
 * status page (?json, without &full) a few hundred octets.  A server that
 * sends more, or an endless header block (cut at CGI_HEADER_MAX), is
 * stopped there, so a sick server cannot make the probe grow. */
#define PROBE_BODY_MAX 65536

typedef struct probe_cfg {
    bool status;        /* status page (else ping) */
    const char *path;
    const char *expect; /* ping: expected body */
    check checks[32];
    int nchecks;
    client_timeouts to;
    const client_trace *trace;
    bool verbose;
} probe_cfg;

typedef struct probe {
    const probe_cfg *cfg;
    char address[4096];
    unsigned conn_id;
    int exit_code;
    char why[512];
    int64_t ms;
    pthread_t thread;
} probe;

static const char ping_usage[] =
    "usage: fcgi ping ADDRESS... [options]\n"
    "\n"
    "Health check through php-fpm's ping.path: sends GET PATH to every ADDRESS at\n"
    "once and expects HTTP status 200 with the body EXPECT.  ADDRESS is\n"
    "host:port, [v6]:port, unix:/path or /path; a path may be a glob\n"
    "('/run/php/*.sock').  One line per address: healthy ones on standard\n"
    "output, failures on standard error saying why.\n"
    "\n"
    "options:\n"
    "      --path PATH     the pool's ping.path (default /ping)\n"
    "      --expect TEXT   the pool's ping.response (default pong); trailing\n"
    "                      white space of the body is ignored\n"
    "  -t, --timeout T     total time for the whole check (default 3; seconds or\n"
    "                      300ms)\n"
    "  -q, --quiet         print nothing for healthy addresses\n"
    "      --trace         print every record to standard error\n"
    "\n"
    "exit codes (several addresses: the code of the first unhealthy one, in the\n"
    "order given):\n"
    "  0  healthy\n"
    "  1  answered, but not status 200 with the expected body\n"
    "  2  usage error (also a malformed address)\n"
    "  3  cannot connect (refused, no such socket, unknown host, no socket\n"
    "     matches the glob)\n"
    "  4  connection closed early, malformed response or CGI header block, or\n"
    "     a header block or body over 64 KiB (more than a probe reads)\n"
    "  5  timeout\n"
    "  6  END_REQUEST protocol status not FCGI_REQUEST_COMPLETE (e.g. OVERLOADED)\n"
    "\n"
    "Kubernetes (pool with ping.path = /ping):\n"
    "  livenessProbe:\n"
    "    exec: {command: [fcgi, ping, /run/php/php-fpm.sock, --timeout, 2]}\n";

static const char status_usage[] =
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

/* Evaluates the status JSON; 0 when every check passes. */
static int judge_status(probe *pr, const char *body, size_t len)
{
    const probe_cfg *cfg = pr->cfg;
    double v;
    char pool[64] = "?";
    if (client_json_member(body, len, "pool", &v, pool, sizeof pool) < 0) {
        snprintf(pr->why, sizeof pr->why, "the status page is not JSON (is %s the pool's "
                 "pm.status_path?)", cfg->path);
        return EXIT_HTTP_ERROR;
    }
    for (int i = 0; i < cfg->nchecks; i++) {
        const check *ck = &cfg->checks[i];
        char sv[8];
        if (client_json_member(body, len, ck->field, &v, sv, sizeof sv) != 1) {
            snprintf(pr->why, sizeof pr->why, "pool %s: no numeric '%s' in the status page",
                     pool, ck->field);
            return EXIT_HTTP_ERROR;
        }
        bool ok = ck->op == '<' ? v <= ck->limit : v >= ck->limit;
        if (!ok) {
            snprintf(pr->why, sizeof pr->why, "pool %s: %s is %g, limit %s %g", pool, ck->field,
                     v, ck->op == '<' ? "<=" : ">=", ck->limit);
            return EXIT_HTTP_ERROR;
        }
    }
    double lq = -1, act = -1, tot = -1, idle = -1, slow = -1;
    client_json_member(body, len, "listen queue", &lq, NULL, 0);
    client_json_member(body, len, "active processes", &act, NULL, 0);
    client_json_member(body, len, "total processes", &tot, NULL, 0);
    client_json_member(body, len, "idle processes", &idle, NULL, 0);
    client_json_member(body, len, "slow requests", &slow, NULL, 0);
    snprintf(pr->why, sizeof pr->why,
             "pool %s: listen queue %g, active %g of %g processes, idle %g, slow requests %g",
             pool, lq, act, tot, idle, slow);
    return EXIT_OK_;
}

static void *run_probe(void *arg)
{
    probe *pr = arg;
    const probe_cfg *cfg = pr->cfg;
    int64_t start = net_now_ms();
    char err[320];
    net_addr addr;
    cgi_params params;
    cgi_params_init(&params);
    client_conn *conn = NULL;
    cgi_response resp;
    cgi_response_init(&resp, NULL, NULL, false, 0);
    char *body = NULL;
    size_t body_len = 0;
    FILE *mem = NULL;
    uint8_t *req = NULL;
    size_t req_len = 0;
    pr->exit_code = EXIT_USAGE;

    int parsed = net_parse_address(pr->address, &addr, err, sizeof err);
    if (parsed != NET_ADDR_OK) {
        pr->exit_code = parsed == NET_ADDR_MALFORMED ? EXIT_USAGE : EXIT_CONNECT;
        snprintf(pr->why, sizeof pr->why, "%s", err);
        goto out;
    }
    char uri[1100];
    snprintf(uri, sizeof uri, "%s%s", cfg->path, cfg->status ? "?json" : "");
    cgi_request_spec spec = {.script_filename = cfg->path, .uri = uri, .content_length = -1};
    if (cgi_params_standard(&params, &spec) != 0 ||
        !(req = client_build_request(1, FCGI_RESPONDER, false, &params, false,
                                     &(fcgi_span){NULL, 0}, NULL, &req_len, err, sizeof err))) {
        snprintf(pr->why, sizeof pr->why, "cannot build the request");
        goto out;
    }
    client_result res = {0};
    int fd = client_connect(&addr, &cfg->to, &res);
    if (fd < 0) {
        pr->exit_code = res.exit_code;
        snprintf(pr->why, sizeof pr->why, "%s", res.why);
        goto out;
    }
    conn = malloc(sizeof *conn);
    mem = open_memstream(&body, &body_len);
    if (!conn || !mem) {
        close(fd);
        snprintf(pr->why, sizeof pr->why, "out of memory");
        goto out;
    }
    resp.body_out = mem;
    resp.body_max = PROBE_BODY_MAX;
    client_conn_init(conn, fd, pr->conn_id, cfg->trace);
    client_request rq = {.records = req, .len = req_len};
    client_exchange(conn, 1, &rq, &resp, &cfg->to, &res);
    close(fd);
    fclose(mem);
    mem = NULL;
    if (res.exit_code == EXIT_HTTP_ERROR || (res.exit_code == 0 && resp.status != 200)) {
        pr->exit_code = EXIT_HTTP_ERROR;
        const char *hint = "";
        if (resp.status == 404 && cgi_response_hint(&resp))
            hint = cfg->status ? " (is pm.status_path set to this path in the pool?)"
                               : " (is ping.path set to this path in the pool?)";
        else if (resp.status == 403 && cgi_response_hint(&resp))
            hint = " (php-fpm ran the path as a script: is it the pool's ping.path / "
                   "pm.status_path?)";
        snprintf(pr->why, sizeof pr->why, "HTTP status %d for %s%s", resp.status, cfg->path,
                 hint);
        goto out;
    }
    if (res.exit_code != 0) {
        pr->exit_code = res.exit_code;
        snprintf(pr->why, sizeof pr->why, "%s", res.why);
        goto out;
    }
    if (cfg->verbose)
        printf("%s: %.*s\n", pr->address, (int)body_len, body);
    if (cfg->status) {
        pr->exit_code = judge_status(pr, body, body_len);
    } else {
        size_t n = body_len;
        while (n > 0 && strchr(" \t\r\n", body[n - 1]))
            n--;
        if (n != strlen(cfg->expect) || memcmp(body, cfg->expect, n) != 0) {
            pr->exit_code = EXIT_HTTP_ERROR;
            snprintf(pr->why, sizeof pr->why, "%s answered '%.*s', expected '%s'", cfg->path,
                     (int)(n > 60 ? 60 : n), body, cfg->expect);
        } else {
            pr->exit_code = EXIT_OK_;
            snprintf(pr->why, sizeof pr->why, "%s", cfg->expect);
        }
    }
out:
    pr->ms = net_now_ms() - start;
    if (mem)
        fclose(mem);
    free(body);
    free(conn);
    free(req);
    cgi_response_free(&resp);
    cgi_params_free(&params);
    return NULL;
}

static bool has_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

static int parse_limit(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return (*s && !*end) ? 0 : -1;
}

static int add_check(probe_cfg *cfg, const char *field, char op, const char *limit)
{
    if (cfg->nchecks == (int)(sizeof cfg->checks / sizeof cfg->checks[0]))
        return -1;
    check *ck = &cfg->checks[cfg->nchecks];
    ck->field = field;
    ck->op = op;
    if (parse_limit(limit, &ck->limit) != 0)
        return -1;
    cfg->nchecks++;
    return 0;
}

/* "FIELD<=N" or "FIELD>=N"; the field string is cut in place. */
static int add_generic_check(probe_cfg *cfg, char *expr)
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
    return add_check(cfg, expr, kind, op + 2);
}

static int run_probes(int argc, char **argv, bool status)
{
    enum {
        O_PATH = 256, O_EXPECT, O_TRACE, O_HELP, O_MLQ, O_MAP, O_MSR, O_MIP, O_MCR, O_CHECK
    };
    static const struct option ping_opts[] = {
        {"path", required_argument, NULL, O_PATH},
        {"expect", required_argument, NULL, O_EXPECT},
        {"timeout", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"trace", no_argument, NULL, O_TRACE},
        {"help", no_argument, NULL, O_HELP},
        {NULL, 0, NULL, 0},
    };
    static const struct option status_opts[] = {
        {"path", required_argument, NULL, O_PATH},
        {"timeout", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"trace", no_argument, NULL, O_TRACE},
        {"help", no_argument, NULL, O_HELP},
        {"max-listen-queue", required_argument, NULL, O_MLQ},
        {"max-active-processes", required_argument, NULL, O_MAP},
        {"max-slow-requests", required_argument, NULL, O_MSR},
        {"min-idle-processes", required_argument, NULL, O_MIP},
        {"max-children-reached", required_argument, NULL, O_MCR},
        {"check", required_argument, NULL, O_CHECK},
        {NULL, 0, NULL, 0},
    };
    const char *name = status ? "status" : "ping";
    probe_cfg cfg = {.status = status, .path = status ? "/status" : "/ping", .expect = "pong"};
    long timeout_ms = 3000;
    bool quiet = false, trace = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "t:qv", status ? status_opts : ping_opts, NULL)) !=
           -1) {
        int bad = 0;
        switch (opt) {
        case O_PATH:
            cfg.path = optarg;
            bad = optarg[0] != '/' || strlen(optarg) > 1024;
            break;
        case O_EXPECT:
            cfg.expect = optarg;
            break;
        case 't':
            timeout_ms = client_parse_duration(optarg);
            bad = timeout_ms <= 0;
            break;
        case 'q':
            quiet = true;
            break;
        case 'v':
            cfg.verbose = true;
            break;
        case O_TRACE:
            trace = true;
            break;
        case O_HELP:
            fputs(status ? status_usage : ping_usage, stdout);
            return 0;
        case O_MLQ:
            bad = add_check(&cfg, "listen queue", '<', optarg);
            break;
        case O_MAP:
            bad = add_check(&cfg, "active processes", '<', optarg);
            break;
        case O_MSR:
            bad = add_check(&cfg, "slow requests", '<', optarg);
            break;
        case O_MIP:
            bad = add_check(&cfg, "idle processes", '>', optarg);
            break;
        case O_MCR:
            bad = add_check(&cfg, "max children reached", '<', optarg);
            break;
        case O_CHECK:
            bad = add_generic_check(&cfg, optarg);
            break;
        default:
            fprintf(stderr, "(see fcgi %s --help)\n", name);
            return EXIT_USAGE;
        }
        if (bad) {
            fprintf(stderr, "fcgi %s: bad value '%s'\n(see fcgi %s --help)\n", name, optarg,
                    name);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "fcgi %s: expected at least one ADDRESS\n(see fcgi %s --help)\n", name,
                name);
        return EXIT_USAGE;
    }

    client_arm_hard_stop(timeout_ms);
    client_trace tr;
    client_trace_init(&tr, trace ? stderr : NULL);
    cfg.trace = &tr;
    cfg.to.deadline = net_now_ms() + timeout_ms;
    cfg.to.connect_ms = -1;
    cfg.to.read_ms = -1;

    /* Expand globs into the list of addresses. */
    size_t n = 0, cap = 16;
    probe *probes = calloc(cap, sizeof *probes);
    int rc = 0;
    for (int i = optind; i < argc && probes; i++) {
        const char *arg = argv[i];
        const char *pattern = !strncmp(arg, "unix:", 5) ? arg + 5 : arg;
        glob_t g = {0};
        size_t count = 1;
        bool globbed = pattern[0] == '/' && has_glob(pattern);
        if (globbed) {
            if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
                fprintf(stderr, "fcgi %s: %s: no socket matches\n", name, arg);
                if (!rc)
                    rc = EXIT_CONNECT;
                globfree(&g);
                continue;
            }
            count = g.gl_pathc;
        }
        for (size_t k = 0; k < count; k++) {
            if (n == cap) {
                probe *grown = realloc(probes, cap * 2 * sizeof *probes);
                if (!grown)
                    break;
                probes = grown;
                cap *= 2;
            }
            probe *pr = &probes[n++];
            memset(pr, 0, sizeof *pr);
            pr->cfg = &cfg;
            pr->conn_id = (unsigned)n;
            snprintf(pr->address, sizeof pr->address, "%s%s", globbed ? "unix:" : "",
                     globbed ? g.gl_pathv[k] : arg);
        }
        if (globbed)
            globfree(&g);
    }
    if (!probes) {
        fprintf(stderr, "fcgi %s: out of memory\n", name);
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < n; i++)
        if (pthread_create(&probes[i].thread, NULL, run_probe, &probes[i]) != 0)
            run_probe(&probes[i]), probes[i].thread = 0;
    for (size_t i = 0; i < n; i++) {
        if (probes[i].thread)
            pthread_join(probes[i].thread, NULL);
        probe *pr = &probes[i];
        if (pr->exit_code == 0) {
            if (!quiet)
                printf("%s: healthy: %s (%lld ms)\n", pr->address, pr->why, (long long)pr->ms);
        } else {
            fprintf(stderr, "fcgi %s: %s: unhealthy: %s\n", name, pr->address, pr->why);
            if (!rc)
                rc = pr->exit_code;
        }
    }
    fflush(stdout);
    free(probes);
    return rc;
}

int cmd_ping(int argc, char **argv)
{
    return run_probes(argc, argv, false);
}

int cmd_status(int argc, char **argv)
{
    return run_probes(argc, argv, true);
}

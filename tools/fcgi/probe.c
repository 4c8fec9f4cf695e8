// SPDX-License-Identifier: MIT
/* probe.c - the health checks of `fcgi ping` and `fcgi status` (probe.h):
 * one request per address, all at once, under one deadline. */
#include "probe.h"

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
#include "net.h"

/* What every probe of one run shares. */
typedef struct run {
    const probe_cfg *cfg;
    bool verbose;
    client_timeouts to;
    const client_trace *trace;
} run;

typedef struct probe {
    const run *run;
    char address[4096];
    unsigned conn_id;
    int exit_code;
    char why[512];
    int64_t ms;
    pthread_t thread;
} probe;

static void *run_probe(void *arg)
{
    probe *pr = arg;
    const run *rn = pr->run;
    const probe_cfg *cfg = rn->cfg;
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
    snprintf(uri, sizeof uri, "%s%s", cfg->path, cfg->query);
    cgi_request_spec spec = {.script_filename = cfg->path, .uri = uri, .content_length = -1};
    if (cgi_params_standard(&params, &spec) != 0 ||
        !(req = client_build_request(1, FCGI_RESPONDER, false, &params, false,
                                     &(fcgi_span){NULL, 0}, NULL, &req_len, err, sizeof err))) {
        snprintf(pr->why, sizeof pr->why, "cannot build the request");
        goto out;
    }
    client_result res = {0};
    int fd = client_connect(&addr, &rn->to, &res);
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
    client_conn_init(conn, fd, pr->conn_id, rn->trace);
    client_request rq = {.records = req, .len = req_len};
    client_exchange(conn, 1, &rq, &resp, &rn->to, &res);
    close(fd);
    fclose(mem);
    mem = NULL;
    if (res.exit_code == EXIT_HTTP_ERROR || (res.exit_code == 0 && resp.status != 200)) {
        pr->exit_code = EXIT_HTTP_ERROR;
        const char *hint = "";
        if (resp.status == 404 && cgi_response_hint(&resp))
            hint = cfg->hint;
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
    if (rn->verbose)
        printf("%s: %.*s\n", pr->address, (int)body_len, body);
    pr->exit_code = cfg->judge(cfg, body, body_len, pr->why, sizeof pr->why);
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

bool probe_path_ok(const char *path)
{
    return path[0] == '/' && strlen(path) <= 1024;
}

int probe_run(const probe_cfg *cfg, const cli_common *common, int argc, char **argv, int first)
{
    const char *name = common->name;
    if (first >= argc) {
        fprintf(stderr, "fcgi %s: expected at least one ADDRESS\n(see fcgi %s --help)\n", name,
                name);
        return EXIT_USAGE;
    }
    client_arm_hard_stop(common->timeout_ms);
    client_trace tr;
    client_trace_init(&tr, common->trace ? stderr : NULL);
    run rn = {
        .cfg = cfg,
        .verbose = common->verbose,
        .to = {.connect_ms = -1, .read_ms = -1, .deadline = net_now_ms() + common->timeout_ms},
        .trace = &tr,
    };

    /* Expand globs into the list of addresses. */
    size_t n = 0, cap = 16;
    probe *probes = calloc(cap, sizeof *probes);
    int rc = 0;
    for (int i = first; i < argc && probes; i++) {
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
            pr->run = &rn;
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
            if (!common->quiet)
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

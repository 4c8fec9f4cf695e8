// SPDX-License-Identifier: MIT
/* cmd_ping.c - `fcgi ping ADDRESS...`: health check through php-fpm's
 * ping.path (the checking itself is probe.c). */
#include <stdio.h>
#include <string.h>

#include "cli_options.h"
#include "client_exit.h"
#include "commands.h"
#include "probe.h"

static const char usage_text[] =
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

/* Healthy when the body is the expected word, trailing white space aside. */
static int judge_ping(const probe_cfg *cfg, const char *body, size_t len, char *why, size_t cap)
{
    const char *expect = cfg->data;
    size_t n = len;
    while (n > 0 && strchr(" \t\r\n", body[n - 1]))
        n--;
    if (n != strlen(expect) || memcmp(body, expect, n) != 0) {
        snprintf(why, cap, "%s answered '%.*s', expected '%s'", cfg->path,
                 (int)(n > 60 ? 60 : n), body, expect);
        return EXIT_HTTP_ERROR;
    }
    snprintf(why, cap, "%s", expect);
    return EXIT_OK_;
}

int cmd_ping(int argc, char **argv)
{
    enum { O_PATH = CLI_FIRST_OWN, O_EXPECT };
    static const struct option options[] = {
        {"path", required_argument, NULL, O_PATH},
        {"expect", required_argument, NULL, O_EXPECT},
        CLI_OPTION_TIMEOUT,
        CLI_OPTION_QUIET,
        CLI_OPTION_VERBOSE,
        CLI_OPTION_TRACE,
        CLI_OPTION_HELP,
        {NULL, 0, NULL, 0},
    };
    cli_common common = {.name = "ping", .usage = usage_text, .timeout_ms = 3000};
    probe_cfg cfg = {
        .path = "/ping",
        .query = "",
        .hint = " (is ping.path set to this path in the pool?)",
        .judge = judge_ping,
        .data = "pong",
    };
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "t:qv", options, NULL)) != -1) {
        int step = cli_step(&common, opt == 't' ? CLI_TIMEOUT : opt, optarg);
        if (step == CLI_GO_ON)
            continue;
        if (step != CLI_OWN)
            return step;
        if (opt == O_PATH && probe_path_ok(optarg)) {
            cfg.path = optarg;
        } else if (opt == O_EXPECT) {
            cfg.data = optarg;
        } else {
            if (opt == O_PATH)
                fprintf(stderr, "fcgi ping: bad value '%s'\n", optarg);
            fprintf(stderr, "(see fcgi ping --help)\n");
            return EXIT_USAGE;
        }
    }
    return probe_run(&cfg, &common, argc, argv, optind);
}

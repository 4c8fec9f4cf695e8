// SPDX-License-Identifier: MIT
/* cmd_values.c - `fcgi values ADDRESS [NAME...]`: FCGI_GET_VALUES. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_options.h"
#include "client_exchange.h"
#include "client_exit.h"
#include "client_trace.h"
#include "client_values.h"
#include "commands.h"
#include "net.h"

static const char usage_text[] =
    "usage: fcgi values ADDRESS [NAME...] [options]\n"
    "\n"
    "Send FCGI_GET_VALUES and print the FCGI_GET_VALUES_RESULT, one NAME=VALUE a\n"
    "line on standard output.  Default names: FCGI_MAX_CONNS FCGI_MAX_REQS\n"
    "FCGI_MPXS_CONNS.  Names the server left out are reported on standard error\n"
    "(php-fpm answers only FCGI_MPXS_CONNS).  A server that answers only after\n"
    "more octets arrive (libfcgi: fcgiwrap and other libfcgi programs) is sent\n"
    "the query again after --wait and reported as answering late.\n"
    "\n"
    "options:\n"
    "  -w, --wait T            wait this long before sending the query again\n"
    "                          (default 500ms)\n"
    "      --connect-timeout T connecting (default 5)\n"
    "  -m, --max-time T        the whole command (default 10)\n"
    "      --trace             print every record sent and received to stderr\n"
    "\n"
    "exit codes:\n"
    "  0  every name answered\n"
    "  1  the answer left out some names (listed on stderr)\n"
    "  2  usage error (also a malformed address)\n"
    "  3  cannot connect (refused, no such socket, unknown host)\n"
    "  4  connection closed without an answer, malformed answer (also one\n"
    "     under a request id other than 0), or FCGI_UNKNOWN_TYPE\n"
    "  5  no answer in time, even after sending the query again\n";

static const struct option long_options[] = {
    {"wait", required_argument, NULL, 'w'},
    {"connect-timeout", required_argument, NULL, 'c'},
    {"max-time", required_argument, NULL, 'm'},
    CLI_OPTION_TRACE,
    CLI_OPTION_HELP,
    {NULL, 0, NULL, 0},
};

int cmd_values(int argc, char **argv)
{
    long wait_ms = 500, connect_ms = 5000, total_ms = 10000;
    cli_common common = {.name = "values", .usage = usage_text};
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "w:m:", long_options, NULL)) != -1) {
        long *target = NULL;
        int step = cli_step(&common, opt, optarg);
        if (step == CLI_GO_ON)
            continue;
        if (step != CLI_OWN)
            return step;
        switch (opt) {
        case 'w':
            target = &wait_ms;
            break;
        case 'c':
            target = &connect_ms;
            break;
        case 'm':
            target = &total_ms;
            break;
        default:
            fprintf(stderr, "(see fcgi values --help)\n");
            return EXIT_USAGE;
        }
        if ((*target = client_parse_duration(optarg)) < 0) {
            fprintf(stderr, "fcgi values: bad duration '%s'\n", optarg);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "fcgi values: expected ADDRESS\n(see fcgi values --help)\n");
        return EXIT_USAGE;
    }
    const char *address = argv[optind++];
    static const char *const defaults[] = {FCGI_MAX_CONNS, FCGI_MAX_REQS, FCGI_MPXS_CONNS};
    const char *const *names = defaults;
    size_t n = 3;
    if (optind < argc) {
        names = (const char *const *)&argv[optind];
        n = (size_t)(argc - optind);
    }

    char err[320];
    net_addr addr;
    int parsed = net_parse_address(address, &addr, err, sizeof err);
    if (parsed != NET_ADDR_OK) {
        fprintf(stderr, "fcgi values: %s\n", err);
        return parsed == NET_ADDR_MALFORMED ? EXIT_USAGE : EXIT_CONNECT;
    }
    client_trace tr;
    client_trace_init(&tr, common.trace ? stderr : NULL);
    client_timeouts to = {
        .connect_ms = connect_ms ? (int)connect_ms : -1,
        .read_ms = -1,
        .deadline = total_ms ? net_now_ms() + total_ms : -1,
    };
    client_values_result res;
    client_get_values(&addr, names, n, (int)wait_ms, &to, &tr, &res);
    if (!res.answered) {
        fprintf(stderr, "fcgi values: %s: %s\n", addr.text, res.why);
        return res.exit_code;
    }
    if (res.malformed) {
        fprintf(stderr, "fcgi values: %s: the answer is not well-formed name-value pairs "
                        "(%zu octets)\n", addr.text, res.content_len);
        free(res.content);
        return EXIT_PROTOCOL;
    }

    /* Print every pair in the server's order, then say what is missing. */
    bool *found = calloc(n, sizeof *found);
    fcgi_params_iter it;
    fcgi_params_iter_init(&it, res.content, res.content_len);
    fcgi_nv_pair pr;
    size_t extra = 0;
    while (fcgi_params_next(&it, &pr) == FCGI_OK) {
        printf("%.*s=%.*s\n", (int)pr.name.len, (const char *)pr.name.data, (int)pr.value.len,
               (const char *)pr.value.data);
        bool asked = false;
        for (size_t i = 0; i < n; i++)
            if (strlen(names[i]) == pr.name.len && !memcmp(names[i], pr.name.data, pr.name.len)) {
                found[i] = true;
                asked = true;
            }
        extra += !asked;
    }
    size_t missing = 0;
    for (size_t i = 0; i < n; i++)
        missing += !found[i];
    if (res.late)
        fprintf(stderr, "fcgi values: %s: answered late: only after more octets arrived "
                        "(libfcgi behaviour), %lld ms\n", addr.text, (long long)res.elapsed_ms);
    if (extra)
        fprintf(stderr, "fcgi values: %s: %zu name(s) in the answer were not asked for\n",
                addr.text, extra);
    if (missing) {
        fprintf(stderr, "fcgi values: %s: partial answer, %zu of %zu name(s) left out:",
                addr.text, missing, n);
        for (size_t i = 0; i < n; i++)
            if (!found[i])
                fprintf(stderr, " %s", names[i]);
        fprintf(stderr, "\n");
    }
    free(found);
    free(res.content);
    return missing ? EXIT_HTTP_ERROR : EXIT_OK_;
}

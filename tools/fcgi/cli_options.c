// SPDX-License-Identifier: MIT
/* cli_options.c - the options several subcommands share (cli_options.h). */
#include "cli_options.h"

#include <stdio.h>

#include "client_exchange.h"

enum cli_result cli_option(cli_common *c, int code, const char *arg)
{
    switch (code) {
    case CLI_HELP:
    case 'h':
        fputs(c->usage, stdout);
        return CLI_EXIT_HELP;
    case CLI_TRACE:
        c->trace = true;
        return CLI_TAKEN;
    case CLI_QUIET:
    case 'q':
        c->quiet = true;
        return CLI_TAKEN;
    case CLI_VERBOSE:
    case 'v':
        c->verbose = true;
        return CLI_TAKEN;
    case CLI_TIMEOUT:
        c->timeout_ms = client_parse_duration(arg);
        if (c->timeout_ms <= 0) {
            fprintf(stderr, "fcgi %s: bad value '%s'\n(see fcgi %s --help)\n", c->name, arg,
                    c->name);
            return CLI_EXIT_USAGE;
        }
        return CLI_TAKEN;
    default:
        return CLI_NOT_SHARED;
    }
}

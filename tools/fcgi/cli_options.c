// SPDX-License-Identifier: MIT
/* cli_options.c - the options several subcommands share (cli_options.h). */
#include "cli_options.h"

#include <stdio.h>

#include "client_exchange.h"
#include "client_exit.h"

int cli_step(cli_common *c, int code, const char *arg)
{
    switch (code) {
    case CLI_HELP:
    case 'h':
        fputs(c->usage, stdout);
        return 0;
    case CLI_TRACE:
        c->trace = true;
        return CLI_GO_ON;
    case CLI_QUIET:
    case 'q':
        c->quiet = true;
        return CLI_GO_ON;
    case CLI_VERBOSE:
    case 'v':
        c->verbose = true;
        return CLI_GO_ON;
    case CLI_TIMEOUT:
        c->timeout_ms = client_parse_duration(arg);
        if (c->timeout_ms <= 0) {
            fprintf(stderr, "fcgi %s: bad value '%s'\n(see fcgi %s --help)\n", c->name, arg,
                    c->name);
            return EXIT_USAGE;
        }
        return CLI_GO_ON;
    default:
        return CLI_OWN;
    }
}

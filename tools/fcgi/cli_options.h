/* SPDX-License-Identifier: MIT */
/* cli_options.h - the options several subcommands share, with one spelling,
 * one meaning and one parser:
 *
 *   --help           print the subcommand's usage and exit 0
 *   --trace          print every record sent and received on standard error
 *   -q, --quiet      print nothing for what went well
 *   -v, --verbose    print more about what happened
 *   --timeout T      a time limit (client_parse_duration(): 3, 2.5, 300ms, 1m)
 *
 * A subcommand lists those it takes in its getopt_long() table with the
 * CLI_OPTION_* entries and passes every code getopt_long() returns to
 * cli_step() before its own switch.  The short letters -q, -v and -h are
 * the same everywhere; a subcommand that gives -t to --timeout or --trace
 * passes CLI_TIMEOUT or CLI_TRACE for it. */
#ifndef FCGI_TOOL_CLI_OPTIONS_H
#define FCGI_TOOL_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>

/* getopt_long() codes of the shared long options, above every character. */
enum cli_code {
    CLI_HELP = 0x1000,
    CLI_TRACE,
    CLI_QUIET,
    CLI_VERBOSE,
    CLI_TIMEOUT,
    CLI_FIRST_OWN /* the first code free for a subcommand's own options */
};

#define CLI_OPTION_HELP {"help", no_argument, NULL, CLI_HELP}
#define CLI_OPTION_TRACE {"trace", no_argument, NULL, CLI_TRACE}
#define CLI_OPTION_QUIET {"quiet", no_argument, NULL, CLI_QUIET}
#define CLI_OPTION_VERBOSE {"verbose", no_argument, NULL, CLI_VERBOSE}
#define CLI_OPTION_TIMEOUT {"timeout", required_argument, NULL, CLI_TIMEOUT}

/* What the shared options set.  Fill name and usage, the rest with the
 * subcommand's defaults. */
typedef struct cli_common {
    const char *name;  /* the subcommand, for messages: "ping" */
    const char *usage; /* printed by --help */
    bool trace;
    bool quiet;
    bool verbose;
    long timeout_ms;
} cli_common;

/* cli_step() results that are not exit statuses. */
enum {
    CLI_GO_ON = -1, /* a shared option, recorded in *c: read the next */
    CLI_OWN = -2,   /* not a shared option: the subcommand's own switch decides */
};

/* Handles `code` (from getopt_long(), with `arg` its optarg) when it is a
 * shared option or its short letter -q, -v or -h.  Returns CLI_GO_ON,
 * CLI_OWN, or the status to exit with: 0 after --help printed the usage,
 * EXIT_USAGE after a bad value was said on standard error. */
int cli_step(cli_common *c, int code, const char *arg);

#endif

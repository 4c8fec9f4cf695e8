/* SPDX-License-Identifier: MIT */
/* main.c - `fcgi SUBCOMMAND ...`: dispatch to the subcommand. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "fcgi/fcgi.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"dump", cmd_dump, "print the records of a raw FastCGI byte stream"},
    {"request", cmd_request, "send one request to a FastCGI server (curl for FastCGI)"},
    {"values", cmd_values, "ask a server for FCGI_GET_VALUES"},
    {"ping", cmd_ping, "health check through php-fpm's ping.path"},
    {"status", cmd_status, "health check through php-fpm's pm.status_path"},
    {"proxy", cmd_proxy, "relay and record FastCGI traffic as pcapng"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: fcgi COMMAND [ARGS...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`fcgi COMMAND --help` describes one command.\n"
                 "fcgi %s (fcgicodec)\n", FCGI_CODEC_VERSION_STRING);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("fcgi %s\n", FCGI_CODEC_VERSION_STRING);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    fprintf(stderr, "fcgi: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}

/* SPDX-License-Identifier: MIT */
/* probe.h - health checks through a php-fpm pool's own pages (ping.path,
 * pm.status_path), for `fcgi ping` (cmd_ping.c) and `fcgi status`
 * (cmd_status.c).
 *
 * Every address is checked at the same time (one thread each) against one
 * total deadline, so a stalled or streaming server cannot make the probe
 * outlive its --timeout; a timer stops the process at the limit whatever
 * else blocks. */
#ifndef FCGI_TOOL_PROBE_H
#define FCGI_TOOL_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "cli_options.h"

/* What a probe reads at most: php-fpm's ping answer is a word and its
 * status page (?json, without &full) a few hundred octets.  A server that
 * sends more, or an endless header block (cut at CGI_HEADER_MAX), is
 * stopped there, so a sick server cannot make the probe grow. */
#define PROBE_BODY_MAX 65536

typedef struct probe_cfg probe_cfg;

/* Judges the body of a status-200 answer: returns 0 (healthy) or an exit
 * code, and writes the line to print into why[0..cap). */
typedef int (*probe_judge)(const probe_cfg *cfg, const char *body, size_t len, char *why,
                           size_t cap);

struct probe_cfg {
    const char *path;   /* the page: /ping, /status */
    const char *query;  /* appended to the URI: "" or "?json" */
    const char *hint;   /* on a 404: which pool setting names the page */
    probe_judge judge;
    const void *data;   /* the subcommand's own settings, for judge */
};

/* Whether `path` can be the page a probe asks for: absolute, at most 1024
 * octets. */
bool probe_path_ok(const char *path);

/* Checks every ADDRESS of argv[first..argc) (host:port, [v6]:port,
 * unix:/path, /path, a path glob) at once with the options of `common`,
 * prints one line per address and returns the exit code of the first
 * unhealthy one in the order given, or 0; EXIT_USAGE when there is none. */
int probe_run(const probe_cfg *cfg, const cli_common *common, int argc, char **argv, int first);

#endif

/* SPDX-License-Identifier: MIT */
/* discover.h - the php-fpm sockets of this machine, one capture interface
 * each.
 *
 * Two sources, each a colon-separated list of glob patterns:
 *   socket files     FCGIDUMP_SOCKETS, default DISCOVER_SOCKETS;
 *   pool configs     FCGIDUMP_POOL_CONFIGS, default DISCOVER_POOL_CONFIGS:
 *                    the `listen = /path` line of each [pool] section,
 *                    with php-fpm's $pool expanded.
 * A variable that is set replaces its default (set and empty: that source
 * is not scanned).  Only Unix sockets that exist are listed: a TCP pool
 * can be captured by Wireshark directly.  Names that lead to the same
 * socket (Debian's php-fpm.sock is a link to php8.2-fpm.sock) give one
 * entry, under the resolved path.  Input is bounded: at most DISCOVER_MAX
 * sockets, config lines up to 1 KiB (longer ones are skipped), files up to
 * 1 MiB. */
#ifndef FCGIDUMP_DISCOVER_H
#define FCGIDUMP_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "interpose.h"

#define DISCOVER_SOCKETS "/run/php/*.sock:/run/php-fpm/*.sock"
#define DISCOVER_POOL_CONFIGS                                                      \
    "/etc/php/*/fpm/pool.d/*.conf:/etc/php/*/fpm/php-fpm.conf:"                    \
    "/etc/php-fpm.d/*.conf:/etc/php-fpm.conf:/etc/php/php-fpm.d/*.conf:"           \
    "/usr/local/etc/php-fpm.d/*.conf:/usr/local/etc/php-fpm.conf:"                 \
    "/etc/opt/remi/php*/php-fpm.d/*.conf"

#define DISCOVER_MAX 64
#define DISCOVER_PREFIX "fcgidump-"

typedef struct discovered {
    char path[INTERPOSE_PATH_MAX]; /* absolute, links resolved */
    char name[64];                 /* interface name: fcgidump-BASE[-N] */
    char pool[64];                 /* pool name from a configuration, or "" */
    bool left_interposed;          /* PATH.fcgidump-orig exists */
} discovered;

/* Fills out[0..max) sorted by path, names unique; returns the count. */
size_t discover_sockets(discovered *out, size_t max);

/* The discovered socket whose interface name is `name`: 0, or -1 when
 * there is none. */
int discover_find(const char *name, discovered *out);

#endif

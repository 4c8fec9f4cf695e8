/* SPDX-License-Identifier: MIT */
/* net.h - addresses and sockets for the fcgi tool.
 *
 * An address is "host:port", "[v6]:port", "unix:/path" or a path that
 * starts with '/'.  All functions report failures as a one-line message in
 * err (errcap octets) and return -1; they never print. */
#ifndef FCGI_TOOL_NET_H
#define FCGI_TOOL_NET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

typedef struct net_addr {
    struct sockaddr_storage ss;
    socklen_t len;
    int family;           /* AF_INET, AF_INET6 or AF_UNIX */
    char text[256];       /* the address as the user wrote it */
} net_addr;

/* What net_parse_address() returns.  A malformed address is the caller's
 * mistake (a usage error); one that is well formed but does not resolve
 * is a server that cannot be reached. */
enum net_parse_result {
    NET_ADDR_OK = 0,
    NET_ADDR_MALFORMED = -1,  /* no port, port not 1..65535, bad host octets,
                               * empty or too long socket path */
    NET_ADDR_UNRESOLVED = -2, /* getaddrinfo() found nothing */
};

/* Parses and resolves `text` (numeric hosts, "localhost" and names through
 * getaddrinfo).  Returns an enum net_parse_result. */
int net_parse_address(const char *text, net_addr *out, char *err, size_t errcap);

/* Connects a new blocking stream socket to a within timeout_ms (negative:
 * no limit).  Returns the descriptor, or -1 with err set; *refused (may be
 * NULL) is set to 1 when the peer refused (ECONNREFUSED, or ENOENT for a
 * Unix socket path), *timed_out likewise for a timeout. */
int net_connect(const net_addr *a, int timeout_ms, int *refused, int *timed_out, char *err,
                size_t errcap);

/* Creates a listening socket on a (SO_REUSEADDR; an existing Unix socket
 * file is replaced).  Returns the descriptor or -1. */
int net_listen(const net_addr *a, int backlog, char *err, size_t errcap);

/* Milliseconds on a monotonic clock. */
int64_t net_now_ms(void);

/* Writes all of buf, waiting at most until deadline_ms (net_now_ms() time;
 * negative: no deadline; nothing more is written once it has passed).  0 on
 * success, -1 with errno set (ETIMEDOUT on timeout). */
int net_write_all(int fd, const void *buf, size_t len, int64_t deadline_ms);

/* Reads at most cap octets, waiting at most until deadline_ms.  Returns the
 * count (0 at end of stream) or -1 with errno set (ETIMEDOUT on timeout). */
long net_read_some(int fd, void *buf, size_t cap, int64_t deadline_ms);

#endif

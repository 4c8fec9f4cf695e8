/* SPDX-License-Identifier: MIT */
/* proxy_capture.h - the proxy's pcapng output: one raw-IPv4 interface, one
 * synthetic TCP conversation (proxy_tcp) per relayed connection.
 *
 * Addresses in the capture: the server side is the upstream's own IPv4
 * address and port when it is TCP over IPv4, otherwise 127.0.0.2 and the
 * port chosen with --pcap-port (9000 by default, where dissectors look for
 * FastCGI).  The client side is the web server's IPv4 address when it
 * connected over IPv4, otherwise 127.0.0.1, with a synthetic port that
 * differs between connections.  What TCP cannot say (Unix socket paths,
 * peer process ids) goes into packet comments. */
#ifndef FCGI_TOOL_PROXY_CAPTURE_H
#define FCGI_TOOL_PROXY_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "net.h"
#include "pcapng.h"
#include "proxy_tcp.h"

typedef struct proxy_capture {
    pcapng_writer writer;
    FILE *file;             /* NULL: no capture */
    bool live;              /* flush after every packet */
    bool warned;            /* a write error was reported */
    const char *app;        /* the writing program, as in messages */
    FILE *log;              /* where a write error is reported; NULL: nowhere */
    uint32_t ifid;
    uint8_t server_addr[4];
    uint16_t server_port;
} proxy_capture;

/* Opens the capture: path "-" is stdout (refused when it is a terminal),
 * anything else a file created or truncated.  stdout and FIFOs are
 * flushed after every packet, for a live reader.  Writes the section and
 * interface blocks describing listen -> upstream, naming `app` (a static
 * string such as "fcgi proxy") as the writer; write errors are reported
 * on stderr unless c->log is changed afterwards.  port 0 picks the
 * default described above.  0 on success, -1 with err set. */
int proxy_capture_open(proxy_capture *c, const char *app, const char *path,
                       const net_addr *listen, const net_addr *upstream, uint16_t port,
                       char *err, size_t errcap);

/* true when packets are being written. */
bool proxy_capture_enabled(const proxy_capture *c);

/* Sets up conversation number `no` in t, emitting into c.  peer is the
 * web server's address as accept() returned it. */
void proxy_capture_conversation(proxy_capture *c, proxy_tcp *t, unsigned no,
                                const struct sockaddr_storage *peer);

/* Pushes buffered packets to the file (a no-op for a live stream, which
 * is flushed packet by packet).  Reports the first write error on stderr
 * once; the proxy keeps relaying without a capture. */
void proxy_capture_flush(proxy_capture *c);

/* Flushes and closes the capture. */
void proxy_capture_close(proxy_capture *c);

#endif

/* SPDX-License-Identifier: MIT */
/* proxy_tcp.h - a synthetic IPv4/TCP conversation for the proxy's capture.
 *
 * The proxy relays byte streams that may never have been TCP (Unix
 * sockets).  To let Wireshark reassemble and dissect them, every relayed
 * connection is dressed up as one TCP conversation: a three-way handshake
 * when it opens, data segments carrying exactly the relayed octets with
 * consistent sequence and acknowledgement numbers, ACKs when the octets
 * reach the other side, and a FIN (or RST) exchange when it closes.
 *
 * Side 0 is the client (the web server), side 1 the server (the FastCGI
 * application).  Packets are raw IPv4 (LINKTYPE_IPV4), with correct IPv4
 * header and TCP checksums, and are handed to an emit callback one at a
 * time; this module does no I/O and keeps no clock. */
#ifndef FCGI_TOOL_PROXY_TCP_H
#define FCGI_TOOL_PROXY_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Payload octets per data segment: bigger writes become several segments,
 * so that every IPv4 packet stays below its 65535-octet limit. */
#define PROXY_TCP_MAX_SEGMENT 65000

/* Window scale both sides announce in their SYN: the advertised window is
 * then 65535 << 4, about 1 MiB, more than the proxy ever has in flight. */
#define PROXY_TCP_WSCALE 4

enum { PROXY_TCP_CLIENT = 0, PROXY_TCP_SERVER = 1 };

/* Called once per packet; comment may be NULL.  Returns 0, or -1 to stop
 * the rest of the current operation (the conversation state still
 * advances as if the packet had been written). */
typedef int (*proxy_tcp_emit_fn)(void *ctx, const uint8_t *packet, size_t len,
                                 const char *comment);

typedef struct proxy_tcp {
    uint8_t addr[2][4];  /* IPv4 addresses, network order */
    uint16_t port[2];
    uint32_t seq[2];     /* next sequence number each side sends */
    uint32_t ack[2];     /* acknowledgement number each side sends */
    uint16_t ip_id[2];
    bool fin[2];         /* side has sent its FIN */
    bool open;           /* handshake complete */
    proxy_tcp_emit_fn emit;
    void *ctx;
} proxy_tcp;

/* Sets up a conversation between client and server (addresses in network
 * order, ports in host order); `isn_seed` makes the initial sequence
 * numbers differ between conversations while staying reproducible. */
void proxy_tcp_init(proxy_tcp *t, const uint8_t client_addr[4], uint16_t client_port,
                    const uint8_t server_addr[4], uint16_t server_port, uint32_t isn_seed,
                    proxy_tcp_emit_fn emit, void *ctx);

/* The client's SYN. */
int proxy_tcp_syn(proxy_tcp *t, const char *comment);

/* The server's SYN-ACK and the client's ACK: the conversation is open. */
int proxy_tcp_accept(proxy_tcp *t, const char *comment);

/* `side` sends len octets: PSH/ACK segments of at most
 * PROXY_TCP_MAX_SEGMENT octets; the comment goes on the first one. */
int proxy_tcp_send(proxy_tcp *t, int side, const void *data, size_t len, const char *comment);

/* n more octets sent by the other side reached `side`: it ACKs them. */
int proxy_tcp_delivered(proxy_tcp *t, int side, size_t n);

/* `side` sends its FIN (once; later calls do nothing). */
int proxy_tcp_fin(proxy_tcp *t, int side, const char *comment);

/* The other side's FIN reached `side`: it ACKs the FIN. */
int proxy_tcp_fin_delivered(proxy_tcp *t, int side);

/* `side` aborts the conversation with RST/ACK. */
int proxy_tcp_reset(proxy_tcp *t, int side, const char *comment);

#endif

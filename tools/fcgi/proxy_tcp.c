/* SPDX-License-Identifier: MIT */
/* proxy_tcp.c - a synthetic IPv4/TCP conversation (see proxy_tcp.h). */
#include "proxy_tcp.h"

#include <string.h>

enum {
    TCP_FIN = 0x01,
    TCP_SYN = 0x02,
    TCP_RST = 0x04,
    TCP_PSH = 0x08,
    TCP_ACK = 0x10,

    IP_HEADER_LEN = 20,
    TCP_HEADER_LEN = 20,
    SYN_OPTIONS_LEN = 8, /* MSS (4) + NOP (1) + window scale (3) */
    PACKET_MAX = IP_HEADER_LEN + TCP_HEADER_LEN + SYN_OPTIONS_LEN + PROXY_TCP_MAX_SEGMENT,
};

/* What Linux announces on loopback; any value works for a capture. */
#define SYN_MSS 65495

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* One's-complement sum of 16-bit big-endian words, not yet folded. */
static uint32_t sum_words(uint32_t sum, const uint8_t *p, size_t len)
{
    for (; len >= 2; p += 2, len -= 2)
        sum += (uint32_t)(p[0] << 8 | p[1]);
    if (len)
        sum += (uint32_t)p[0] << 8;
    return sum;
}

static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static size_t build(proxy_tcp *t, int side, uint8_t flags, const uint8_t *payload, size_t len,
                    uint8_t *out)
{
    int peer = !side;
    size_t opt_len = (flags & TCP_SYN) ? SYN_OPTIONS_LEN : 0;
    size_t tcp_len = TCP_HEADER_LEN + opt_len + len;
    size_t total = IP_HEADER_LEN + tcp_len;

    uint8_t *ip = out;
    memset(ip, 0, IP_HEADER_LEN);
    ip[0] = 0x45;                /* version 4, 5 words */
    put16(ip + 2, (uint16_t)total);
    put16(ip + 4, t->ip_id[side]++);
    put16(ip + 6, 0x4000);       /* don't fragment */
    ip[8] = 64;                  /* TTL */
    ip[9] = 6;                   /* TCP */
    memcpy(ip + 12, t->addr[side], 4);
    memcpy(ip + 16, t->addr[peer], 4);
    put16(ip + 10, fold(sum_words(0, ip, IP_HEADER_LEN)));

    uint8_t *tcp = out + IP_HEADER_LEN;
    memset(tcp, 0, TCP_HEADER_LEN + opt_len);
    put16(tcp + 0, t->port[side]);
    put16(tcp + 2, t->port[peer]);
    put32(tcp + 4, t->seq[side]);
    put32(tcp + 8, (flags & TCP_ACK) ? t->ack[side] : 0);
    tcp[12] = (uint8_t)(((TCP_HEADER_LEN + opt_len) / 4) << 4);
    tcp[13] = flags;
    /* Unscaled in a SYN, scaled afterwards: both mean "plenty of room",
     * so Wireshark never reports a full window. */
    put16(tcp + 14, 0xffff);
    if (opt_len) {
        uint8_t *o = tcp + TCP_HEADER_LEN;
        o[0] = 2; /* MSS */
        o[1] = 4;
        put16(o + 2, SYN_MSS);
        o[4] = 1; /* NOP */
        o[5] = 3; /* window scale */
        o[6] = 3;
        o[7] = PROXY_TCP_WSCALE;
    }
    if (len)
        memcpy(tcp + TCP_HEADER_LEN + opt_len, payload, len);

    uint8_t pseudo[12];
    memcpy(pseudo, t->addr[side], 4);
    memcpy(pseudo + 4, t->addr[peer], 4);
    pseudo[8] = 0;
    pseudo[9] = 6;
    put16(pseudo + 10, (uint16_t)tcp_len);
    uint32_t sum = sum_words(0, pseudo, sizeof pseudo);
    put16(tcp + 16, fold(sum_words(sum, tcp, tcp_len)));
    return total;
}

/* Builds and emits one packet, then advances the sender's sequence number
 * by what the packet occupies in sequence space. */
static int send_packet(proxy_tcp *t, int side, uint8_t flags, const uint8_t *payload, size_t len,
                       const char *comment)
{
    static uint8_t packet[PACKET_MAX]; /* the tool is single-threaded */
    size_t n = build(t, side, flags, payload, len, packet);
    t->seq[side] += (uint32_t)len + ((flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
    return t->emit ? t->emit(t->ctx, packet, n, comment) : 0;
}

void proxy_tcp_init(proxy_tcp *t, const uint8_t client_addr[4], uint16_t client_port,
                    const uint8_t server_addr[4], uint16_t server_port, uint32_t isn_seed,
                    proxy_tcp_emit_fn emit, void *ctx)
{
    memset(t, 0, sizeof *t);
    memcpy(t->addr[PROXY_TCP_CLIENT], client_addr, 4);
    memcpy(t->addr[PROXY_TCP_SERVER], server_addr, 4);
    t->port[PROXY_TCP_CLIENT] = client_port;
    t->port[PROXY_TCP_SERVER] = server_port;
    /* Multiplicative hashing spreads consecutive seeds over the space. */
    t->seq[PROXY_TCP_CLIENT] = isn_seed * 2654435761u;
    t->seq[PROXY_TCP_SERVER] = (isn_seed ^ 0x5a5a5a5au) * 2246822519u;
    t->ip_id[PROXY_TCP_CLIENT] = (uint16_t)(isn_seed * 7919u);
    t->ip_id[PROXY_TCP_SERVER] = (uint16_t)(isn_seed * 104729u);
    t->emit = emit;
    t->ctx = ctx;
}

int proxy_tcp_syn(proxy_tcp *t, const char *comment)
{
    return send_packet(t, PROXY_TCP_CLIENT, TCP_SYN, NULL, 0, comment);
}

int proxy_tcp_accept(proxy_tcp *t, const char *comment)
{
    t->ack[PROXY_TCP_SERVER] = t->seq[PROXY_TCP_CLIENT];
    int rc = send_packet(t, PROXY_TCP_SERVER, TCP_SYN | TCP_ACK, NULL, 0, comment);
    t->ack[PROXY_TCP_CLIENT] = t->seq[PROXY_TCP_SERVER];
    t->open = true;
    if (send_packet(t, PROXY_TCP_CLIENT, TCP_ACK, NULL, 0, NULL) != 0)
        rc = -1;
    return rc;
}

int proxy_tcp_send(proxy_tcp *t, int side, const void *data, size_t len, const char *comment)
{
    const uint8_t *p = data;
    int rc = 0;
    while (len > 0) {
        size_t n = len > PROXY_TCP_MAX_SEGMENT ? PROXY_TCP_MAX_SEGMENT : len;
        if (send_packet(t, side, TCP_PSH | TCP_ACK, p, n, comment) != 0)
            rc = -1;
        comment = NULL;
        p += n;
        len -= n;
    }
    return rc;
}

int proxy_tcp_delivered(proxy_tcp *t, int side, size_t n)
{
    if (n == 0)
        return 0;
    t->ack[side] += (uint32_t)n;
    return send_packet(t, side, TCP_ACK, NULL, 0, NULL);
}

int proxy_tcp_fin(proxy_tcp *t, int side, const char *comment)
{
    if (t->fin[side])
        return 0;
    t->fin[side] = true;
    return send_packet(t, side, TCP_FIN | TCP_ACK, NULL, 0, comment);
}

int proxy_tcp_fin_delivered(proxy_tcp *t, int side)
{
    t->ack[side] += 1;
    return send_packet(t, side, TCP_ACK, NULL, 0, NULL);
}

int proxy_tcp_reset(proxy_tcp *t, int side, const char *comment)
{
    if (!t->open) {
        /* Refusing a SYN: RST/ACK acknowledging it. */
        t->ack[side] = t->seq[!side];
    }
    return send_packet(t, side, TCP_RST | TCP_ACK, NULL, 0, comment);
}

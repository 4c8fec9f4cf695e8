// SPDX-License-Identifier: MIT
// mux-conn.h - one FastCGI connection of mux-server: records in, records out.
//
// The connection owns an fcgi_parser (bytes -> records), a table of the
// requests active on it (several at once: this server multiplexes), and the
// octets waiting to be written.  It knows the protocol; what a request
// answers is mux-app.c's business.
#ifndef MUX_CONN_H
#define MUX_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fcgi/fcgi.h>

#include "bytebuf.h"

// Hard upper bound of FCGI_MAX_REQS; the configured value may be lower.
#define MUX_MAX_REQS 16
// Room for one pair that arrives split across PARAMS records.  A split pair
// larger than this is reported truncated by the decoder, never buffered.
#define MUX_NV_SCRATCH 16384
// App status sent in END_REQUEST when the web server aborted the request.
#define MUX_ABORTED_STATUS 1

typedef struct mux_config {
    unsigned max_conns;       // announced as FCGI_MAX_CONNS
    unsigned max_reqs;        // per connection; announced as FCGI_MAX_REQS
    size_t slice;             // STDOUT octets per record when interleaving
    const char *allowed_user; // AUTHORIZER: REMOTE_USER that gets 200
    bool verbose;             // log every record received to stderr
} mux_config;

typedef struct mux_request {
    bool active;
    uint16_t id;
    uint16_t role;
    uint8_t flags;
    bool params_done, stdin_done, data_done;
    bool ready;          // response built, being sent in slices
    bool stdout_started; // at least one STDOUT record sent
    fcgi_nv_decoder nv;
    uint8_t *scratch;    // MUX_NV_SCRATCH octets for the decoder
    size_t npairs;
    bytebuf params_text; // "NAME=VALUE\n" for every pair, for the echo
    char remote_user[65];
    bool has_data_length;
    unsigned long long data_length; // FCGI_DATA_LENGTH, for FILTER
    bytebuf stdin_;
    bytebuf data;
    bytebuf out;         // response STDOUT octets
    size_t out_sent;
    bytebuf err;         // response STDERR octets
    uint32_t app_status;
} mux_request;

typedef struct mux_conn {
    int fd;
    unsigned serial;     // connection number, for logs and responses
    const mux_config *cfg;
    fcgi_parser parser;
    uint8_t record[FCGI_MAX_CONTENT_LEN]; // content of a record arriving in pieces
    size_t record_len;
    mux_request reqs[MUX_MAX_REQS];
    size_t next_slot;    // round-robin position for interleaving
    bytebuf out;         // octets for the socket
    bool close_when_flushed;
} mux_conn;

// Prepares c for a freshly accepted socket.
void mux_conn_init(mux_conn *c, int fd, unsigned serial, const mux_config *cfg);

// Feeds octets read from the socket.  Returns 0, or -1 when the peer broke
// the protocol badly enough that the connection must be closed (the reason
// is logged).
int mux_conn_input(mux_conn *c, const uint8_t *buf, size_t len);

// Moves ready responses into c->out, one STDOUT record of at most
// cfg->slice octets per request per round, so concurrent responses
// interleave on the wire.  Stops early once c->out holds plenty.
// Returns 0 or -1 when memory runs out.
int mux_conn_pump(mux_conn *c);

// true when every response has been sent and the connection should close
// (a request without FCGI_KEEP_CONN ended).
bool mux_conn_done(const mux_conn *c);

// Number of active requests.
unsigned mux_conn_active(const mux_conn *c);

// Frees every request's storage (not the socket).
void mux_conn_free(mux_conn *c);

#endif

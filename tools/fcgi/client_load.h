/* SPDX-License-Identifier: MIT */
/* client_load.h - `fcgi request --repeat N --concurrency C`: a small load
 * generator on one poll() loop.
 *
 * C requests are kept in flight until N have completed.  Connections are
 * kept open (FCGI_KEEP_CONN) and reused.  By default each in-flight request
 * has its own connection and request id 1; only when the server answers
 * FCGI_GET_VALUES with FCGI_MPXS_CONNS=1 are the C requests multiplexed
 * with ids 1..C over fewer connections.  Bodies are read and discarded.
 * The report gives requests/s and latency percentiles (p50 p90 p99 max). */
#ifndef FCGI_TOOL_CLIENT_LOAD_H
#define FCGI_TOOL_CLIENT_LOAD_H

#include <stdint.h>

#include "cgi_params.h"
#include "client_exchange.h"
#include "client_trace.h"
#include "net.h"

enum client_mpx { MPX_AUTO, MPX_OFF };

typedef struct client_load_opts {
    const net_addr *addr;
    const cgi_params *params;
    bool split_params;       /* see client_build_request() */
    uint16_t role;
    const fcgi_span *stdin_; /* may be NULL */
    const fcgi_span *data;   /* may be NULL */
    long repeat;             /* N >= 1 */
    int concurrency;         /* C >= 1 */
    int connections;         /* with multiplexing: connections to spread the
                              * C requests over (0: ceil(C / 8)) */
    enum client_mpx mpx;
    bool fresh_conn;         /* a new connection for every request, without
                              * FCGI_KEEP_CONN (never with multiplexing) */
    client_timeouts timeouts;
    const client_trace *trace;
} client_load_opts;

/* Runs the load, prints the report on stdout and returns an exit code:
 * 0 when every request completed with an HTTP status below 400, otherwise
 * the code of the first failure (client_exit.h). */
int client_load_run(const client_load_opts *o);

/* Asks the server at a for FCGI_MPXS_CONNS on a fresh connection, waiting
 * at most wait_ms.  Returns 1 when the answer is "1", 0 for any other
 * answer, no answer, or no connection. */
int client_server_multiplexes(const net_addr *a, int wait_ms, const client_trace *trace);

#endif

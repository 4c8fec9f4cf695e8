/* SPDX-License-Identifier: MIT */
/* client_exchange.h - one request/response exchange on a connection, and
 * the building of the request's records.
 *
 * This is the blocking path shared by `fcgi request`, `ping` and `status`:
 * connect, send BEGIN_REQUEST + PARAMS (+ STDIN, + DATA), read records
 * through the incremental parser until END_REQUEST for our id, and classify
 * every way it can go wrong into one exit code and one line. */
#ifndef FCGI_TOOL_CLIENT_EXCHANGE_H
#define FCGI_TOOL_CLIENT_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgi_params.h"
#include "cgi_response.h"
#include "client_conn.h"
#include "client_file.h"
#include "net.h"

typedef struct client_timeouts {
    int connect_ms;     /* per connection attempt */
    int read_ms;        /* longest silence while waiting for the server */
    int64_t deadline;   /* net_now_ms() time the whole command must end
                         * by; negative: none */
} client_timeouts;

typedef struct client_result {
    int exit_code;              /* enum client_exit */
    char why[320];              /* one line when exit_code != 0 */
    bool ended;                 /* END_REQUEST received */
    uint32_t app_status;
    uint8_t protocol_status;
    int64_t elapsed_ms;
} client_result;

/* Builds the records of one request into a new malloc()ed buffer: the
 * BEGIN_REQUEST record, the PARAMS stream with every pair whole within one
 * record (fcgi_build_params_records; with split_params a pair too large
 * for a record is cut across records, else it is refused), then (when
 * stdin_ is not NULL) a terminated STDIN stream and (when data is not
 * NULL) a terminated DATA stream.  Returns the buffer (length in *len) or
 * NULL with err set, naming the param that does not fit. */
uint8_t *client_build_request(uint16_t id, uint16_t role, bool keep_conn, const cgi_params *p,
                              bool split_params, const fcgi_span *stdin_, const fcgi_span *data,
                              size_t *len, char *err, size_t errcap);

/* What one exchange sends: records[0..len) (whole records), then, when not
 * NULL, stdin_body as a terminated FCGI_STDIN stream and data_body as a
 * terminated FCGI_DATA stream, read as they are sent. */
typedef struct client_request {
    const uint8_t *records;
    size_t len;
    const client_body *stdin_body;
    const client_body *data_body;
    const char *reset_hint;  /* added when the server hangs up before any
                              * answer, e.g. what in the request it may
                              * have refused; may be NULL */
} client_request;

/* Connects to a, with the connect timeout capped by the deadline.  Returns
 * the descriptor, or -1 with res->exit_code (EXIT_CONNECT or EXIT_TIMEOUT)
 * and res->why set. */
int client_connect(const net_addr *a, const client_timeouts *t, client_result *res);

/* Sends rq on c and reads the response for request id `id`,
 * passing STDOUT and STDERR to r.  Fills res: exit code by the table in
 * client_exit.h (protocol status, then the CGI header block, then the HTTP
 * status).  A refused header block ends the exchange at once. */
void client_exchange(client_conn *c, uint16_t id, const client_request *rq, cgi_response *r,
                     const client_timeouts *t, client_result *res);

/* The end of a request's response, shared with the load generator: maps
 * an END_REQUEST (protocol_status, the CGI status) to an exit code and
 * reason. */
void client_classify(const cgi_response *r, client_result *res);

/* "[ms] total" remaining until t->deadline, capped at cap_ms (negative:
 * no cap).  Negative when neither limits. */
int client_remaining_ms(const client_timeouts *t, int cap_ms);

/* The hard stop behind a total time limit: whatever blocks (a name
 * lookup, a stuck write), the process exits with EXIT_TIMEOUT a moment
 * after total_ms, which the deadline-aware code is given to report first.
 * 0 or less: none. */
void client_arm_hard_stop(long total_ms);

/* Parses a duration: "5" or "2.5" (seconds), "300ms", "1s", "2m".
 * Returns milliseconds, or -1 when malformed. */
long client_parse_duration(const char *text);

#endif

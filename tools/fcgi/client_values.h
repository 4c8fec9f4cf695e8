/* SPDX-License-Identifier: MIT */
/* client_values.h - FCGI_GET_VALUES on a fresh connection.
 *
 * Servers differ: php-fpm answers only FCGI_MPXS_CONNS; libfcgi (fcgiwrap,
 * cgi-fcgi apps) processes a management record only when it reads the next
 * octets, so its answer comes "late".  After wait_ms without an answer the
 * query is sent a second time, which makes such a server answer the first;
 * the result says so. */
#ifndef FCGI_TOOL_CLIENT_VALUES_H
#define FCGI_TOOL_CLIENT_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client_exchange.h"
#include "client_trace.h"
#include "net.h"

typedef struct client_values_result {
    int exit_code;       /* client_exit.h; EXIT_OK_ when an answer arrived */
    char why[320];
    bool answered;       /* a GET_VALUES_RESULT arrived */
    bool late;           /* ... only after the query was sent again */
    bool unknown_type;   /* the server answered FCGI_UNKNOWN_TYPE */
    bool malformed;      /* the result's content is not well-formed pairs */
    uint8_t *content;    /* malloc()ed copy of the result's content */
    size_t content_len;
    int64_t elapsed_ms;
} client_values_result;

/* Sends GET_VALUES for names[0..n) and waits for the answer as described
 * above.  Frees nothing the caller owns; the caller frees out->content. */
void client_get_values(const net_addr *a, const char *const *names, size_t n, int wait_ms,
                       const client_timeouts *t, const client_trace *tr,
                       client_values_result *out);

#endif

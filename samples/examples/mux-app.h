// SPDX-License-Identifier: MIT
// mux-app.h - what mux-server's requests answer, by role.
#ifndef MUX_APP_H
#define MUX_APP_H

#include "mux-conn.h"

// Records one decoded PARAMS pair into rq (echo text, REMOTE_USER,
// FCGI_DATA_LENGTH).  Returns 0 or -1 when memory runs out.
int mux_app_on_param(const mux_config *cfg, mux_request *rq, const fcgi_nv_event *ev);

// true when rq has received everything its role needs before answering:
// RESPONDER params + stdin; AUTHORIZER params; FILTER params + stdin + data.
bool mux_app_complete(const mux_request *rq);

// Builds rq->out (a CGI response), rq->err and rq->app_status:
//   RESPONDER   200 text/plain echoing the params and the stdin body;
//   AUTHORIZER  200 (with Variable-AUTH_USER) when REMOTE_USER is
//               cfg->allowed_user, else 403;
//   FILTER      200 text/plain with the DATA stream uppercased; a note on
//               STDERR when FCGI_DATA_LENGTH disagrees with what came.
// Returns 0 or -1 when memory runs out.
int mux_app_respond(const mux_config *cfg, const mux_conn *c, mux_request *rq);

#endif

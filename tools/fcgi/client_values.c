// SPDX-License-Identifier: MIT
/* client_values.c - see client_values.h. */
#include "client_values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client_conn.h"
#include "client_exit.h"

/* Builds the GET_VALUES record for names (values empty).  NULL when the
 * names do not fit one record. */
static uint8_t *build_query(const char *const *names, size_t n, size_t *len)
{
    fcgi_nv_pair *pairs = calloc(n ? n : 1, sizeof *pairs);
    if (!pairs)
        return NULL;
    for (size_t i = 0; i < n; i++)
        pairs[i].name = (fcgi_span){(const uint8_t *)names[i], strlen(names[i])};
    size_t plen = 0;
    uint8_t *out = NULL;
    uint8_t *content = NULL;
    if (fcgi_build_params(NULL, 0, pairs, n, &plen) != FCGI_OK || plen > FCGI_MAX_CONTENT_LEN)
        goto done;
    content = malloc(plen ? plen : 1);
    if (!content || fcgi_build_params(content, plen, pairs, n, &plen) != FCGI_OK)
        goto done;
    size_t rlen = 0;
    fcgi_build_record(NULL, 0, FCGI_GET_VALUES, FCGI_NULL_REQUEST_ID, content, plen, &rlen);
    out = malloc(rlen);
    if (out &&
        fcgi_build_record(out, rlen, FCGI_GET_VALUES, FCGI_NULL_REQUEST_ID, content, plen,
                          len) != FCGI_OK) {
        free(out);
        out = NULL;
    }
done:
    free(content);
    free(pairs);
    return out;
}

void client_get_values(const net_addr *a, const char *const *names, size_t n, int wait_ms,
                       const client_timeouts *t, const client_trace *tr,
                       client_values_result *out)
{
    memset(out, 0, sizeof *out);
    int64_t start = net_now_ms();
    size_t qlen = 0;
    uint8_t *query = build_query(names, n, &qlen);
    if (!query) {
        out->exit_code = EXIT_USAGE;
        snprintf(out->why, sizeof out->why, "the names do not fit one FCGI_GET_VALUES record");
        return;
    }
    client_result cres = {0};
    int fd = client_connect(a, t, &cres);
    if (fd < 0) {
        out->exit_code = cres.exit_code;
        snprintf(out->why, sizeof out->why, "%s", cres.why);
        free(query);
        return;
    }
    client_conn *c = malloc(sizeof *c);
    if (!c) {
        out->exit_code = EXIT_USAGE;
        snprintf(out->why, sizeof out->why, "out of memory");
        close(fd);
        free(query);
        return;
    }
    client_trace_note(tr, 1, "connected to %s", a->text);
    client_conn_init(c, fd, 1, tr);
    bool nudged = false;
    if (client_conn_send(c, query, qlen, t->deadline) != 0) {
        out->exit_code = EXIT_PROTOCOL;
        snprintf(out->why, sizeof out->why, "the server closed the connection before the query "
                                            "was sent");
        goto done;
    }
    int64_t first_wait_end = net_now_ms() + wait_ms;
    for (;;) {
        fcgi_chunk ch;
        const uint8_t *rec = NULL;
        size_t rec_len = 0;
        client_rx rx = client_conn_next(c, &ch, &rec, &rec_len);
        if (rx == RX_NEED_MORE) {
            int64_t deadline = nudged ? t->deadline : first_wait_end;
            if (t->deadline >= 0 && deadline > t->deadline)
                deadline = t->deadline;
            if (!nudged && t->read_ms >= 0 && deadline > net_now_ms() + t->read_ms)
                deadline = net_now_ms() + t->read_ms;
            if (nudged && t->read_ms >= 0) {
                int64_t idle = net_now_ms() + t->read_ms;
                if (deadline < 0 || idle < deadline)
                    deadline = idle;
            }
            rx = client_conn_fill(c, deadline);
            if (rx == RX_DATA)
                continue;
            if (rx == RX_TIMEOUT && !nudged && (t->deadline < 0 || net_now_ms() < t->deadline)) {
                /* libfcgi acts on a management record only when more octets
                 * arrive: send the query again, and wait once more. */
                client_trace_note(tr, 1, "no answer within %d ms; sending the query again", wait_ms);
                nudged = true;
                if (client_conn_send(c, query, qlen, t->deadline) != 0) {
                    out->exit_code = EXIT_PROTOCOL;
                    snprintf(out->why, sizeof out->why,
                             "no answer, and the server closed the connection");
                    goto done;
                }
                continue;
            }
        }
        switch (rx) {
        case RX_CHUNK:
            break;
        case RX_TIMEOUT:
            out->exit_code = EXIT_TIMEOUT;
            snprintf(out->why, sizeof out->why,
                     "no FCGI_GET_VALUES_RESULT (waited %d ms, sent the query twice)", wait_ms);
            goto done;
        case RX_EOF:
            out->exit_code = EXIT_PROTOCOL;
            snprintf(out->why, sizeof out->why,
                     "the server closed the connection without answering%s",
                     client_conn_at_boundary(c) ? "" : " (in the middle of a record)");
            goto done;
        case RX_MALFORMED:
            out->exit_code = EXIT_PROTOCOL;
            snprintf(out->why, sizeof out->why,
                     "malformed answer: record header with version 0x%02X", c->bad_version);
            goto done;
        default:
            out->exit_code = EXIT_PROTOCOL;
            snprintf(out->why, sizeof out->why, "reading the answer failed");
            goto done;
        }
        if (!ch.last)
            continue;
        if (ch.header.type == FCGI_UNKNOWN_TYPE && ch.header.request_id == 0) {
            out->unknown_type = true;
            out->exit_code = EXIT_PROTOCOL;
            snprintf(out->why, sizeof out->why,
                     "the server answered FCGI_UNKNOWN_TYPE: it does not know FCGI_GET_VALUES");
            goto done;
        }
        if (ch.header.type == FCGI_GET_VALUES_RESULT &&
            ch.header.request_id != FCGI_NULL_REQUEST_ID) {
            out->exit_code = EXIT_PROTOCOL;
            snprintf(out->why, sizeof out->why,
                     "malformed answer: FCGI_GET_VALUES_RESULT under request id %u "
                     "(management records use id 0)", ch.header.request_id);
            goto done;
        }
        if (ch.header.type != FCGI_GET_VALUES_RESULT) {
            char nb[FCGI_NAME_BUF_LEN];
            fprintf(stderr, "fcgi: warning: unexpected %s record ignored\n",
                    fcgi_get_type_name(ch.header.type, nb));
            continue;
        }
        out->answered = true;
        out->late = nudged;
        /* The last chunk may hold only the end of the content; the whole
         * record is still in the connection's buffer. */
        out->content = malloc(ch.header.content_length ? ch.header.content_length : 1);
        if (out->content) {
            memcpy(out->content, rec + FCGI_HEADER_LEN, ch.header.content_length);
            out->content_len = ch.header.content_length;
        }
        (void)rec_len;
        out->malformed = !fcgi_check_params(out->content, out->content_len);
        out->exit_code = EXIT_OK_;
        goto done;
    }
done:
    out->elapsed_ms = net_now_ms() - start;
    close(fd);
    client_trace_note(tr, 1, "closed");
    free(c);
    free(query);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-tap.h - what the dissector reports to taps: one finished request
 * to "-z fastcgi,tree" (the statistics tree), one response body to
 * "--export-objects fastcgi".  The display queues plain values; this layer
 * counts them and names the objects.
 */
#ifndef FASTCGI_TAP_H
#define FASTCGI_TAP_H

#include <epan/packet.h>

/* A finished request (END_REQUEST). */
typedef struct fastcgi_tap_request {
    guint16 role;
    gboolean begun;             /* its BEGIN_REQUEST is in the capture */
    const char *method;         /* NULL when unknown */
    const char *script;         /* SCRIPT_FILENAME, else SCRIPT_NAME, or NULL */
    guint status;               /* HTTP status, 0 when unknown */
    gboolean has_time;
    nstime_t time;
} fastcgi_tap_request;

/* A response body.  Strings may be NULL; spans point into packet-scope
 * memory. */
typedef struct fastcgi_tap_object {
    const char *host;           /* HTTP_HOST, else SERVER_NAME */
    const char *uri;            /* REQUEST_URI */
    const char *document_uri;   /* DOCUMENT_URI */
    const char *script_name;    /* SCRIPT_NAME */
    const char *query;          /* QUERY_STRING */
    const guint8 *content_type; /* the Content-Type header's value */
    guint content_type_len;
    const guint8 *disposition;  /* the Content-Disposition header's value */
    guint disposition_len;
    const guint8 *payload;      /* the body, decompressed when it was */
    guint32 payload_len;
} fastcgi_tap_object;

void fastcgi_tap_register(int proto);

/* Whether a listener wants requests / objects (skip building them when
 * not). */
gboolean fastcgi_tap_wants_requests(void);
gboolean fastcgi_tap_wants_objects(void);

/* Queue one (the struct and its strings are copied into packet scope). */
void fastcgi_tap_queue_request(packet_info *pinfo, const fastcgi_tap_request *r);
void fastcgi_tap_queue_object(packet_info *pinfo, const fastcgi_tap_object *o);

#endif /* FASTCGI_TAP_H */

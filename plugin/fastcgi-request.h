// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-request.h - request tracking: what the first pass learns about
 * the requests of a connection, kept so that every later pass shows the
 * same.  This layer changes state only on the first pass and builds no
 * tree: it answers "which request is this record part of, and what
 * happened to it", and the display (packet-fastcgi.c, fastcgi-params.c,
 * fastcgi-body.c) says so.  Below it: the codec, whose CGI parser
 * (fcgi/cgi.h) reads STDOUT's header block.
 */
#ifndef FASTCGI_REQUEST_H
#define FASTCGI_REQUEST_H

#include <epan/packet.h>

#include <fcgi/fcgi.h>

/* The streams of a request. */
enum fastcgi_stream_idx {
    FASTCGI_S_PARAMS,
    FASTCGI_S_STDIN,
    FASTCGI_S_STDOUT,
    FASTCGI_S_STDERR,
    FASTCGI_S_DATA,
    FASTCGI_S_COUNT
};

/* Index of a stream type, or -1 for a type that is not a stream. */
int fastcgi_stream_index(guint8 type);

/* What a request said: values of its params, and of its response's
 * headers, kept for the records that show them after the params (the
 * request summary, Info, statistics, export names). */
enum fastcgi_field {
    FASTCGI_F_METHOD,          /* REQUEST_METHOD */
    FASTCGI_F_URI,             /* REQUEST_URI */
    FASTCGI_F_SCRIPT_FILENAME, /* SCRIPT_FILENAME */
    FASTCGI_F_SCRIPT_NAME,     /* SCRIPT_NAME */
    FASTCGI_F_DOCUMENT_URI,    /* DOCUMENT_URI */
    FASTCGI_F_QUERY,           /* QUERY_STRING */
    FASTCGI_F_CONTENT_TYPE,    /* CONTENT_TYPE */
    FASTCGI_F_HOST,            /* HTTP_HOST */
    FASTCGI_F_SCHEME,          /* REQUEST_SCHEME, else "https"/"http" from HTTPS */
    FASTCGI_F_SERVER_NAME,     /* SERVER_NAME */
    FASTCGI_F_TRACEPARENT,     /* HTTP_TRACEPARENT */
    FASTCGI_F_X_REQUEST_ID,    /* HTTP_X_REQUEST_ID */
    FASTCGI_F_RESP_CONTENT_TYPE, /* the response's Content-Type */
    FASTCGI_F_COUNT
};

typedef struct fastcgi_request_work fastcgi_request_work;

/* One request: (connection, request id, BEGIN frame).  Ids are reused
 * (nginx sends id 1 for every request of a kept connection) and interleave
 * when a server multiplexes.  File scope. */
typedef struct fastcgi_request {
    guint32 begin_frame;        /* 0: begun before the capture */
    guint32 end_frame;          /* END_REQUEST, 0 until seen */
    guint32 abort_frame;        /* first ABORT_REQUEST, 0 if none */
    nstime_t time;              /* BEGIN's time; END - BEGIN once ended */
    guint16 id;
    guint16 role;
    guint16 status;             /* HTTP status of the CGI response, 0 if unknown */
    guint8 cgi;                 /* FASTCGI_CGI_* */
    guint8 announced;           /* a record's Info named method and URI */
    guint8 late_noted;          /* a record after END_REQUEST was reported */
    char *text;                 /* the field values, each NUL-terminated (at
                                 * most 64 KiB in all: a value that does not
                                 * fit is left out) */
    guint16 text_len;
    guint16 off[FASTCGI_F_COUNT]; /* offset + 1 of each value in text, 0 if absent */
    fastcgi_request_work *work; /* first-pass state while the request is open */
} fastcgi_request;

/* The longest CGI header block looked for: a STDOUT that has not finished
 * its headers by then does not start with one. */
#define FASTCGI_CGI_MAX_HEADERS (64u * 1024)

#define FASTCGI_CGI_PENDING 0 /* the header block is not complete yet */
#define FASTCGI_CGI_DONE    1 /* parsed: status and content type known */
#define FASTCGI_CGI_BAD     2 /* STDOUT does not start with a valid header block */

/* A field's value, or NULL. */
static inline const char *fastcgi_request_field(const fastcgi_request *req, enum fastcgi_field f)
{
    return req->off[f] ? req->text + req->off[f] - 1 : NULL;
}

/* A pair split across PARAMS records, as the records it spans share it. */
typedef struct fastcgi_split {
    guint32 begin_frame;        /* where it begins */
    guint32 end_frame;          /* where it completes; 0 if it never does */
} fastcgi_split;

/* A pair of a PARAMS record that is not whole in it: it began in an earlier
 * record, or it was longer than max_pair.  Pairs whole in their record are
 * not kept but decoded again from it on every pass. */
typedef struct fastcgi_pair {
    guint8 *bytes;          /* name then value octets, assembled (file scope);
                             * NULL when both lie in this record at name_off */
    guint32 name_off;
    guint32 name_len;       /* kept octets of the name */
    guint32 value_len;      /* kept octets of the value */
    guint32 wire_name_len;  /* lengths the wire announced */
    guint32 wire_value_len;
    gint32 start;           /* offset in this record's content where the pair
                             * begins, or -1 when it began in an earlier record */
    guint32 end;            /* offset in this record's content just past it */
    guint32 begin_frame;    /* frame where it began */
    gboolean truncated;     /* longer than max_pair */
} fastcgi_pair;

/* What the first pass found about one record (FASTCGI_REC_* bits). */
#define FASTCGI_REC_NOT_BEGUN      0x00000001u /* id never begun on a connection that began others */
#define FASTCGI_REC_BEFORE_CAPTURE 0x00000002u /* request begun before the capture started */
#define FASTCGI_REC_DUP_BEGIN      0x00000004u /* BEGIN for an id already active */
#define FASTCGI_REC_AFTER_END      0x00000008u /* content after the stream's empty record */
#define FASTCGI_REC_REPEATED_END   0x00000010u /* a second empty record for a stream */
#define FASTCGI_REC_AFTER_REQUEST  0x00000020u /* record of a request already ended */
#define FASTCGI_REC_LIMIT          0x00000040u /* stream over max_body from here on */
#define FASTCGI_REC_NV_SHORT       0x00000080u /* PARAMS ended inside a pair */
#define FASTCGI_REC_SUMMARY        0x00000100u /* show the request's summary */
#define FASTCGI_REC_UNTERM_STDOUT  0x00000200u /* END with STDOUT still open */
#define FASTCGI_REC_KEPT           0x00000400u /* content kept as stream octets */
#define FASTCGI_REC_PAIRS          0x00000800u /* PARAMS content decoded: pairs shown */
#define FASTCGI_REC_PAIR_LIMIT     0x00001000u /* an open pair announces more than max_pair */
#define FASTCGI_REC_ANNOUNCE       0x00002000u /* Info: method and URI */
#define FASTCGI_REC_STATUS         0x00004000u /* Info: status and content type */
#define FASTCGI_REC_PAIR_OPENS     0x00008000u /* a pair begins here, completes later */
#define FASTCGI_REC_PAIR_MIDDLE    0x00010000u /* all content continues an open pair */
#define FASTCGI_REC_HUGE_LENGTH    0x00020000u /* a pair's lengths overflow a C int */
#define FASTCGI_REC_SHAPES         0x00040000u /* a pair worth a look: walk them */
#define FASTCGI_REC_LATE_FIRST     0x00080000u /* the request's first AFTER_REQUEST record */
#define FASTCGI_REC_UNTERM_STDERR  0x00100000u /* END with STDERR still open */
/* A stream completed with this record (the record's own stream; STDOUT for
 * an END_REQUEST that ends it): its octets are in x->done_buf, or (IN_FRAME)
 * in the kept records of this frame; OVERFLOW: it was too long to keep.
 * Its length is the record's aux. */
#define FASTCGI_REC_DONE           0x00200000u
#define FASTCGI_REC_DONE_IN_FRAME  0x00400000u
#define FASTCGI_REC_DONE_OVERFLOW  0x00800000u

/* What few records need, kept apart so the common record stays small. */
typedef struct fastcgi_record_extra {
    guint32 ref_frame;          /* DUP_BEGIN: the earlier BEGIN; REPEATED_END
                                 * and AFTER_END: the empty record;
                                 * AFTER_REQUEST: the END_REQUEST */
    guint64 nv_have, nv_want;   /* NV_SHORT, PAIR_LIMIT, HUGE_LENGTH */
    fastcgi_pair *pairs;        /* pairs not whole in this record */
    guint npairs;
    fastcgi_split *open;        /* PAIR_OPENS, PAIR_MIDDLE: the open pair */
    guint32 open_start;         /* PAIR_OPENS: where it begins in the content */
    const guint8 *done_buf;     /* DONE, not IN_FRAME: the stream's octets */
} fastcgi_record_extra;

/* The first pass's result for one record: 24 octets, kept for most records
 * of a request (BEGIN, PARAMS, STDOUT, END). */
typedef struct fastcgi_record_info {
    fastcgi_request *req;       /* NULL: not part of a tracked request */
    guint32 flags;
    guint32 aux;                /* PARAMS: the content range of the pairs whole
                                 * in this record (start | end << 16); DONE:
                                 * the stream's length */
    fastcgi_record_extra *x;    /* NULL when nothing rare happened */
} fastcgi_record_info;

static inline guint fastcgi_whole_start(const fastcgi_record_info *ri)
{
    return ri->aux & 0xffffu;
}

static inline guint fastcgi_whole_end(const fastcgi_record_info *ri)
{
    return ri->aux >> 16;
}

/* The type of the stream a DONE record completed. */
static inline guint8 fastcgi_done_type(const fastcgi_record_info *ri, guint8 record_type)
{
    return record_type == FCGI_END_REQUEST ? FCGI_STDOUT : record_type;
}

/* Keys of the plugin's proto data, listed together so that the files
 * sharing proto_fastcgi never collide. */
enum fastcgi_key {
    FASTCGI_KEY_FRAME_STATE, /* packet-fastcgi.c: the frame's records so far (packet scope) */
    FASTCGI_KEY_CUT,         /* packet-fastcgi.c: a record waiting for its rest (file scope) */
    FASTCGI_KEY_PENDING,     /* fastcgi-request.c: first-pass results (packet scope) */
    FASTCGI_KEY_STREAMS,     /* fastcgi-body.c: kept stream records (packet scope) */
};

/* Attack shapes and interop traps a pair can carry, from its octets
 * (fastcgi-params.c gives each its expert item). */
#define FASTCGI_SHAPE_NUL_IN_NAME     0x1u /* a server written in C reads a shorter name */
#define FASTCGI_SHAPE_HTTPOXY         0x2u /* HTTP_PROXY, which a client header can set */
#define FASTCGI_SHAPE_NEWLINE_IN_PATH 0x4u /* a newline (raw or %0a) in a URI or PATH_INFO */
guint fastcgi_pair_shape(const guint8 *name, size_t name_len, const guint8 *value,
                         size_t value_len);

/* Registration: the protocol whose conversation and frame data this layer
 * keeps. */
void fastcgi_request_register(int proto);

/* The limits of what the first pass keeps, from the preferences: octets of
 * one stream per request (max_body) and of one split pair (max_pair). */
void fastcgi_request_set_limits(guint max_body, guint max_pair);
guint fastcgi_request_max_body(void);
guint fastcgi_request_max_pair(void);

/* The first pass for record `index` of the frame (state changes), or the
 * stored result on later passes.  Only application records whose id and
 * body the codec accepted are tracked.  Never NULL; valid until the next
 * call. */
const fastcgi_record_info *fastcgi_track_record(packet_info *pinfo, const fcgi_header *hdr,
                                                tvbuff_t *content, guint index,
                                                const fcgi_record *body);

/* The first pass is done with the frame (after every record of it, also
 * when an exception ended the dissection): its results are stored. */
void fastcgi_request_frame_done(packet_info *pinfo);

#endif /* FASTCGI_REQUEST_H */

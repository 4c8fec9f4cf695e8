// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * packet-fastcgi.h - what the plugin's files share.
 *
 *   packet-fastcgi.c    registration, ports, heuristic, framing, one record
 *   fastcgi-request.c   request tracking, name-value pairs, stream reassembly
 *   fastcgi-response.c  what a reassembled stream holds: CGI response, bodies
 *   fastcgi-stats.c     the "-z fastcgi,tree" statistics and export objects
 *
 * Every protocol question (lengths, headers, bodies, pairs, names, classes)
 * is answered by the codec (fcgi/fcgi.h); these files only present answers.
 */
#ifndef PACKET_FASTCGI_H
#define PACKET_FASTCGI_H

#include <epan/packet.h>
#include <epan/expert.h>

#include <fcgi/fcgi.h>

#include "fastcgi-compat.h"

extern int proto_fastcgi;

/* Expert items, one filter name each (registered in packet-fastcgi.c). */
extern expert_field ei_fastcgi_version;
extern expert_field ei_fastcgi_bad_length;
extern expert_field ei_fastcgi_mgmt_id;
extern expert_field ei_fastcgi_app_id;
extern expert_field ei_fastcgi_unknown_type;
extern expert_field ei_fastcgi_unknown_role;
extern expert_field ei_fastcgi_bad_pair;
extern expert_field ei_fastcgi_not_begun;
extern expert_field ei_fastcgi_dup_begin;
extern expert_field ei_fastcgi_after_end;
extern expert_field ei_fastcgi_unterminated;
extern expert_field ei_fastcgi_protocol_status;
extern expert_field ei_fastcgi_app_status;
extern expert_field ei_fastcgi_padding;
extern expert_field ei_fastcgi_reserved;
extern expert_field ei_fastcgi_abort;
extern expert_field ei_fastcgi_limit;
extern expert_field ei_fastcgi_stderr;
extern expert_field ei_fastcgi_cgi_headers;

/* Preferences that the other files read. */
extern guint fastcgi_pref_max_body;  /* octets of one stream kept per request */
extern guint fastcgi_pref_max_pair;  /* octets of one split pair kept */

/* ---- Requests --------------------------------------------------------- */

/* The streams a request carries, as indexes into fastcgi_request.streams. */
enum fastcgi_stream_idx {
    FASTCGI_S_PARAMS,
    FASTCGI_S_STDIN,
    FASTCGI_S_STDOUT,
    FASTCGI_S_STDERR,
    FASTCGI_S_DATA,
    FASTCGI_S_COUNT
};

typedef struct fastcgi_stream {
    guint8 *buf;        /* octets kept so far (file scope); NULL once the
                         * stream ended, when later passes rebuild it from
                         * the records of the frame that ends it */
    guint32 len;
    guint32 cap;
    guint64 total;      /* octets seen, kept or not */
    guint32 first_frame;
    guint32 data_frame; /* frame of the first kept octets */
    guint8 seen;        /* at least one record of this stream */
    guint8 ended;       /* the empty record arrived */
    guint8 overflow;    /* more than fastcgi_pref_max_body arrived */
} fastcgi_stream;

#define FASTCGI_CGI_PENDING 0 /* header block not complete yet */
#define FASTCGI_CGI_DONE    1 /* parsed: status and content type known */
#define FASTCGI_CGI_NONE    2 /* STDOUT does not start with a header block */

/* One request: (connection, request id, BEGIN frame). */
typedef struct fastcgi_request {
    guint16 id;
    gboolean begun;         /* a BEGIN_REQUEST was seen (not mid-stream) */
    guint32 begin_frame;
    guint32 end_frame;
    guint32 abort_frame;
    nstime_t begin_time;
    guint16 role;
    guint8 flags;
    /* What the params said (file scope strings, NULL when absent). */
    const char *method;
    const char *uri;
    const char *script;
    const char *query;
    const char *content_type;
    const char *host;
    /* What the STDOUT headers said (0 / NULL until parsed). */
    guint status;
    const char *resp_content_type;
    guint8 cgi_state;           /* FASTCGI_CGI_* */
    gboolean announced;         /* method + URI went into an Info column */
    nstime_t end_time;
    guint32 stdout_frame;       /* frame that shows the reassembled STDOUT */
    /* PARAMS decoding across records: the codec's decoder and its scratch,
     * which is allocated only when a pair is left open at the end of a
     * record (sized to that pair, at most max_pair) and freed when the
     * decoder is back between pairs. */
    fcgi_nv_decoder *nv;        /* file scope, from the first PARAMS record to the empty one */
    guint8 *nv_scratch;
    guint64 nv_base;            /* stream offset of the decoder's offset 0 */
    guint64 params_offset;      /* stream offset of the next PARAMS octet */
    guint32 pair_frame;         /* frame where the open pair began */
    guint32 pair_limit_frame;   /* pair_frame of the open pair already reported over max_pair */
    fastcgi_stream streams[FASTCGI_S_COUNT];
} fastcgi_request;

/* A pair of a PARAMS record that is not whole in it (it began in an earlier
 * record, or was truncated); whole pairs are not kept but decoded again
 * from the record on every pass. */
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
    guint32 begin_frame;    /* frame where it began (split pairs) */
    gboolean truncated;     /* longer than fastcgi_pref_max_pair */
} fastcgi_pair;

/* Record-level findings of the first pass (REC_* bits). */
#define FASTCGI_REC_NOT_BEGUN     0x0001u /* id never begun on this connection */
#define FASTCGI_REC_DUP_BEGIN     0x0002u /* BEGIN for an id already active */
#define FASTCGI_REC_AFTER_END     0x0004u /* content after the stream ended */
#define FASTCGI_REC_LIMIT         0x0008u /* reassembly limit reached here */
#define FASTCGI_REC_NV_SHORT      0x0010u /* PARAMS ended inside a pair */
#define FASTCGI_REC_SUMMARY       0x0020u /* params were complete: show them */
#define FASTCGI_REC_UNTERMINATED  0x0040u /* END with an unterminated stream */
#define FASTCGI_REC_KEPT          0x0080u /* content kept as stream octets */
#define FASTCGI_REC_PAIRS         0x0100u /* PARAMS content decoded: pairs shown */
#define FASTCGI_REC_PAIR_LIMIT    0x0200u /* an open pair announces more than max_pair */

/* A stream that completed with a record: shown from its file-scope copy,
 * or (in_frame) rebuilt from the kept records of the same frame. */
typedef struct fastcgi_done {
    const guint8 *buf;
    guint32 len;
    guint8 type;
    gboolean overflow;
    gboolean in_frame;
} fastcgi_done;

/* What few records need: kept apart so the common record stays small. */
typedef struct fastcgi_record_extra {
    guint32 prev_begin_frame;       /* FASTCGI_REC_DUP_BEGIN: the earlier BEGIN */
    guint64 nv_have, nv_want;       /* FASTCGI_REC_NV_SHORT / _PAIR_LIMIT details */
    fastcgi_pair *pairs;            /* pairs not whole in this record */
    guint npairs;
    guint32 unterminated;           /* bit per fastcgi_stream_idx */
    fastcgi_done done[2];           /* streams that completed here */
    guint ndone;
} fastcgi_record_extra;

/* The first pass's result for one record, kept with p_add_proto_data so
 * later passes show exactly the same. */
typedef struct fastcgi_record_info {
    fastcgi_request *req;
    guint32 flags;
    guint32 whole_start;            /* PARAMS: content range of the pairs */
    guint32 whole_end;              /* that lie whole in this record */
    const char *info;               /* extra Info text: "GET /x", "200 text/html" */
    fastcgi_record_extra *x;        /* NULL when nothing rare happened */
} fastcgi_record_info;

/* Keys of packet-scope proto data (file-scope keys are record index + 1). */
#define FASTCGI_KEY_FRAME_STATE 0
#define FASTCGI_KEY_SUMMARIES   1
#define FASTCGI_KEY_STREAMS     2

/* Runs the first pass for one record (state changes) and returns what it
 * found; later passes return the stored result.  Never NULL. */
fastcgi_record_info *fastcgi_track_record(packet_info *pinfo, const fcgi_header *hdr,
                                          tvbuff_t *content, guint record_index,
                                          const fcgi_record *body, gboolean body_ok);

/* Adds the request-level tree items and expert items of one record.
 * Returns TRUE when the record's content was shown decoded (its pairs). */
gboolean fastcgi_show_record_request(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                     proto_item *record_item, const fcgi_header *hdr,
                                     const fastcgi_record_info *ri);

/* Dissects a completed stream (STDIN/DATA body, STDOUT CGI response) held
 * in t: a record's content, or a reassembled tvb with its own data source. */
void fastcgi_show_stream(tvbuff_t *t, packet_info *pinfo, proto_tree *tree,
                         const fastcgi_request *req, guint8 type);

/* Stream overflow: what exceeded max_body is not shown reassembled. */
void fastcgi_show_stream_overflow(tvbuff_t *parent, packet_info *pinfo, proto_tree *tree,
                                  guint8 type);

/* TRUE when the tree is built to be shown (labels are worth making). */
static inline gboolean fastcgi_tree_visible(proto_tree *tree)
{
    return tree != NULL && PTREE_DATA(tree)->visible;
}

/* Hides an item that proto_tree_add_* really made (a faked item is its
 * parent, which must stay as it is). */
static inline void fastcgi_hide(proto_item *pi, int hf)
{
    if (pi != NULL && PITEM_FINFO(pi) != NULL && PITEM_FINFO(pi)->hfinfo->id == hf)
        proto_item_set_hidden(pi);
}

/* Parses a CGI header block in buf[0..len) when it is complete; fills the
 * request's status and response content type.  Returns TRUE when done. */
gboolean fastcgi_parse_cgi_headers(const guint8 *buf, guint32 len, fastcgi_request *req);

/* Pairs of a GET_VALUES / GET_VALUES_RESULT record (one record, no
 * cross-record state), walked with the codec's iterator. */
void fastcgi_show_discrete_pairs(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                 proto_item *record_item);

/* Generated status and content type of the request's response, when its
 * STDOUT headers have been parsed (for records that do not show STDOUT). */
void fastcgi_show_response_summary(proto_tree *tree, tvbuff_t *tvb, const fastcgi_request *req);

/* STDERR content as text lines. */
void fastcgi_show_stderr(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                         proto_item *record_item);

/* Name shown for a codec name: "FCGI_STDOUT" -> "STDOUT". */
const char *fastcgi_short_name(const char *codec_name);

/* Registration of each file's fields, subtrees and expert items. */
void fastcgi_register_request(void);
void fastcgi_register_response(void);
void fastcgi_register_stats(void);
void fastcgi_handoff_response(void);

/* Taps. */
typedef struct fastcgi_tap_info {
    guint16 role;
    gboolean begun;
    const char *method;
    const char *script;
    guint status;
    gboolean has_time;
    nstime_t time;
} fastcgi_tap_info;

typedef struct fastcgi_eo_info {
    const char *host;
    const char *content_type;
    const char *filename;
    const guint8 *payload;
    guint32 payload_len;
} fastcgi_eo_info;

extern int fastcgi_tap;
extern int fastcgi_eo_tap;

/* Queues the stats tap for a finished request. */
void fastcgi_tap_request(packet_info *pinfo, const fastcgi_request *req);

#endif /* PACKET_FASTCGI_H */

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-request.c - requests on a connection, the name-value pairs of
 * their PARAMS streams, and the octets of their other streams.
 *
 * A request is (connection, request id, BEGIN frame): ids are reused (nginx
 * sends id 1 for every request of a kept-alive connection) and interleave
 * when a server multiplexes.  All state changes on the first pass; each
 * record's result is kept with p_add_proto_data so every later pass shows
 * the same thing whatever order frames are revisited in.
 *
 * PARAMS content is fed record by record to the codec's fcgi_nv_decoder,
 * which completes pairs split across records; this file only remembers
 * where each record sat in the stream so a pair can link to its first
 * frame.
 */
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/proto_data.h>
#include <epan/charsets.h>
#include <epan/strutil.h>
#include <epan/tap.h>

#include "packet-fastcgi.h"

static int hf_fastcgi_pair = -1;
static int hf_fastcgi_param_name = -1;
static int hf_fastcgi_param_value = -1;
static int hf_fastcgi_param_name_len = -1;
static int hf_fastcgi_param_value_len = -1;
static int hf_fastcgi_param_begin_frame = -1;
static int hf_fastcgi_request = -1;
static int hf_fastcgi_method = -1;
static int hf_fastcgi_uri = -1;
static int hf_fastcgi_script = -1;
static int hf_fastcgi_query = -1;
static int hf_fastcgi_req_content_type = -1;
static int hf_fastcgi_host = -1;
static int hf_fastcgi_response_in = -1;
static int hf_fastcgi_request_in = -1;
static int hf_fastcgi_abort_in = -1;
static int hf_fastcgi_time = -1;

static gint ett_fastcgi_pair = -1;
static gint ett_fastcgi_request = -1;

/* The connection's requests by id: begun and not ended (active), and the
 * last one that ended (until the id is begun again).  Most connections
 * only ever use one id (nginx: 1), kept inline; maps are made for the
 * others when a connection multiplexes. */
enum { FASTCGI_ACTIVE, FASTCGI_ENDED };

typedef struct fastcgi_conv {
    gboolean id0_used;
    guint16 id0;
    fastcgi_request *req0[2];   /* by FASTCGI_ACTIVE / FASTCGI_ENDED */
    wmem_map_t *map[2];         /* ids other than id0; NULL until needed */
} fastcgi_conv;

static fastcgi_conv *fastcgi_get_conv(packet_info *pinfo)
{
    conversation_t *conv = find_or_create_conversation(pinfo);
    fastcgi_conv *fc = (fastcgi_conv *)conversation_get_proto_data(conv, proto_fastcgi);
    if (!fc) {
        fc = wmem_new0(wmem_file_scope(), fastcgi_conv);
        conversation_add_proto_data(conv, proto_fastcgi, fc);
    }
    return fc;
}

static fastcgi_request *fastcgi_conv_get(const fastcgi_conv *fc, int which, guint16 id)
{
    if (fc->id0_used && fc->id0 == id)
        return fc->req0[which];
    return fc->map[which] ? (fastcgi_request *)wmem_map_lookup(fc->map[which], GUINT_TO_POINTER(id))
                          : NULL;
}

/* Sets (req) or clears (NULL) the request of an id. */
static void fastcgi_conv_set(fastcgi_conv *fc, int which, guint16 id, fastcgi_request *req)
{
    if (!fc->id0_used && req) {
        fc->id0_used = TRUE;
        fc->id0 = id;
    }
    if (fc->id0_used && fc->id0 == id) {
        fc->req0[which] = req;
        return;
    }
    if (!req) {
        if (fc->map[which])
            wmem_map_remove(fc->map[which], GUINT_TO_POINTER(id));
        return;
    }
    if (!fc->map[which])
        fc->map[which] = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    wmem_map_insert(fc->map[which], GUINT_TO_POINTER(id), req);
}

static int fastcgi_stream_index(guint8 type)
{
    switch (type) {
    case FCGI_PARAMS: return FASTCGI_S_PARAMS;
    case FCGI_STDIN:  return FASTCGI_S_STDIN;
    case FCGI_STDOUT: return FASTCGI_S_STDOUT;
    case FCGI_STDERR: return FASTCGI_S_STDERR;
    case FCGI_DATA:   return FASTCGI_S_DATA;
    default:          return -1;
    }
}

static const guint8 fastcgi_stream_types[FASTCGI_S_COUNT] = {
    FCGI_PARAMS, FCGI_STDIN, FCGI_STDOUT, FCGI_STDERR, FCGI_DATA
};

static fastcgi_request *fastcgi_new_request(fastcgi_conv *fc, guint16 id)
{
    fastcgi_request *req = wmem_new0(wmem_file_scope(), fastcgi_request);
    req->id = id;
    fastcgi_conv_set(fc, FASTCGI_ACTIVE, id, req);
    return req;
}

/* ---- Name-value pairs (first pass) ------------------------------------ */

/* The request fields people filter on, from the params that carry them. */
#define FASTCGI_CONV(name) name, sizeof name - 1
static const struct {
    const char *name;
    guint32 len;
    size_t offset;
} fastcgi_convenience[] = {
    { FASTCGI_CONV("REQUEST_METHOD"),  offsetof(fastcgi_request, method) },
    { FASTCGI_CONV("REQUEST_URI"),     offsetof(fastcgi_request, uri) },
    { FASTCGI_CONV("SCRIPT_FILENAME"), offsetof(fastcgi_request, script) },
    { FASTCGI_CONV("QUERY_STRING"),    offsetof(fastcgi_request, query) },
    { FASTCGI_CONV("CONTENT_TYPE"),    offsetof(fastcgi_request, content_type) },
    { FASTCGI_CONV("HTTP_HOST"),       offsetof(fastcgi_request, host) },
};

/* Index in fastcgi_convenience of a pair's name, or -1.  Runs for every
 * pair: the length comparison settles almost all of them. */
static int fastcgi_convenience_index(const guint8 *name, guint32 len)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fastcgi_convenience); i++) {
        if (len == fastcgi_convenience[i].len && memcmp(name, fastcgi_convenience[i].name, len) == 0)
            return (int)i;
    }
    return -1;
}

static void fastcgi_note_param(fastcgi_request *req, const fcgi_nv_pair *p)
{
    int i = fastcgi_convenience_index(p->name.data, (guint32)p->name.len);
    if (i < 0)
        return;
    const char **slot = (const char **)((char *)req + fastcgi_convenience[i].offset);
    /* Strings for columns and statistics: valid UTF-8 always. */
    *slot = (const char *)get_utf_8_string(wmem_file_scope(), p->value.data, (gint)p->value.len);
}

static void fastcgi_announce(fastcgi_request *req, fastcgi_record_info *ri, gboolean final)
{
    gboolean both = req->method && req->uri;
    gboolean either = req->method || req->uri;
    if (req->announced || !(both || (final && either)))
        return;
    req->announced = TRUE;
    ri->info = wmem_strdup_printf(wmem_file_scope(), "%s%s%s", req->method ? req->method : "",
                                  req->method && req->uri ? " " : "", req->uri ? req->uri : "");
}

static fastcgi_record_extra *fastcgi_extra(fastcgi_record_info *ri)
{
    if (!ri->x)
        ri->x = wmem_new0(wmem_file_scope(), fastcgi_record_extra);
    return ri->x;
}

/* The decoder is between pairs (not inside one). */
static gboolean fastcgi_nv_idle(const fastcgi_request *req)
{
    return fcgi_nv_decoder_finish(req->nv, NULL, NULL) == FCGI_OK;
}

/* Before feeding p[0..len) (from stream offset `at`) to a decoder that is
 * between pairs and has no scratch: when the input ends inside a pair,
 * that pair will need one.  The codec's iterator finds where whole pairs
 * stop, and a decoder fed only the rest says how many octets the open pair
 * announces; the scratch gets that many (at most max_pair; max_pair when
 * even the length prefix is cut).  The real decoder restarts with it here,
 * between pairs, so nothing is lost; nv_base keeps stream offsets right. */
static void fastcgi_prepare_scratch(fastcgi_request *req, const guint8 *p, size_t len,
                                    guint64 at)
{
    fcgi_params_iter it;
    fcgi_nv_pair pair;
    fcgi_status st;

    const guint8 *stop = p;
    fcgi_params_iter_init(&it, p, len);
    while ((st = fcgi_params_next(&it, &pair)) == FCGI_OK)
        stop = pair.value.data + pair.value.len;
    if (st == FCGI_DONE)
        return;
    /* The open pair: everything after the last whole one. */
    size_t tail = (size_t)(p + len - stop);
    fcgi_nv_decoder probe;
    fcgi_nv_event ev;
    size_t used = 0;
    guint64 have = 0, want = 0;
    fcgi_nv_decoder_init(&probe, NULL, 0);
    (void)fcgi_nv_decoder_feed(&probe, p + len - tail, tail, &used, &ev);
    (void)fcgi_nv_decoder_finish(&probe, &have, &want);
    guint32 cap = fastcgi_pref_max_pair;
    if (want != 0 && want < cap)
        cap = (guint32)want;
    req->nv_scratch = cap ? (guint8 *)wmem_alloc(wmem_file_scope(), cap) : NULL;
    fcgi_nv_decoder_init(req->nv, req->nv_scratch, cap);
    req->nv_base = at;
}

/* Done with the scratch once the decoder is between pairs again, at stream
 * offset `at` (the decoder keeps no pointer into it then). */
static void fastcgi_release_scratch(fastcgi_request *req, guint64 at)
{
    wmem_free(wmem_file_scope(), req->nv_scratch);
    req->nv_scratch = NULL;
    fcgi_nv_decoder_init(req->nv, NULL, 0);
    req->nv_base = at;
}

static void fastcgi_track_params(packet_info *pinfo, fastcgi_request *req,
                                 fastcgi_record_info *ri, tvbuff_t *content)
{
    fastcgi_stream *s = &req->streams[FASTCGI_S_PARAMS];
    guint len = tvb_reported_length(content);

    if (s->ended) {
        ri->flags |= FASTCGI_REC_AFTER_END;
        return;
    }
    if (!s->seen) {
        s->seen = TRUE;
        s->first_frame = pinfo->num;
        /* The decoder lives while the stream is open. */
        req->nv = wmem_new(wmem_file_scope(), fcgi_nv_decoder);
        fcgi_nv_decoder_init(req->nv, NULL, 0);
        req->nv_base = 0;
    }
    if (len == 0) {
        guint64 have = 0, want = 0;
        s->ended = TRUE;
        if (fcgi_nv_decoder_finish(req->nv, &have, &want) != FCGI_OK) {
            fastcgi_record_extra *x = fastcgi_extra(ri);
            ri->flags |= FASTCGI_REC_NV_SHORT;
            x->nv_have = have;
            x->nv_want = want;
        }
        if (req->nv_scratch)
            wmem_free(wmem_file_scope(), req->nv_scratch);
        req->nv_scratch = NULL;
        wmem_free(wmem_file_scope(), req->nv);
        req->nv = NULL;
        fastcgi_announce(req, ri, TRUE);
        return;
    }

    const guint8 *p = tvb_get_ptr(content, 0, len);
    gboolean idle_before = fastcgi_nv_idle(req);
    guint64 base = req->params_offset;
    if (!req->nv_scratch && idle_before)
        fastcgi_prepare_scratch(req, p, len, base);

    wmem_array_t *split = NULL;
    gboolean any = FALSE;
    size_t off = 0;
    ri->flags |= FASTCGI_REC_PAIRS;
    while (off < len) {
        size_t used = 0;
        fcgi_nv_event ev;
        fcgi_status st = fcgi_nv_decoder_feed(req->nv, p + off, len - off, &used, &ev);
        off += used;
        if (st != FCGI_OK)
            break;
        any = TRUE;
        guint64 start = req->nv_base + ev.start_offset;
        guint64 end = req->nv_base + ev.end_offset;
        fastcgi_note_param(req, &ev.pair);
        if (start >= base && !ev.truncated) {
            /* Whole in this record: decoded again from it when shown. */
            if (ri->whole_end == ri->whole_start)
                ri->whole_start = (guint32)(start - base);
            ri->whole_end = (guint32)(end - base);
        } else {
            fastcgi_pair pair;
            memset(&pair, 0, sizeof pair);
            pair.name_len = (guint32)ev.pair.name.len;
            pair.value_len = (guint32)ev.pair.value.len;
            const guint8 *np = ev.pair.name.len ? ev.pair.name.data : ev.pair.value.data;
            if (np && np >= p && np + pair.name_len + pair.value_len <= p + len &&
                (!ev.pair.name.len || !ev.pair.value.len ||
                 ev.pair.value.data == ev.pair.name.data + pair.name_len)) {
                /* Name and value came in this record after a length prefix
                 * that came earlier: point at them. */
                pair.name_off = (guint32)(np - p);
            } else {
                pair.bytes = (guint8 *)wmem_alloc(wmem_file_scope(),
                                                  pair.name_len + pair.value_len + 1);
                if (pair.name_len)
                    memcpy(pair.bytes, ev.pair.name.data, pair.name_len);
                if (pair.value_len)
                    memcpy(pair.bytes + pair.name_len, ev.pair.value.data, pair.value_len);
            }
            pair.wire_name_len = ev.name_len;
            pair.wire_value_len = ev.value_len;
            pair.truncated = ev.truncated;
            pair.start = start >= base ? (gint32)(start - base) : -1;
            pair.end = (guint32)(end - base);
            pair.begin_frame = start >= base ? pinfo->num : req->pair_frame;
            if (!split)
                split = wmem_array_new(wmem_file_scope(), sizeof(fastcgi_pair));
            wmem_array_append_one(split, pair);
        }
        if (used == 0)
            break; /* cannot happen with a conforming decoder; never spin */
        if (ev.split && req->nv_scratch && fastcgi_nv_idle(req)) {
            /* The split pair is done: its scratch was sized for it, so
             * what follows gets its own, if it needs one. */
            fastcgi_release_scratch(req, base + off);
            if (off < len)
                fastcgi_prepare_scratch(req, p + off, len - off, base + off);
        }
    }
    req->params_offset += len;
    /* A pair left open began here unless it was already open before this
     * record and none completed in it. */
    if (!fastcgi_nv_idle(req) && (any || idle_before))
        req->pair_frame = pinfo->num;
    /* Say so as soon as an open pair announces more than max_pair, once per
     * pair: if the stream never ends, no later record would. */
    guint64 have = 0, want = 0;
    if (fcgi_nv_decoder_finish(req->nv, &have, &want) != FCGI_OK &&
        want > fastcgi_pref_max_pair && req->pair_limit_frame != req->pair_frame) {
        fastcgi_record_extra *x = fastcgi_extra(ri);
        req->pair_limit_frame = req->pair_frame;
        ri->flags |= FASTCGI_REC_PAIR_LIMIT;
        x->nv_have = have;
        x->nv_want = want;
    }
    if (split) {
        fastcgi_record_extra *x = fastcgi_extra(ri);
        x->npairs = wmem_array_get_count(split);
        x->pairs = (fastcgi_pair *)wmem_array_get_raw(split);
    }
    fastcgi_announce(req, ri, FALSE);
}

/* ---- Other streams (first pass) --------------------------------------- */

static void fastcgi_mark_done(packet_info *pinfo, fastcgi_request *req, fastcgi_record_info *ri,
                              guint8 type, fastcgi_stream *s)
{
    /* An empty stream has nothing to show. */
    if (s->len == 0 && !s->overflow)
        return;
    fastcgi_record_extra *x = fastcgi_extra(ri);
    if (x->ndone >= G_N_ELEMENTS(x->done))
        return;
    if (type == FCGI_STDOUT)
        req->stdout_frame = pinfo->num;
    fastcgi_done *d = &x->done[x->ndone++];
    d->type = type;
    d->overflow = s->overflow;
    d->len = s->len;
    if (!s->overflow && s->data_frame == pinfo->num) {
        /* Every octet came in this frame: each pass rebuilds the stream
         * from the frame's records, so no copy is kept for the file. */
        d->in_frame = TRUE;
        if (s->buf)
            wmem_free(wmem_file_scope(), s->buf);
    } else if (s->buf && s->cap > s->len) {
        d->buf = (const guint8 *)wmem_realloc(wmem_file_scope(), s->buf, s->len);
    } else {
        d->buf = s->buf;
    }
    s->buf = NULL;
    s->cap = 0;
}

/* Keeps stream octets: the first record's size exactly (most streams are
 * one record), then doubling. */
static void fastcgi_stream_append(fastcgi_stream *s, const guint8 *p, guint32 len)
{
    if (s->cap - s->len < len) {
        guint32 cap = s->cap ? s->cap : len;
        while (cap - s->len < len)
            cap = cap > G_MAXUINT32 / 2 ? G_MAXUINT32 : cap * 2;
        s->buf = (guint8 *)wmem_realloc(wmem_file_scope(), s->buf, cap);
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, len);
    s->len += len;
}

static void fastcgi_track_stream(packet_info *pinfo, fastcgi_request *req,
                                 fastcgi_record_info *ri, guint8 type, tvbuff_t *content)
{
    int idx = fastcgi_stream_index(type);
    fastcgi_stream *s = &req->streams[idx];
    guint len = tvb_reported_length(content);

    if (s->ended) {
        ri->flags |= FASTCGI_REC_AFTER_END;
        return;
    }
    if (!s->seen) {
        s->seen = TRUE;
        s->first_frame = pinfo->num;
    }
    if (len == 0) {
        s->ended = TRUE;
        if (type != FCGI_STDERR)
            fastcgi_mark_done(pinfo, req, ri, type, s);
        return;
    }
    s->total += len;
    /* STDERR is shown record by record; nothing to keep. */
    if (type == FCGI_STDERR || s->overflow)
        return;
    if (len > fastcgi_pref_max_body || s->len > fastcgi_pref_max_body - len) {
        s->overflow = TRUE;
        ri->flags |= FASTCGI_REC_LIMIT;
        if (s->buf)
            wmem_free(wmem_file_scope(), s->buf);
        s->buf = NULL;
        s->cap = 0;
        return;
    }
    if (s->len == 0)
        s->data_frame = pinfo->num;
    fastcgi_stream_append(s, tvb_get_ptr(content, 0, len), len);
    ri->flags |= FASTCGI_REC_KEPT;
    if (type == FCGI_STDOUT && req->cgi_state == FASTCGI_CGI_PENDING &&
        fastcgi_parse_cgi_headers(s->buf, s->len, req) && req->cgi_state == FASTCGI_CGI_DONE) {
        const char *ct = req->resp_content_type;
        size_t ctlen = ct ? strcspn(ct, ";") : 0;
        ri->info = wmem_strdup_printf(wmem_file_scope(), "%u%s%.*s", req->status,
                                      ct ? " " : "", (int)ctlen, ct ? ct : "");
    }
}

/* A record worth remembering for later passes: one that shows something
 * beyond its own octets. */
static gboolean fastcgi_record_worth_keeping(const fastcgi_record_info *ri, guint8 type)
{
    return ri->flags != 0 || ri->info != NULL || ri->x != NULL ||
           type == FCGI_BEGIN_REQUEST || type == FCGI_END_REQUEST ||
           type == FCGI_ABORT_REQUEST;
}

static void fastcgi_track_first(packet_info *pinfo, const fcgi_header *hdr, tvbuff_t *content,
                                const fcgi_record *body, fastcgi_record_info *ri)
{
    fastcgi_conv *fc = fastcgi_get_conv(pinfo);
    fastcgi_request *req =
        fastcgi_conv_get(fc, FASTCGI_ACTIVE, hdr->request_id);

    if (hdr->type == FCGI_BEGIN_REQUEST) {
        if (req) {
            ri->flags |= FASTCGI_REC_DUP_BEGIN;
            fastcgi_extra(ri)->prev_begin_frame = req->begin_frame;
        }
        req = fastcgi_new_request(fc, hdr->request_id);
        fastcgi_conv_set(fc, FASTCGI_ENDED, hdr->request_id, NULL);
        req->begun = TRUE;
        req->begin_frame = pinfo->num;
        req->begin_time = pinfo->abs_ts;
        req->role = body->role;
        req->flags = body->flags;
        ri->req = req;
        return;
    }
    if (!req) {
        fastcgi_request *ended =
            fastcgi_conv_get(fc, FASTCGI_ENDED, hdr->request_id);
        if (ended && (hdr->type == FCGI_STDIN || hdr->type == FCGI_DATA)) {
            /* An application may answer before reading all its input
             * (php-fpm does for "Primary script unknown"); the web server's
             * rest of STDIN still belongs to that request. */
            ri->req = ended;
            fastcgi_track_stream(pinfo, ended, ri, hdr->type, content);
            return;
        }
        /* Mid-stream capture, or a record after END_REQUEST: track it
         * anyway so its streams still reassemble. */
        req = fastcgi_new_request(fc, hdr->request_id);
        ri->flags |= FASTCGI_REC_NOT_BEGUN;
    }
    ri->req = req;

    switch (hdr->type) {
    case FCGI_ABORT_REQUEST:
        if (!req->abort_frame)
            req->abort_frame = pinfo->num;
        break;
    case FCGI_END_REQUEST:
        req->end_frame = pinfo->num;
        req->end_time = pinfo->abs_ts;
        /* The application must end STDOUT and STDERR before END_REQUEST
         * (spec 6.1); what it left open is delivered here. */
        for (int i = FASTCGI_S_STDOUT; i <= FASTCGI_S_STDERR; i++) {
            fastcgi_stream *s = &req->streams[i];
            if (s->seen && !s->ended) {
                ri->flags |= FASTCGI_REC_UNTERMINATED;
                fastcgi_extra(ri)->unterminated |= 1u << i;
                s->ended = TRUE;
                if (i == FASTCGI_S_STDOUT)
                    fastcgi_mark_done(pinfo, req, ri, FCGI_STDOUT, s);
            }
        }
        fastcgi_conv_set(fc, FASTCGI_ACTIVE, hdr->request_id, NULL);
        fastcgi_conv_set(fc, FASTCGI_ENDED, hdr->request_id, req);
        break;
    case FCGI_PARAMS:
        fastcgi_track_params(pinfo, req, ri, content);
        break;
    case FCGI_STDIN:
    case FCGI_STDOUT:
    case FCGI_STDERR:
    case FCGI_DATA:
        fastcgi_track_stream(pinfo, req, ri, hdr->type, content);
        break;
    default:
        break;
    }
    /* Records that end something show what the request was. */
    if (req->streams[FASTCGI_S_PARAMS].ended &&
        (hdr->type == FCGI_END_REQUEST || hdr->type == FCGI_ABORT_REQUEST ||
         (ri->x && ri->x->ndone)))
        ri->flags |= FASTCGI_REC_SUMMARY;
    return;
}

fastcgi_record_info *fastcgi_track_record(packet_info *pinfo, const fcgi_header *hdr,
                                          tvbuff_t *content, guint record_index,
                                          const fcgi_record *body, gboolean body_ok _U_)
{
    guint32 key = record_index + 1;
    fastcgi_record_info *ri;

    if (PINFO_FD_VISITED(pinfo)) {
        ri = (fastcgi_record_info *)p_get_proto_data(wmem_file_scope(), pinfo, proto_fastcgi, key);
        return ri ? ri : wmem_new0(pinfo->pool, fastcgi_record_info);
    }
    /* Most records (empty ends of streams, STDERR) have nothing to show
     * later: only the others are kept for the file. */
    fastcgi_record_info tmp;
    memset(&tmp, 0, sizeof tmp);
    fastcgi_track_first(pinfo, hdr, content, body, &tmp);
    if (!fastcgi_record_worth_keeping(&tmp, hdr->type)) {
        /* Shown as later passes will show it: without its request. */
        tmp.req = NULL;
        return (fastcgi_record_info *)wmem_memdup(pinfo->pool, &tmp, sizeof tmp);
    }
    ri = (fastcgi_record_info *)wmem_memdup(wmem_file_scope(), &tmp, sizeof tmp);
    p_add_proto_data(wmem_file_scope(), pinfo, proto_fastcgi, key, ri);
    return ri;
}

/* ---- Display (every pass) --------------------------------------------- */

/* tvb[off, off+len) as a string: the octets themselves when they are all
 * printable ASCII (the usual case: nothing to decode or escape), else
 * decoded as UTF-8 (invalid octets replaced) and *plain cleared. */
static const char *fastcgi_pair_string(packet_info *pinfo, tvbuff_t *tvb, gint off, guint32 len,
                                       gboolean *plain)
{
    if (len == 0)
        return "";
    const guint8 *p = tvb_get_ptr(tvb, off, (gint)len);
    for (guint32 i = 0; i < len; i++) {
        if (p[i] < 0x20 || p[i] > 0x7e) {
            *plain = FALSE;
            return (const char *)tvb_get_string_enc(pinfo->pool, tvb, off, (gint)len, ENC_UTF_8);
        }
    }
    return wmem_strndup(pinfo->pool, (const char *)p, len);
}

/* A decoded string as a label part: control characters escaped. */
static const char *fastcgi_label_text(packet_info *pinfo, const char *s, gboolean plain)
{
    return plain ? s : fastcgi_format_text(pinfo->pool, s, strlen(s));
}

static int *const fastcgi_convenience_hf[] = {
    &hf_fastcgi_method, &hf_fastcgi_uri, &hf_fastcgi_script,
    &hf_fastcgi_query, &hf_fastcgi_req_content_type, &hf_fastcgi_host
};

/* Adds one pair whose octets are tvb[name_off..] then tvb[value_off..]:
 * one line "NAME = VALUE" (the pair, as the built-in shows it), under it
 * the filterable name, value, lengths and convenience field as hidden
 * items.  The label is made only for a tree that will be shown; without
 * one, the items cost nothing unless a filter or -e asks for them. */
static proto_tree *fastcgi_add_pair(proto_tree *tree, packet_info *pinfo, tvbuff_t *item_tvb,
                                    gint item_off, gint item_len, tvbuff_t *tvb, gint name_off,
                                    guint32 name_len, gint value_off, guint32 value_len,
                                    guint32 wire_name_len, guint32 wire_value_len)
{
    if (!tree)
        return NULL;
    proto_item *pi = proto_tree_add_item(tree, hf_fastcgi_pair, item_tvb, item_off, item_len,
                                         ENC_NA);
    proto_tree *pt = proto_item_add_subtree(pi, ett_fastcgi_pair);
    proto_item *it;
    if (fastcgi_tree_visible(tree)) {
        gboolean name_plain = TRUE, value_plain = TRUE;
        const char *name = fastcgi_pair_string(pinfo, tvb, name_off, name_len, &name_plain);
        const char *value = fastcgi_pair_string(pinfo, tvb, value_off, value_len, &value_plain);
        proto_item_set_text(pi, "%s = %s", fastcgi_label_text(pinfo, name, name_plain),
                            fastcgi_label_text(pinfo, value, value_plain));
        it = proto_tree_add_string(pt, hf_fastcgi_param_name, tvb, name_off, (gint)name_len,
                                   name);
        fastcgi_hide(it, hf_fastcgi_param_name);
        it = proto_tree_add_string(pt, hf_fastcgi_param_value, tvb, value_off, (gint)value_len,
                                   value);
        fastcgi_hide(it, hf_fastcgi_param_value);
    } else {
        proto_tree_add_item(pt, hf_fastcgi_param_name, tvb, name_off, (gint)name_len, ENC_UTF_8);
        proto_tree_add_item(pt, hf_fastcgi_param_value, tvb, value_off, (gint)value_len,
                            ENC_UTF_8);
    }
    it = proto_tree_add_uint(pt, hf_fastcgi_param_name_len, item_tvb, item_off, 0, wire_name_len);
    fastcgi_hide(it, hf_fastcgi_param_name_len);
    it = proto_tree_add_uint(pt, hf_fastcgi_param_value_len, item_tvb, item_off, 0,
                             wire_value_len);
    fastcgi_hide(it, hf_fastcgi_param_value_len);

    /* The convenience field that this pair feeds, if any. */
    int ci = fastcgi_convenience_index(tvb_get_ptr(tvb, name_off, (gint)name_len), name_len);
    if (ci >= 0) {
        it = proto_tree_add_item(pt, *fastcgi_convenience_hf[ci], tvb, value_off,
                                 (gint)value_len, ENC_UTF_8);
        proto_item_set_generated(it);
        fastcgi_hide(it, *fastcgi_convenience_hf[ci]);
    }
    return pt;
}

/* Pairs of content[start, end), all whole, walked with the codec's
 * iterator.  Returns the offset where the walk stopped. */
static gint fastcgi_show_whole_pairs(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                     guint start, guint end, fcgi_status *status)
{
    const guint8 *base = tvb_get_ptr(content, 0, (gint)end);
    fcgi_params_iter it;
    fcgi_nv_pair pair;
    fcgi_status st;
    gint done = (gint)start;

    fcgi_params_iter_init(&it, base + start, end - start);
    while ((st = fcgi_params_next(&it, &pair)) == FCGI_OK) {
        gint name_off = (gint)(pair.name.data - base);
        gint value_off = (gint)(pair.value.data - base);
        gint pend = value_off + (gint)pair.value.len;
        fastcgi_add_pair(tree, pinfo, content, done, pend - done, content, name_off,
                         (guint32)pair.name.len, value_off, (guint32)pair.value.len,
                         (guint32)pair.name.len, (guint32)pair.value.len);
        done = pend;
    }
    if (status)
        *status = st;
    return done;
}

static void fastcgi_show_split_pair(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                    const fastcgi_pair *p)
{
    guint32 total = p->name_len + p->value_len;
    tvbuff_t *pt_tvb = content;
    gint name_off = (gint)p->name_off;
    if (p->bytes) {
        /* Completed here from earlier records: show the codec's assembled
         * copy as its own data source. */
        pt_tvb = tvb_new_child_real_data(content, p->bytes, total, total);
        add_new_data_source(pinfo, pt_tvb, "Name-value pair");
        name_off = 0;
    }
    gint item_off = p->start >= 0 ? p->start : 0;
    proto_tree *pt = fastcgi_add_pair(tree, pinfo, content, item_off, (gint)p->end - item_off,
                                      pt_tvb, name_off, p->name_len,
                                      name_off + (gint)p->name_len, p->value_len,
                                      p->wire_name_len, p->wire_value_len);
    if (p->start < 0) {
        proto_item *fi = proto_tree_add_uint(pt, hf_fastcgi_param_begin_frame, content, 0, 0,
                                             p->begin_frame);
        proto_item_set_generated(fi);
    }
    if (p->truncated)
        proto_tree_add_expert_format(pt, pinfo, &ei_fastcgi_limit, content, 0, 0,
            "Pair of %u + %u octets exceeds the max_pair preference; truncated to %u",
            p->wire_name_len, p->wire_value_len, total);
}

static void fastcgi_show_params(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                proto_item *record_item, const fastcgi_record_info *ri)
{
    const fastcgi_record_extra *x = ri->x;
    guint i = 0;

    /* Record order: a pair completed here from earlier records comes
     * before the whole ones. */
    if (x) {
        for (; i < x->npairs && x->pairs[i].end <= ri->whole_start; i++)
            fastcgi_show_split_pair(content, pinfo, tree, &x->pairs[i]);
    }
    if (ri->whole_end > ri->whole_start)
        fastcgi_show_whole_pairs(content, pinfo, tree, ri->whole_start, ri->whole_end, NULL);
    if (x) {
        for (; i < x->npairs; i++)
            fastcgi_show_split_pair(content, pinfo, tree, &x->pairs[i]);
    }
    if (ri->flags & FASTCGI_REC_NV_SHORT) {
        if (x->nv_want)
            expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                "PARAMS stream ended inside a name-value pair: %" G_GUINT64_FORMAT
                " of %" G_GUINT64_FORMAT " octets present", x->nv_have, x->nv_want);
        else
            expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                "PARAMS stream ended inside a name-value pair's length prefix (%" G_GUINT64_FORMAT
                " octets present)", x->nv_have);
    }
}

void fastcgi_show_discrete_pairs(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                 proto_item *record_item)
{
    guint len = tvb_reported_length(content);
    fcgi_status st;
    gint done = fastcgi_show_whole_pairs(content, pinfo, tree, 0, len, &st);

    if (st != FCGI_DONE)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                               "Malformed or truncated name-value pair at content offset %d "
                               "(%u octets left)", done, len - (guint)done);
}

/* Stream records kept in this frame, per (request, stream): the content
 * tvbs, so a stream that completes in the frame where all its octets came
 * is rebuilt from them. */
static wmem_array_t *fastcgi_frame_stream(packet_info *pinfo, const fastcgi_request *req,
                                          guint8 type, gboolean create)
{
    wmem_map_t *map = (wmem_map_t *)p_get_proto_data(pinfo->pool, pinfo, proto_fastcgi,
                                                     FASTCGI_KEY_STREAMS);
    if (!map) {
        if (!create)
            return NULL;
        map = wmem_map_new(pinfo->pool, g_direct_hash, g_direct_equal);
        p_add_proto_data(pinfo->pool, pinfo, proto_fastcgi, FASTCGI_KEY_STREAMS, map);
    }
    const void *key = &req->streams[fastcgi_stream_index(type)];
    wmem_array_t *a = (wmem_array_t *)wmem_map_lookup(map, key);
    if (!a && create) {
        a = wmem_array_new(pinfo->pool, sizeof(tvbuff_t *));
        wmem_map_insert(map, key, a);
    }
    return a;
}

/* The octets of a completed stream as one tvb. */
static tvbuff_t *fastcgi_done_tvb(tvbuff_t *parent, packet_info *pinfo,
                                  const fastcgi_request *req, const fastcgi_done *d)
{
    char nb[FCGI_NAME_BUF_LEN];
    const guint8 *buf = d->buf;

    if (d->in_frame) {
        wmem_array_t *a = fastcgi_frame_stream(pinfo, req, d->type, FALSE);
        guint n = a ? wmem_array_get_count(a) : 0;
        if (n == 0)
            return NULL;
        if (n == 1) {
            /* One record: the stream is its content, where it lies. */
            tvbuff_t *only = *(tvbuff_t **)wmem_array_index(a, 0);
            return tvb_reported_length(only) == d->len ? only : NULL;
        }
        guint8 *copy = (guint8 *)wmem_alloc(pinfo->pool, d->len);
        guint32 at = 0;
        for (guint i = 0; i < n; i++) {
            tvbuff_t *part = *(tvbuff_t **)wmem_array_index(a, i);
            guint plen = tvb_reported_length(part);
            if (plen > d->len - at)
                return NULL;
            tvb_memcpy(part, copy + at, 0, plen);
            at += plen;
        }
        if (at != d->len)
            return NULL;
        buf = copy;
    }
    if (!buf)
        return NULL;
    tvbuff_t *t = tvb_new_child_real_data(parent, buf, d->len, d->len);
    char *source = wmem_strdup_printf(pinfo->pool, "Reassembled %s (%u octets)",
                                      fastcgi_short_name(fcgi_get_type_name(d->type, nb)),
                                      d->len);
    add_new_data_source(pinfo, t, source);
    return t;
}

gboolean fastcgi_show_record_request(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                     proto_item *record_item, const fcgi_header *hdr,
                                     const fastcgi_record_info *ri)
{
    const fastcgi_request *req = ri->req;
    const fastcgi_record_extra *x = ri->x;
    proto_item *it;
    gboolean shown = FALSE;

    if (!req)
        return FALSE;
    if (ri->flags & FASTCGI_REC_KEPT)
        wmem_array_append_one(fastcgi_frame_stream(pinfo, req, hdr->type, TRUE), content);
    if (ri->flags & FASTCGI_REC_NOT_BEGUN)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_not_begun,
                               "Request id %u was never begun on this connection", hdr->request_id);
    if (ri->flags & FASTCGI_REC_DUP_BEGIN)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_dup_begin,
                               "Request id %u is already active (begun in frame %u)",
                               hdr->request_id, x->prev_begin_frame);
    if (ri->flags & FASTCGI_REC_AFTER_END)
        expert_add_info(pinfo, record_item, &ei_fastcgi_after_end);
    if (ri->flags & FASTCGI_REC_LIMIT)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_limit,
                               "Stream exceeds the max_body preference (%u octets): not "
                               "reassembled, shown record by record", fastcgi_pref_max_body);
    if (ri->flags & FASTCGI_REC_PAIR_LIMIT)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_limit,
                               "Name-value pair of %" PRIu64 " octets exceeds the max_pair "
                               "preference (%u octets): it will be shown truncated",
                               ri->x->nv_want, fastcgi_pref_max_pair);

    switch (hdr->type) {
    case FCGI_BEGIN_REQUEST:
        if (req->end_frame) {
            it = proto_tree_add_uint(tree, hf_fastcgi_response_in, content, 0, 0, req->end_frame);
            proto_item_set_generated(it);
        }
        if (req->abort_frame) {
            it = proto_tree_add_uint(tree, hf_fastcgi_abort_in, content, 0, 0, req->abort_frame);
            proto_item_set_generated(it);
        }
        break;
    case FCGI_END_REQUEST:
    case FCGI_ABORT_REQUEST:
        if (req->begun) {
            it = proto_tree_add_uint(tree, hf_fastcgi_request_in, content, 0, 0, req->begin_frame);
            proto_item_set_generated(it);
        }
        if (hdr->type == FCGI_END_REQUEST && req->begun) {
            nstime_t delta;
            nstime_delta(&delta, &req->end_time, &req->begin_time);
            it = proto_tree_add_time(tree, hf_fastcgi_time, content, 0, 0, &delta);
            proto_item_set_generated(it);
        }
        break;
    case FCGI_PARAMS:
        if (ri->flags & (FASTCGI_REC_PAIRS | FASTCGI_REC_NV_SHORT))
            fastcgi_show_params(content, pinfo, tree, record_item, ri);
        shown = (ri->flags & FASTCGI_REC_PAIRS) != 0;
        break;
    default:
        break;
    }

    /* One summary per request and frame: a frame often ends a stream and
     * the request together. */
    if (ri->flags & FASTCGI_REC_SUMMARY) {
        wmem_map_t *shown_reqs = (wmem_map_t *)p_get_proto_data(pinfo->pool, pinfo,
                                                                proto_fastcgi,
                                                                FASTCGI_KEY_SUMMARIES);
        if (!shown_reqs) {
            shown_reqs = wmem_map_new(pinfo->pool, g_direct_hash, g_direct_equal);
            p_add_proto_data(pinfo->pool, pinfo, proto_fastcgi, FASTCGI_KEY_SUMMARIES, shown_reqs);
        }
        if (!wmem_map_contains(shown_reqs, req)) {
            wmem_map_insert(shown_reqs, (gpointer)req, GUINT_TO_POINTER(1));
            proto_tree *rt = proto_tree_add_subtree(tree, content, 0, 0, ett_fastcgi_request, &it,
                                                    "Request");
            proto_item_set_generated(it);
            const char *vals[] = { req->method, req->uri, req->script, req->query,
                                   req->content_type, req->host };
            for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
                if (vals[i]) {
                    it = proto_tree_add_string(rt, *fastcgi_convenience_hf[i], content, 0, 0,
                                               vals[i]);
                    proto_item_set_generated(it);
                }
            }
        }
    }

    if (x) {
        for (int i = 0; i < FASTCGI_S_COUNT; i++) {
            if (x->unterminated & (1u << i)) {
                char nb[FCGI_NAME_BUF_LEN];
                expert_add_info_format(pinfo, record_item, &ei_fastcgi_unterminated,
                    "%s not terminated by an empty record before END_REQUEST",
                    fastcgi_short_name(fcgi_get_type_name(fastcgi_stream_types[i], nb)));
            }
        }
    }
    guint ndone = x ? x->ndone : 0;
    if (hdr->type == FCGI_END_REQUEST && ndone == 0 && req->stdout_frame != pinfo->num)
        fastcgi_show_response_summary(tree, content, req);
    for (guint i = 0; i < ndone; i++) {
        const fastcgi_done *d = &x->done[i];
        if (d->overflow) {
            fastcgi_show_stream_overflow(content, pinfo, tree, d->type);
            continue;
        }
        tvbuff_t *t = fastcgi_done_tvb(content, pinfo, req, d);
        if (t)
            fastcgi_show_stream(t, pinfo, tree, req, d->type);
    }

    if (hdr->type == FCGI_END_REQUEST)
        fastcgi_tap_request(pinfo, req);
    return shown;
}

void fastcgi_register_request(void)
{
    static hf_register_info hf[] = {
        { &hf_fastcgi_pair,
          { "Name-value pair", "fastcgi.param", FT_NONE, BASE_NONE, NULL, 0x0,
            "A name-value pair of PARAMS, GET_VALUES or GET_VALUES_RESULT", HFILL } },
        { &hf_fastcgi_param_name,
          { "Name", "fastcgi.param.name", FT_STRING, BASE_NONE, NULL, 0x0,
            "Name of a name-value pair (UTF-8; invalid octets escaped)", HFILL } },
        { &hf_fastcgi_param_value,
          { "Value", "fastcgi.param.value", FT_STRING, BASE_NONE, NULL, 0x0,
            "Value of a name-value pair (UTF-8; invalid octets escaped)", HFILL } },
        { &hf_fastcgi_param_name_len,
          { "Name length", "fastcgi.param.name_length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Name length the pair announces", HFILL } },
        { &hf_fastcgi_param_value_len,
          { "Value length", "fastcgi.param.value_length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Value length the pair announces", HFILL } },
        { &hf_fastcgi_param_begin_frame,
          { "Pair begins in frame", "fastcgi.param.begin_frame", FT_FRAMENUM, BASE_NONE, NULL,
            0x0, "Frame of the PARAMS record where this split pair begins", HFILL } },
        { &hf_fastcgi_request,
          { "Request", "fastcgi.request", FT_NONE, BASE_NONE, NULL, 0x0,
            "What the request's params said", HFILL } },
        { &hf_fastcgi_method,
          { "Method", "fastcgi.request.method", FT_STRING, BASE_NONE, NULL, 0x0,
            "REQUEST_METHOD of the request", HFILL } },
        { &hf_fastcgi_uri,
          { "URI", "fastcgi.request.uri", FT_STRING, BASE_NONE, NULL, 0x0,
            "REQUEST_URI of the request", HFILL } },
        { &hf_fastcgi_script,
          { "Script filename", "fastcgi.request.script_filename", FT_STRING, BASE_NONE, NULL,
            0x0, "SCRIPT_FILENAME of the request", HFILL } },
        { &hf_fastcgi_query,
          { "Query string", "fastcgi.request.query_string", FT_STRING, BASE_NONE, NULL, 0x0,
            "QUERY_STRING of the request", HFILL } },
        { &hf_fastcgi_req_content_type,
          { "Content type", "fastcgi.request.content_type", FT_STRING, BASE_NONE, NULL, 0x0,
            "CONTENT_TYPE of the request body", HFILL } },
        { &hf_fastcgi_host,
          { "Host", "fastcgi.request.host", FT_STRING, BASE_NONE, NULL, 0x0,
            "HTTP_HOST of the request", HFILL } },
        { &hf_fastcgi_response_in,
          { "Response in", "fastcgi.response_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
            "Frame of this request's END_REQUEST", HFILL } },
        { &hf_fastcgi_request_in,
          { "Request in", "fastcgi.request_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
            "Frame of this request's BEGIN_REQUEST", HFILL } },
        { &hf_fastcgi_abort_in,
          { "Aborted in", "fastcgi.abort_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
            "Frame of the ABORT_REQUEST for this request", HFILL } },
        { &hf_fastcgi_time,
          { "Time", "fastcgi.time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from BEGIN_REQUEST to END_REQUEST", HFILL } },
    };
    static gint *ett[] = { &ett_fastcgi_pair, &ett_fastcgi_request };

    proto_register_field_array(proto_fastcgi, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

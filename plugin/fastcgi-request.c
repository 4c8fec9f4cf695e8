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

/* The connection's requests by id: begun and not ended, and the last one
 * that ended (until the id is begun again). */
typedef struct fastcgi_conv {
    wmem_map_t *active;
    wmem_map_t *ended;
} fastcgi_conv;

static fastcgi_conv *fastcgi_get_conv(packet_info *pinfo)
{
    conversation_t *conv = find_or_create_conversation(pinfo);
    fastcgi_conv *fc = (fastcgi_conv *)conversation_get_proto_data(conv, proto_fastcgi);
    if (!fc) {
        fc = wmem_new0(wmem_file_scope(), fastcgi_conv);
        fc->active = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
        fc->ended = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
        conversation_add_proto_data(conv, proto_fastcgi, fc);
    }
    return fc;
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
    wmem_map_insert(fc->active, GUINT_TO_POINTER(id), req);
    return req;
}

/* ---- Name-value pairs (first pass) ------------------------------------ */

/* The request fields people filter on, from the params that carry them. */
static const struct {
    const char *name;
    size_t offset;
} fastcgi_convenience[] = {
    { "REQUEST_METHOD",  offsetof(fastcgi_request, method) },
    { "REQUEST_URI",     offsetof(fastcgi_request, uri) },
    { "SCRIPT_FILENAME", offsetof(fastcgi_request, script) },
    { "QUERY_STRING",    offsetof(fastcgi_request, query) },
    { "CONTENT_TYPE",    offsetof(fastcgi_request, content_type) },
    { "HTTP_HOST",       offsetof(fastcgi_request, host) },
};

static void fastcgi_note_param(fastcgi_request *req, const fastcgi_pair *p)
{
    for (size_t i = 0; i < G_N_ELEMENTS(fastcgi_convenience); i++) {
        const char *n = fastcgi_convenience[i].name;
        if (p->name_len == strlen(n) && memcmp(p->bytes, n, p->name_len) == 0) {
            const char **slot = (const char **)((char *)req + fastcgi_convenience[i].offset);
            /* Strings for columns and statistics: valid UTF-8 always. */
            *slot = (const char *)get_utf_8_string(wmem_file_scope(), p->bytes + p->name_len,
                                                   (gint)p->value_len);
        }
    }
}

/* Frame of the PARAMS record that holds stream offset `off`. */
static guint32 fastcgi_params_frame(const fastcgi_request *req, guint64 off)
{
    guint n = wmem_array_get_count(req->params_recs);
    for (guint i = n; i-- > 0;) {
        const fastcgi_params_rec *r =
            (const fastcgi_params_rec *)wmem_array_index(req->params_recs, i);
        if (r->offset <= off)
            return r->frame;
    }
    return 0;
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
        req->nv_scratch = (guint8 *)wmem_alloc(wmem_file_scope(), fastcgi_pref_max_pair);
        fcgi_nv_decoder_init(&req->nv, req->nv_scratch, fastcgi_pref_max_pair);
        req->params_recs = wmem_array_new(wmem_file_scope(), sizeof(fastcgi_params_rec));
    }
    if (len == 0) {
        guint64 have = 0, want = 0;
        s->ended = TRUE;
        if (fcgi_nv_decoder_finish(&req->nv, &have, &want) != FCGI_OK) {
            ri->flags |= FASTCGI_REC_NV_SHORT;
            ri->nv_have = have;
            ri->nv_want = want;
        }
        /* The decoder keeps no pointer into it once the stream is over. */
        wmem_free(wmem_file_scope(), req->nv_scratch);
        req->nv_scratch = NULL;
        fastcgi_announce(req, ri, TRUE);
        return;
    }

    guint64 base = req->params_offset;
    fastcgi_params_rec rec = { base, pinfo->num };
    wmem_array_append_one(req->params_recs, rec);

    const guint8 *p = tvb_get_ptr(content, 0, len);
    wmem_array_t *pairs = wmem_array_new(wmem_file_scope(), sizeof(fastcgi_pair));
    size_t off = 0;
    while (off < len) {
        size_t used = 0;
        fcgi_nv_event ev;
        fcgi_status st = fcgi_nv_decoder_feed(&req->nv, p + off, len - off, &used, &ev);
        off += used;
        if (st != FCGI_OK)
            break;
        fastcgi_pair pair;
        memset(&pair, 0, sizeof pair);
        pair.name_len = (guint32)ev.pair.name.len;
        pair.value_len = (guint32)ev.pair.value.len;
        pair.bytes = (guint8 *)wmem_alloc(wmem_file_scope(), pair.name_len + pair.value_len + 1);
        if (pair.name_len)
            memcpy(pair.bytes, ev.pair.name.data, pair.name_len);
        if (pair.value_len)
            memcpy(pair.bytes + pair.name_len, ev.pair.value.data, pair.value_len);
        pair.wire_name_len = ev.name_len;
        pair.wire_value_len = ev.value_len;
        pair.truncated = ev.truncated;
        pair.start = ev.start_offset >= base ? (gint32)(ev.start_offset - base) : -1;
        pair.end = (guint32)(ev.end_offset - base);
        pair.begin_frame = fastcgi_params_frame(req, ev.start_offset);
        wmem_array_append_one(pairs, pair);
        fastcgi_note_param(req, &pair);
        if (used == 0)
            break; /* cannot happen with a conforming decoder; never spin */
    }
    req->params_offset += len;
    ri->npairs = wmem_array_get_count(pairs);
    ri->pairs = (fastcgi_pair *)wmem_array_get_raw(pairs);
    fastcgi_announce(req, ri, FALSE);
}

/* ---- Other streams (first pass) --------------------------------------- */

static void fastcgi_mark_done(packet_info *pinfo, fastcgi_request *req, fastcgi_record_info *ri,
                              guint8 type, const fastcgi_stream *s)
{
    /* An empty stream has nothing to show. */
    if (ri->ndone >= G_N_ELEMENTS(ri->done_type) || (s->len == 0 && !s->overflow))
        return;
    if (type == FCGI_STDOUT)
        req->stdout_frame = pinfo->num;
    ri->done_type[ri->ndone] = type;
    ri->done_buf[ri->ndone] = s->buf;
    ri->done_len[ri->ndone] = s->len;
    ri->done_overflow[ri->ndone] = s->overflow;
    ri->ndone++;
}

static void fastcgi_stream_append(fastcgi_stream *s, const guint8 *p, guint32 len)
{
    if (s->cap - s->len < len) {
        guint32 cap = s->cap ? s->cap : 4096;
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
        return;
    }
    fastcgi_stream_append(s, tvb_get_ptr(content, 0, len), len);
    if (type == FCGI_STDOUT && req->cgi_state == FASTCGI_CGI_PENDING &&
        fastcgi_parse_cgi_headers(s->buf, s->len, req) && req->cgi_state == FASTCGI_CGI_DONE) {
        const char *ct = req->resp_content_type;
        size_t ctlen = ct ? strcspn(ct, ";") : 0;
        ri->info = wmem_strdup_printf(wmem_file_scope(), "%u%s%.*s", req->status,
                                      ct ? " " : "", (int)ctlen, ct ? ct : "");
    }
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
    ri = wmem_new0(wmem_file_scope(), fastcgi_record_info);
    p_add_proto_data(wmem_file_scope(), pinfo, proto_fastcgi, key, ri);

    fastcgi_conv *fc = fastcgi_get_conv(pinfo);
    fastcgi_request *req =
        (fastcgi_request *)wmem_map_lookup(fc->active, GUINT_TO_POINTER(hdr->request_id));

    if (hdr->type == FCGI_BEGIN_REQUEST) {
        if (req) {
            ri->flags |= FASTCGI_REC_DUP_BEGIN;
            ri->prev_begin_frame = req->begin_frame;
        }
        req = fastcgi_new_request(fc, hdr->request_id);
        wmem_map_remove(fc->ended, GUINT_TO_POINTER(hdr->request_id));
        req->begun = TRUE;
        req->begin_frame = pinfo->num;
        req->begin_time = pinfo->abs_ts;
        req->role = body->role;
        req->flags = body->flags;
        ri->req = req;
        return ri;
    }
    if (!req) {
        fastcgi_request *ended =
            (fastcgi_request *)wmem_map_lookup(fc->ended, GUINT_TO_POINTER(hdr->request_id));
        if (ended && (hdr->type == FCGI_STDIN || hdr->type == FCGI_DATA)) {
            /* An application may answer before reading all its input
             * (php-fpm does for "Primary script unknown"); the web server's
             * rest of STDIN still belongs to that request. */
            ri->req = ended;
            fastcgi_track_stream(pinfo, ended, ri, hdr->type, content);
            return ri;
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
                ri->unterminated |= 1u << i;
                s->ended = TRUE;
                if (i == FASTCGI_S_STDOUT)
                    fastcgi_mark_done(pinfo, req, ri, FCGI_STDOUT, s);
            }
        }
        wmem_map_remove(fc->active, GUINT_TO_POINTER(hdr->request_id));
        wmem_map_insert(fc->ended, GUINT_TO_POINTER(hdr->request_id), req);
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
        (hdr->type == FCGI_END_REQUEST || hdr->type == FCGI_ABORT_REQUEST || ri->ndone))
        ri->flags |= FASTCGI_REC_SUMMARY;
    return ri;
}

/* ---- Display (every pass) --------------------------------------------- */

/* Octets as a printable line: UTF-8 decoded (invalid octets replaced), then
 * control characters escaped. */
static const char *fastcgi_text(packet_info *pinfo, tvbuff_t *tvb, gint off, guint32 len)
{
    const guint8 *s = tvb_get_string_enc(pinfo->pool, tvb, off, (gint)len, ENC_UTF_8);
    return format_text(pinfo->pool, s, strlen((const char *)s));
}

/* Adds one pair whose octets are tvb[name_off..] then tvb[value_off..]. */
static proto_tree *fastcgi_add_pair(proto_tree *tree, packet_info *pinfo, tvbuff_t *item_tvb,
                                    gint item_off, gint item_len, tvbuff_t *tvb, gint name_off,
                                    guint32 name_len, gint value_off, guint32 value_len,
                                    guint32 wire_name_len, guint32 wire_value_len)
{
    const char *name = fastcgi_text(pinfo, tvb, name_off, name_len);
    const char *value = fastcgi_text(pinfo, tvb, value_off, value_len);
    proto_item *pi = proto_tree_add_item(tree, hf_fastcgi_pair, item_tvb, item_off, item_len,
                                         ENC_NA);
    proto_item_set_text(pi, "%s = %s", name, value);
    proto_tree *pt = proto_item_add_subtree(pi, ett_fastcgi_pair);
    proto_tree_add_uint(pt, hf_fastcgi_param_name_len, item_tvb, item_off, 0, wire_name_len);
    proto_tree_add_uint(pt, hf_fastcgi_param_value_len, item_tvb, item_off, 0, wire_value_len);
    proto_tree_add_item(pt, hf_fastcgi_param_name, tvb, name_off, (gint)name_len, ENC_UTF_8);
    proto_tree_add_item(pt, hf_fastcgi_param_value, tvb, value_off, (gint)value_len, ENC_UTF_8);

    /* The convenience field that this pair feeds, if any. */
    static int *const conv_hf[] = { &hf_fastcgi_method, &hf_fastcgi_uri, &hf_fastcgi_script,
                                    &hf_fastcgi_query, &hf_fastcgi_req_content_type,
                                    &hf_fastcgi_host };
    for (size_t i = 0; i < G_N_ELEMENTS(fastcgi_convenience); i++) {
        const char *n = fastcgi_convenience[i].name;
        if (name_len == strlen(n) && tvb_memeql(tvb, name_off, (const guint8 *)n, name_len) == 0) {
            proto_item *ci = proto_tree_add_item(pt, *conv_hf[i], tvb, value_off,
                                                 (gint)value_len, ENC_UTF_8);
            proto_item_set_generated(ci);
        }
    }
    return pt;
}

static void fastcgi_show_params(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                proto_item *record_item, const fastcgi_record_info *ri)
{
    for (guint i = 0; i < ri->npairs; i++) {
        const fastcgi_pair *p = &ri->pairs[i];
        proto_tree *pt;
        if (p->start >= 0 && !p->truncated &&
            p->end - (guint32)p->start >= p->name_len + p->value_len) {
            /* Whole in this record: show it where it lies. */
            gint value_off = (gint)(p->end - p->value_len);
            gint name_off = value_off - (gint)p->name_len;
            pt = fastcgi_add_pair(tree, pinfo, content, p->start, (gint)(p->end - p->start),
                                  content, name_off, p->name_len, value_off, p->value_len,
                                  p->wire_name_len, p->wire_value_len);
        } else {
            /* Completed here from earlier records: show the codec's
             * assembled copy as its own data source. */
            guint32 total = p->name_len + p->value_len;
            tvbuff_t *pt_tvb = tvb_new_child_real_data(content, p->bytes, total, total);
            add_new_data_source(pinfo, pt_tvb, "Name-value pair");
            gint item_off = p->start >= 0 ? p->start : 0;
            pt = fastcgi_add_pair(tree, pinfo, content, item_off, (gint)p->end - item_off, pt_tvb,
                                  0, p->name_len, (gint)p->name_len, p->value_len,
                                  p->wire_name_len, p->wire_value_len);
            if (p->start < 0) {
                proto_item *fi = proto_tree_add_uint(pt, hf_fastcgi_param_begin_frame, content, 0,
                                                     0, p->begin_frame);
                proto_item_set_generated(fi);
            }
            if (p->truncated)
                proto_tree_add_expert_format(pt, pinfo, &ei_fastcgi_limit, content, 0, 0,
                    "Pair of %u + %u octets exceeds the max_pair preference; truncated to %u",
                    p->wire_name_len, p->wire_value_len, total);
        }
    }
    if (ri->flags & FASTCGI_REC_NV_SHORT) {
        if (ri->nv_want)
            expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                "PARAMS stream ended inside a name-value pair: %" G_GUINT64_FORMAT
                " of %" G_GUINT64_FORMAT " octets present", ri->nv_have, ri->nv_want);
        else
            expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                "PARAMS stream ended inside a name-value pair's length prefix (%" G_GUINT64_FORMAT
                " octets present)", ri->nv_have);
    }
}

void fastcgi_show_discrete_pairs(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                 proto_item *record_item)
{
    guint len = tvb_reported_length(content);
    const guint8 *base = tvb_get_ptr(content, 0, len);
    fcgi_params_iter it;
    fcgi_nv_pair pair;
    fcgi_status st;
    gint done = 0;

    fcgi_params_iter_init(&it, base, len);
    while ((st = fcgi_params_next(&it, &pair)) == FCGI_OK) {
        gint name_off = pair.name.len ? (gint)(pair.name.data - base)
                                      : (pair.value.len ? (gint)(pair.value.data - base) : done);
        gint value_off = pair.value.len ? (gint)(pair.value.data - base)
                                        : name_off + (gint)pair.name.len;
        gint end = value_off + (gint)pair.value.len;
        fastcgi_add_pair(tree, pinfo, content, done, end - done, content, name_off,
                         (guint32)pair.name.len, value_off, (guint32)pair.value.len,
                         (guint32)pair.name.len, (guint32)pair.value.len);
        done = end;
    }
    if (st != FCGI_DONE)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                               "Malformed or truncated name-value pair at content offset %d "
                               "(%u octets left)", done, len - (guint)done);
}

void fastcgi_show_record_request(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                 proto_item *record_item, const fcgi_header *hdr,
                                 const fastcgi_record_info *ri)
{
    const fastcgi_request *req = ri->req;
    proto_item *it;

    if (!req)
        return;
    if (ri->flags & FASTCGI_REC_NOT_BEGUN)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_not_begun,
                               "Request id %u was never begun on this connection", hdr->request_id);
    if (ri->flags & FASTCGI_REC_DUP_BEGIN)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_dup_begin,
                               "Request id %u is already active (begun in frame %u)",
                               hdr->request_id, ri->prev_begin_frame);
    if (ri->flags & FASTCGI_REC_AFTER_END)
        expert_add_info(pinfo, record_item, &ei_fastcgi_after_end);
    if (ri->flags & FASTCGI_REC_LIMIT)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_limit,
                               "Stream exceeds the max_body preference (%u octets): not "
                               "reassembled, shown record by record", fastcgi_pref_max_body);

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
        fastcgi_show_params(content, pinfo, tree, record_item, ri);
        break;
    default:
        break;
    }

    /* One summary per request and frame: a frame often ends a stream and
     * the request together. */
    wmem_map_t *shown = (wmem_map_t *)p_get_proto_data(pinfo->pool, pinfo, proto_fastcgi,
                                                       FASTCGI_KEY_SUMMARIES);
    if (!shown) {
        shown = wmem_map_new(pinfo->pool, g_direct_hash, g_direct_equal);
        p_add_proto_data(pinfo->pool, pinfo, proto_fastcgi, FASTCGI_KEY_SUMMARIES, shown);
    }
    if ((ri->flags & FASTCGI_REC_SUMMARY) && !wmem_map_contains(shown, req)) {
        wmem_map_insert(shown, (gpointer)req, GUINT_TO_POINTER(1));
        proto_tree *rt = proto_tree_add_subtree(tree, content, 0, 0, ett_fastcgi_request, &it,
                                                "Request");
        proto_item_set_generated(it);
        const char *vals[] = { req->method, req->uri, req->script, req->query,
                               req->content_type, req->host };
        int *const hfs[] = { &hf_fastcgi_method, &hf_fastcgi_uri, &hf_fastcgi_script,
                             &hf_fastcgi_query, &hf_fastcgi_req_content_type, &hf_fastcgi_host };
        for (size_t i = 0; i < G_N_ELEMENTS(vals); i++) {
            if (vals[i]) {
                it = proto_tree_add_string(rt, *hfs[i], content, 0, 0, vals[i]);
                proto_item_set_generated(it);
            }
        }
    }

    for (int i = 0; i < FASTCGI_S_COUNT; i++) {
        if (ri->unterminated & (1u << i)) {
            char nb[FCGI_NAME_BUF_LEN];
            expert_add_info_format(pinfo, record_item, &ei_fastcgi_unterminated,
                "%s not terminated by an empty record before END_REQUEST",
                fastcgi_short_name(fcgi_get_type_name(fastcgi_stream_types[i], nb)));
        }
    }
    if (hdr->type == FCGI_END_REQUEST && ri->ndone == 0 && req->stdout_frame != pinfo->num)
        fastcgi_show_response_summary(tree, content, req);
    for (guint i = 0; i < ri->ndone; i++)
        fastcgi_show_stream(content, pinfo, tree, req, ri->done_type[i], ri->done_buf[i],
                            ri->done_len[i], ri->done_overflow[i]);

    if (hdr->type == FCGI_END_REQUEST)
        fastcgi_tap_request(pinfo, req);
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

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-request.c - requests on a connection, as the first pass learns
 * them (see fastcgi-request.h).
 *
 * All state changes on the first pass; each record's result is kept per
 * frame so every later pass shows the same thing whatever order frames are
 * revisited in.  PARAMS content is fed record by record to the codec's
 * fcgi_nv_decoder, which completes pairs split across records; this file
 * only remembers where each record sat in the stream so a pair can link to
 * the frames where it begins and completes.
 *
 * Memory, which sets how large a capture Wireshark can open: what is kept
 * for the whole file is allocated once, at its final size, in file scope
 * (wmem's block allocator seldom reuses small freed chunks, so a value
 * grown by realloc leaves its old copies behind): a request's frames, times,
 * status and the values of a dozen params in one block, and one block of
 * record results per frame, found through an array indexed by frame number
 * (no proto data list per frame).  What a request needs only while it is
 * open (the pair decoder, stream octets, the CGI parser, the field values as
 * they arrive) lives in a work area on the heap, freed once the request has
 * ended and the web server's streams are closed, or when the file is.
 */
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/proto_data.h>
#include <epan/charsets.h>

#include "fastcgi-request.h"

static int proto_fastcgi = -1;
static guint fastcgi_max_body = 16u * 1024 * 1024;
static guint fastcgi_max_pair = 1024u * 1024;

typedef struct fastcgi_stream {
    guint8 *buf;        /* octets kept so far (heap) */
    guint32 len;
    guint32 cap;
    guint32 data_frame; /* frame of the first kept octets */
    guint32 end_frame;  /* frame of the empty record */
    guint8 seen;        /* at least one record of this stream */
    guint8 ended;       /* the empty record arrived (or END_REQUEST) */
    guint8 overflow;    /* more than max_body arrived */
} fastcgi_stream;

struct fastcgi_request_work {
    fastcgi_stream s[FASTCGI_S_COUNT];
    fcgi_nv_decoder nv;
    guint8 *nv_scratch;         /* only while a pair is open across records */
    guint64 params_offset;      /* stream offset of the next PARAMS octet */
    guint32 pair_limit_frame;   /* open pair already reported over max_pair */
    fastcgi_split *open;        /* the pair open across records, if any */
    fcgi_cgi_parser cgi;        /* STDOUT's header block, read as it arrives */
    char *text;                 /* the field values while the request is open */
    guint text_cap;
    fastcgi_request *req;       /* whose work this is */
    struct fastcgi_request_work *prev, *next; /* every open work area */
    gboolean https;             /* HTTPS was "on" or "1" (for the scheme) */
    gboolean https_seen;
};

/* The connection's requests by id: begun and not ended (active), and the
 * last one that ended (until the id is begun again).  Most connections
 * only ever use one id (nginx: 1), kept inline; maps are made for the
 * others when a connection multiplexes. */
enum { FASTCGI_ACTIVE, FASTCGI_ENDED };

typedef struct fastcgi_conv {
    gboolean started;           /* a record of this connection was tracked */
    gboolean clean_start;       /* ... and the first was a BEGIN_REQUEST */
    gboolean id0_used;
    guint16 id0;
    fastcgi_request *req0[2];   /* by FASTCGI_ACTIVE / FASTCGI_ENDED */
    wmem_map_t *map[2];         /* ids other than id0; NULL until needed */
} fastcgi_conv;

/* A frame's first-pass results: record i of the frame at rec[i]; records
 * after the last one worth keeping are not stored. */
typedef struct fastcgi_frame_records {
    guint n;
    fastcgi_record_info rec[];
} fastcgi_frame_records;

/* The first pass's records of the frame being dissected (packet scope),
 * stored in file scope once the frame is done. */
typedef struct fastcgi_pending {
    wmem_array_t *recs;         /* of fastcgi_record_info */
    guint kept;                 /* records up to the last one worth keeping */
    guint stored;               /* records of it stored so far */
} fastcgi_pending;

/* Frame number -> fastcgi_frame_records (file scope). */
static fastcgi_frame_records **fastcgi_frames;
static guint32 fastcgi_frames_cap;

/* Work areas of requests still open, freed with the file. */
static fastcgi_request_work *fastcgi_open_work;

static void fastcgi_free_work(fastcgi_request *req);

static void fastcgi_request_cleanup(void)
{
    while (fastcgi_open_work)
        fastcgi_free_work(fastcgi_open_work->req);
    /* The array itself is file scope. */
    fastcgi_frames = NULL;
    fastcgi_frames_cap = 0;
}

void fastcgi_request_register(int proto)
{
    proto_fastcgi = proto;
    register_cleanup_routine(fastcgi_request_cleanup);
}

void fastcgi_request_set_limits(guint max_body, guint max_pair)
{
    fastcgi_max_body = max_body;
    fastcgi_max_pair = max_pair;
}

guint fastcgi_request_max_body(void)
{
    return fastcgi_max_body;
}

guint fastcgi_request_max_pair(void)
{
    return fastcgi_max_pair;
}

int fastcgi_stream_index(guint8 type)
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

/* ---- Connections and requests ------------------------------------------ */

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

static fastcgi_request_work *fastcgi_work(fastcgi_request *req)
{
    if (!req->work) {
        req->work = g_new0(fastcgi_request_work, 1);
        fastcgi_request_work *w = req->work;
        w->req = req;
        w->next = fastcgi_open_work;
        if (w->next)
            w->next->prev = w;
        fastcgi_open_work = w;
    }
    return req->work;
}

/* The field values, gathered in the work area while the request is open,
 * move to one file-scope block of their exact size.  Nothing keeps a
 * pointer into the old text: the tree, the columns and the taps copy. */
static void fastcgi_settle_text(fastcgi_request *req)
{
    fastcgi_request_work *w = req->work;
    if (!w || !w->text || req->text != w->text)
        return;
    req->text = (char *)wmem_memdup(wmem_file_scope(), w->text, req->text_len);
    g_free(w->text);
    w->text = NULL;
    w->text_cap = 0;
}

static void fastcgi_free_work(fastcgi_request *req)
{
    fastcgi_request_work *w = req->work;
    if (!w)
        return;
    fastcgi_settle_text(req);
    for (int i = 0; i < FASTCGI_S_COUNT; i++)
        g_free(w->s[i].buf);
    g_free(w->nv_scratch);
    g_free(w->text);
    if (w->prev)
        w->prev->next = w->next;
    else
        fastcgi_open_work = w->next;
    if (w->next)
        w->next->prev = w->prev;
    g_free(w);
    req->work = NULL;
}

/* Once the request has ended, its work area is needed only while one of
 * the web server's streams may still bring octets. */
static void fastcgi_maybe_release(fastcgi_request *req)
{
    const fastcgi_request_work *w = req->work;
    if (!w || !req->end_frame)
        return;
    static const int web[] = { FASTCGI_S_PARAMS, FASTCGI_S_STDIN, FASTCGI_S_DATA };
    for (size_t i = 0; i < G_N_ELEMENTS(web); i++) {
        if (w->s[web[i]].seen && !w->s[web[i]].ended)
            return;
    }
    fastcgi_free_work(req);
}

static fastcgi_request *fastcgi_new_request(fastcgi_conv *fc, guint16 id)
{
    fastcgi_request *req = wmem_new0(wmem_file_scope(), fastcgi_request);
    req->id = id;
    fastcgi_conv_set(fc, FASTCGI_ACTIVE, id, req);
    return req;
}

static fastcgi_record_extra *fastcgi_extra(fastcgi_record_info *ri)
{
    if (!ri->x)
        ri->x = wmem_new0(wmem_file_scope(), fastcgi_record_extra);
    return ri->x;
}

/* ---- Field values ------------------------------------------------------ */

/* Stores a field's value (made valid UTF-8) unless it is already known or
 * empty: the first value wins, so that every pass shows the same. */
static void fastcgi_set_field(packet_info *pinfo, fastcgi_request *req, enum fastcgi_field f,
                              const guint8 *p, size_t len)
{
    if (req->off[f] || len == 0)
        return;
    /* Printable ASCII (the usual case) is valid UTF-8 as it is. */
    const char *s = (const char *)p;
    size_t n = len;
    for (size_t i = 0; i < len; i++) {
        if (p[i] < 0x20 || p[i] > 0x7e) {
            s = (const char *)get_utf_8_string(pinfo->pool, p, (gint)MIN(len, G_MAXUINT16));
            n = strlen(s);
            break;
        }
    }
    /* The value, its NUL, and room for offset + 1 in 16 bits. */
    if (n >= (size_t)G_MAXUINT16 - 1 - req->text_len)
        return;
    fastcgi_request_work *w = req->work;
    guint need = req->text_len + (guint)n + 1;
    if (w) {
        /* The request is open: into the work area, settled when it is
         * freed (the text is in the work area or empty until then). */
        if (need > w->text_cap) {
            w->text_cap = MAX(need, MAX(w->text_cap * 2, 256u));
            w->text = (char *)g_realloc(w->text, w->text_cap);
        }
        req->text = w->text;
    } else {
        /* A value after the work area is gone: one new block. */
        char *t = (char *)wmem_alloc(wmem_file_scope(), need);
        if (req->text_len)
            memcpy(t, req->text, req->text_len);
        req->text = t;
    }
    memcpy(req->text + req->text_len, s, n);
    req->text[req->text_len + n] = '\0';
    req->off[f] = (guint16)(req->text_len + 1);
    req->text_len = (guint16)(req->text_len + n + 1);
}

/* The params that fill fields, and HTTPS, which gives the scheme when
 * REQUEST_SCHEME is absent. */
#define FASTCGI_HTTPS (-2)
#define FASTCGI_NAME(s) s, sizeof s - 1
static const struct {
    const char *name;
    guint8 len;
    gint8 field;
} fastcgi_field_params[] = {
    { FASTCGI_NAME("REQUEST_METHOD"),    FASTCGI_F_METHOD },
    { FASTCGI_NAME("REQUEST_URI"),       FASTCGI_F_URI },
    { FASTCGI_NAME("SCRIPT_FILENAME"),   FASTCGI_F_SCRIPT_FILENAME },
    { FASTCGI_NAME("SCRIPT_NAME"),       FASTCGI_F_SCRIPT_NAME },
    { FASTCGI_NAME("DOCUMENT_URI"),      FASTCGI_F_DOCUMENT_URI },
    { FASTCGI_NAME("QUERY_STRING"),      FASTCGI_F_QUERY },
    { FASTCGI_NAME("CONTENT_TYPE"),      FASTCGI_F_CONTENT_TYPE },
    { FASTCGI_NAME("HTTP_HOST"),         FASTCGI_F_HOST },
    { FASTCGI_NAME("REQUEST_SCHEME"),    FASTCGI_F_SCHEME },
    { FASTCGI_NAME("SERVER_NAME"),       FASTCGI_F_SERVER_NAME },
    { FASTCGI_NAME("HTTP_TRACEPARENT"),  FASTCGI_F_TRACEPARENT },
    { FASTCGI_NAME("HTTP_X_REQUEST_ID"), FASTCGI_F_X_REQUEST_ID },
    { FASTCGI_NAME("HTTPS"),             FASTCGI_HTTPS },
};

guint fastcgi_pair_shape(const guint8 *name, size_t name_len, const guint8 *value,
                         size_t value_len)
{
    guint shape = 0;
    if (name_len && memchr(name, 0, name_len))
        shape |= FASTCGI_SHAPE_NUL_IN_NAME;
    if (name_len == 10 && memcmp(name, "HTTP_PROXY", 10) == 0)
        shape |= FASTCGI_SHAPE_HTTPOXY;
    /* Where nginx's fastcgi_split_path_info stops at a newline. */
    if ((name_len == 11 && (memcmp(name, "REQUEST_URI", 11) == 0 ||
                            memcmp(name, "SCRIPT_NAME", 11) == 0)) ||
        (name_len == 12 && memcmp(name, "DOCUMENT_URI", 12) == 0) ||
        (name_len == 9 && memcmp(name, "PATH_INFO", 9) == 0)) {
        gboolean newline = value_len && memchr(value, '\n', value_len);
        for (size_t i = 0; !newline && i + 2 < value_len; i++)
            newline = value[i] == '%' && value[i + 1] == '0' && (value[i + 2] | 0x20) == 'a';
        if (newline)
            shape |= FASTCGI_SHAPE_NEWLINE_IN_PATH;
    }
    return shape;
}

static void fastcgi_note_param(packet_info *pinfo, fastcgi_request *req, fastcgi_record_info *ri,
                               const fcgi_nv_pair *p)
{
    size_t nl = p->name.len;
    if (fastcgi_pair_shape(p->name.data, nl, p->value.data, p->value.len))
        ri->flags |= FASTCGI_REC_SHAPES;
    /* Every field's name starts with one of these letters: most pairs
     * (HTTP_ACCEPT..., GATEWAY_INTERFACE, SERVER_PORT...) leave after one
     * comparison of their length. */
    if (nl < 5 || nl > 17)
        return;
    for (size_t i = 0; i < G_N_ELEMENTS(fastcgi_field_params); i++) {
        if (nl != fastcgi_field_params[i].len ||
            memcmp(p->name.data, fastcgi_field_params[i].name, nl) != 0)
            continue;
        if (fastcgi_field_params[i].field == FASTCGI_HTTPS) {
            fastcgi_request_work *w = fastcgi_work(req);
            const guint8 *v = p->value.data;
            w->https_seen = TRUE;
            w->https = (p->value.len == 1 && v[0] == '1') ||
                       (p->value.len == 2 && g_ascii_strncasecmp((const char *)v, "on", 2) == 0);
        } else {
            fastcgi_set_field(pinfo, req, (enum fastcgi_field)fastcgi_field_params[i].field,
                              p->value.data, p->value.len);
        }
        return;
    }
}

/* ---- Name-value pairs (first pass) ------------------------------------ */

/* The decoder is between pairs (not inside one). */
static gboolean fastcgi_nv_idle(const fastcgi_request_work *w)
{
    return fcgi_nv_decoder_finish(&w->nv, NULL, NULL) == FCGI_OK;
}

/* Before feeding p[0..len) to a decoder that is between pairs and has no
 * scratch: when those octets end inside a pair, the decoder gets a scratch
 * the size that pair announces (at most max_pair; max_pair while even its
 * length prefix is cut). */
static void fastcgi_prepare_scratch(fastcgi_request_work *w, const guint8 *p, size_t len)
{
    guint64 need = 0;
    if (fcgi_nv_decoder_peek(&w->nv, p, len, &need) != FCGI_NEED_MORE)
        return;
    guint32 cap = fastcgi_max_pair;
    if (need != 0 && need < cap)
        cap = (guint32)need;
    if (cap == 0)
        return;
    w->nv_scratch = (guint8 *)g_malloc(cap);
    (void)fcgi_nv_decoder_set_scratch(&w->nv, w->nv_scratch, cap);
}

/* Done with the scratch once the decoder is between pairs again (it keeps
 * no pointer into it then). */
static void fastcgi_release_scratch(fastcgi_request_work *w)
{
    (void)fcgi_nv_decoder_set_scratch(&w->nv, NULL, 0);
    g_free(w->nv_scratch);
    w->nv_scratch = NULL;
}

/* A pair that is not whole in this record, kept for its display. */
static void fastcgi_keep_pair(wmem_array_t **split, const fcgi_nv_event *ev, const guint8 *p,
                              guint len, guint64 start, guint64 end, guint64 base,
                              guint32 begin_frame)
{
    fastcgi_pair pair;
    memset(&pair, 0, sizeof pair);
    pair.name_len = (guint32)ev->pair.name.len;
    pair.value_len = (guint32)ev->pair.value.len;
    const guint8 *np = ev->pair.name.len ? ev->pair.name.data : ev->pair.value.data;
    if (np && np >= p && np + pair.name_len + pair.value_len <= p + len &&
        (!ev->pair.name.len || !ev->pair.value.len ||
         ev->pair.value.data == ev->pair.name.data + pair.name_len)) {
        /* Name and value came in this record after a length prefix that
         * came earlier: point at them. */
        pair.name_off = (guint32)(np - p);
    } else {
        pair.bytes = (guint8 *)wmem_alloc(wmem_file_scope(), pair.name_len + pair.value_len + 1);
        if (pair.name_len)
            memcpy(pair.bytes, ev->pair.name.data, pair.name_len);
        if (pair.value_len)
            memcpy(pair.bytes + pair.name_len, ev->pair.value.data, pair.value_len);
    }
    pair.wire_name_len = ev->name_len;
    pair.wire_value_len = ev->value_len;
    pair.truncated = ev->truncated;
    pair.start = start >= base ? (gint32)(start - base) : -1;
    pair.end = (guint32)(end - base);
    pair.begin_frame = begin_frame;
    if (!*split)
        *split = wmem_array_new(wmem_file_scope(), sizeof(fastcgi_pair));
    wmem_array_append_one(*split, pair);
}

static void fastcgi_track_params(packet_info *pinfo, fastcgi_request *req,
                                 fastcgi_record_info *ri, tvbuff_t *content)
{
    fastcgi_request_work *w = fastcgi_work(req);
    fastcgi_stream *s = &w->s[FASTCGI_S_PARAMS];
    guint len = tvb_reported_length(content);

    if (s->ended) {
        ri->flags |= len ? FASTCGI_REC_AFTER_END : FASTCGI_REC_REPEATED_END;
        fastcgi_extra(ri)->ref_frame = s->end_frame;
        return;
    }
    if (!s->seen) {
        s->seen = TRUE;
        fcgi_nv_decoder_init(&w->nv, NULL, 0);
    }
    if (len == 0) {
        guint64 have = 0, want = 0;
        if (!req->off[FASTCGI_F_SCHEME] && w->https_seen) {
            const char *sch = w->https ? "https" : "http";
            fastcgi_set_field(pinfo, req, FASTCGI_F_SCHEME, (const guint8 *)sch, strlen(sch));
        }
        s->ended = TRUE;
        s->end_frame = pinfo->num;
        if (fcgi_nv_decoder_finish(&w->nv, &have, &want) != FCGI_OK) {
            fastcgi_record_extra *x = fastcgi_extra(ri);
            ri->flags |= FASTCGI_REC_NV_SHORT;
            x->nv_have = have;
            x->nv_want = want;
        }
        w->open = NULL;
        g_free(w->nv_scratch); /* the decoder is never fed again */
        w->nv_scratch = NULL;
        return;
    }

    /* The content is in the record's tvb, whole (tcp_dissect_pdus). */
    const guint8 *p = tvb_get_ptr(content, 0, len);
    gboolean idle_before = fastcgi_nv_idle(w);
    guint64 base = w->params_offset;
    if (!w->nv_scratch && idle_before)
        fastcgi_prepare_scratch(w, p, len);

    wmem_array_t *split = NULL;
    gboolean any = FALSE;
    guint32 last_end = 0;   /* content offset just past the last pair completed here */
    size_t off = 0;
    ri->flags |= FASTCGI_REC_PAIRS;
    while (off < len) {
        size_t used = 0;
        fcgi_nv_event ev;
        fcgi_status st = fcgi_nv_decoder_feed(&w->nv, p + off, len - off, &used, &ev);
        off += used;
        if (st != FCGI_OK)
            break;
        any = TRUE;
        guint64 start = ev.start_offset;
        guint64 end = ev.end_offset;
        last_end = (guint32)(end - base);
        fastcgi_note_param(pinfo, req, ri, &ev.pair);
        if (start >= base && !ev.truncated) {
            /* Whole in this record: decoded again from it when shown. */
            guint ws = fastcgi_whole_start(ri), we = fastcgi_whole_end(ri);
            if (we == ws)
                ws = (guint)(start - base);
            we = (guint)(end - base);
            ri->aux = ws | we << 16;
        } else {
            guint32 begin_frame = pinfo->num;
            if (start < base && w->open) {
                begin_frame = w->open->begin_frame;
                w->open->end_frame = pinfo->num;
                w->open = NULL;
            }
            fastcgi_keep_pair(&split, &ev, p, len, start, end, base, begin_frame);
            if ((guint64)ev.name_len + ev.value_len + 2 > G_MAXINT32) {
                fastcgi_record_extra *x = fastcgi_extra(ri);
                ri->flags |= FASTCGI_REC_HUGE_LENGTH;
                x->nv_want = (guint64)ev.name_len + ev.value_len;
            }
        }
        if (used == 0)
            break; /* cannot happen with a conforming decoder; never spin */
        if (ev.split && w->nv_scratch && fastcgi_nv_idle(w)) {
            /* The split pair is done: its scratch was sized for it, so
             * what follows gets its own, if it needs one. */
            fastcgi_release_scratch(w);
            if (off < len)
                fastcgi_prepare_scratch(w, p + off, len - off);
        }
    }
    w->params_offset += len;
    if (!fastcgi_nv_idle(w)) {
        fastcgi_record_extra *x = fastcgi_extra(ri);
        if (any || idle_before) {
            /* A pair begins here and completes (if ever) in a later record. */
            w->open = wmem_new0(wmem_file_scope(), fastcgi_split);
            w->open->begin_frame = pinfo->num;
            ri->flags |= FASTCGI_REC_PAIR_OPENS;
            x->open_start = any ? last_end : 0;
        } else {
            ri->flags |= FASTCGI_REC_PAIR_MIDDLE;
        }
        x->open = w->open;
        /* Say so as soon as an open pair announces more than max_pair, once
         * per pair: if the stream never ends, no later record would. */
        guint64 have = 0, want = 0;
        (void)fcgi_nv_decoder_finish(&w->nv, &have, &want);
        if (want > fastcgi_max_pair && w->open && w->pair_limit_frame != w->open->begin_frame) {
            w->pair_limit_frame = w->open->begin_frame;
            ri->flags |= FASTCGI_REC_PAIR_LIMIT;
            x->nv_have = have;
            x->nv_want = want;
            if (want + 2 > G_MAXINT32)
                ri->flags |= FASTCGI_REC_HUGE_LENGTH;
        }
    }
    if (split) {
        fastcgi_record_extra *x = fastcgi_extra(ri);
        x->npairs = wmem_array_get_count(split);
        x->pairs = (fastcgi_pair *)wmem_array_get_raw(split);
    }
}

/* ---- Other streams (first pass) --------------------------------------- */

static void fastcgi_mark_done(packet_info *pinfo, fastcgi_record_info *ri, fastcgi_stream *s)
{
    /* An empty stream has nothing to show. */
    if (s->len == 0 && !s->overflow)
        return;
    ri->flags |= FASTCGI_REC_DONE;
    ri->aux = s->len;
    if (s->overflow) {
        ri->flags |= FASTCGI_REC_DONE_OVERFLOW;
    } else if (s->data_frame == pinfo->num) {
        /* Every octet came in this frame: each pass rebuilds the stream
         * from the frame's records, so no copy is kept for the file. */
        ri->flags |= FASTCGI_REC_DONE_IN_FRAME;
    } else if (s->buf) {
        /* Spread over frames: kept for the file, at its exact size. */
        fastcgi_extra(ri)->done_buf = (const guint8 *)wmem_memdup(wmem_file_scope(), s->buf,
                                                                  s->len);
    }
    g_free(s->buf);
    s->buf = NULL;
    s->cap = 0;
}

/* Keeps stream octets: the first record's size exactly (most streams are
 * one record), then doubling. */
static void fastcgi_stream_append(fastcgi_stream *s, tvbuff_t *content, guint32 len)
{
    if (s->cap - s->len < len) {
        guint32 cap = s->cap ? s->cap : len;
        while (cap - s->len < len)
            cap = cap > G_MAXUINT32 / 2 ? G_MAXUINT32 : cap * 2;
        s->buf = (guint8 *)g_realloc(s->buf, cap);
        s->cap = cap;
    }
    tvb_memcpy(content, s->buf + s->len, 0, len);
    s->len += len;
}

/* The CGI header block of STDOUT, as soon as it is complete: the codec's
 * parser resumes where the last record left it. */
static void fastcgi_parse_response(packet_info *pinfo, fastcgi_request *req,
                                   fastcgi_record_info *ri, fastcgi_request_work *w,
                                   const fastcgi_stream *s)
{
    fcgi_cgi_response r;
    switch (fcgi_cgi_parse(&w->cgi, s->buf, s->len, FASTCGI_CGI_MAX_HEADERS, &r)) {
    case FCGI_OK:
        req->cgi = FASTCGI_CGI_DONE;
        req->status = (guint16)r.status;
        if (r.content_type.len)
            fastcgi_set_field(pinfo, req, FASTCGI_F_RESP_CONTENT_TYPE, r.content_type.data,
                              r.content_type.len);
        ri->flags |= FASTCGI_REC_STATUS;
        break;
    case FCGI_NEED_MORE:
        break;
    default:
        req->cgi = FASTCGI_CGI_BAD;
        break;
    }
}

static void fastcgi_track_stream(packet_info *pinfo, fastcgi_request *req,
                                 fastcgi_record_info *ri, guint8 type, tvbuff_t *content)
{
    fastcgi_request_work *w = fastcgi_work(req);
    fastcgi_stream *s = &w->s[fastcgi_stream_index(type)];
    guint len = tvb_reported_length(content);

    if (s->ended) {
        ri->flags |= len ? FASTCGI_REC_AFTER_END : FASTCGI_REC_REPEATED_END;
        fastcgi_extra(ri)->ref_frame = s->end_frame;
        return;
    }
    s->seen = TRUE;
    if (len == 0) {
        s->ended = TRUE;
        s->end_frame = pinfo->num;
        if (type != FCGI_STDERR)
            fastcgi_mark_done(pinfo, ri, s);
        if (type == FCGI_STDOUT && req->cgi == FASTCGI_CGI_PENDING && !s->overflow)
            req->cgi = FASTCGI_CGI_BAD;
        return;
    }
    /* STDERR is shown record by record; nothing to keep. */
    if (type == FCGI_STDERR || s->overflow)
        return;
    if (len > fastcgi_max_body || s->len > fastcgi_max_body - len) {
        s->overflow = TRUE;
        ri->flags |= FASTCGI_REC_LIMIT;
        g_free(s->buf);
        s->buf = NULL;
        s->cap = 0;
        return;
    }
    if (s->len == 0) {
        s->data_frame = pinfo->num;
        if (type == FCGI_STDOUT)
            fcgi_cgi_parser_init(&w->cgi);
    }
    fastcgi_stream_append(s, content, len);
    ri->flags |= FASTCGI_REC_KEPT;
    if (type == FCGI_STDOUT && req->cgi == FASTCGI_CGI_PENDING)
        fastcgi_parse_response(pinfo, req, ri, w, s);
}

/* ---- One record (first pass) ------------------------------------------ */

static void fastcgi_track_end(packet_info *pinfo, fastcgi_conv *fc, fastcgi_request *req,
                              fastcgi_record_info *ri, const fcgi_header *hdr)
{
    req->end_frame = pinfo->num;
    if (req->begin_frame)
        nstime_delta(&req->time, &pinfo->abs_ts, &req->time);
    /* The application must end STDOUT and STDERR before END_REQUEST
     * (specification 6.1); what it left open ends here. */
    fastcgi_request_work *w = req->work;
    for (int i = FASTCGI_S_STDOUT; w && i <= FASTCGI_S_STDERR; i++) {
        fastcgi_stream *s = &w->s[i];
        if (s->seen && !s->ended) {
            ri->flags |= i == FASTCGI_S_STDOUT ? FASTCGI_REC_UNTERM_STDOUT
                                               : FASTCGI_REC_UNTERM_STDERR;
            s->ended = TRUE;
            s->end_frame = pinfo->num;
            if (i == FASTCGI_S_STDOUT) {
                fastcgi_mark_done(pinfo, ri, s);
                if (req->cgi == FASTCGI_CGI_PENDING && !s->overflow)
                    req->cgi = FASTCGI_CGI_BAD;
            }
        }
    }
    fastcgi_conv_set(fc, FASTCGI_ACTIVE, hdr->request_id, NULL);
    fastcgi_conv_set(fc, FASTCGI_ENDED, hdr->request_id, req);
}

static void fastcgi_track_first(packet_info *pinfo, const fcgi_header *hdr, tvbuff_t *content,
                                const fcgi_record *body, fastcgi_record_info *ri)
{
    fastcgi_conv *fc = fastcgi_get_conv(pinfo);
    fastcgi_request *req = fastcgi_conv_get(fc, FASTCGI_ACTIVE, hdr->request_id);

    if (!fc->started) {
        fc->started = TRUE;
        fc->clean_start = hdr->type == FCGI_BEGIN_REQUEST;
    }
    if (hdr->type == FCGI_BEGIN_REQUEST) {
        if (req) {
            ri->flags |= FASTCGI_REC_DUP_BEGIN;
            fastcgi_extra(ri)->ref_frame = req->begin_frame;
        }
        fastcgi_request *ended = fastcgi_conv_get(fc, FASTCGI_ENDED, hdr->request_id);
        if (ended)
            fastcgi_free_work(ended);
        req = fastcgi_new_request(fc, hdr->request_id);
        fastcgi_conv_set(fc, FASTCGI_ENDED, hdr->request_id, NULL);
        req->begin_frame = pinfo->num;
        req->time = pinfo->abs_ts;
        req->role = body->role;
        ri->req = req;
        return;
    }
    if (!req) {
        fastcgi_request *ended = fastcgi_conv_get(fc, FASTCGI_ENDED, hdr->request_id);
        if (ended) {
            /* A record of a request that has already ended: the web
             * server's rest of PARAMS or STDIN after an early answer, or an
             * application that goes on after END_REQUEST. */
            req = ended;
            ri->flags |= FASTCGI_REC_AFTER_REQUEST;
            fastcgi_extra(ri)->ref_frame = ended->end_frame;
            if (!req->late_noted) {
                req->late_noted = TRUE;
                ri->flags |= FASTCGI_REC_LATE_FIRST;
            }
        } else {
            /* Mid-stream capture, or a sender that never began it: track it
             * anyway so its streams still reassemble. */
            req = fastcgi_new_request(fc, hdr->request_id);
            ri->flags |= fc->clean_start ? FASTCGI_REC_NOT_BEGUN : FASTCGI_REC_BEFORE_CAPTURE;
        }
    }
    ri->req = req;

    switch (hdr->type) {
    case FCGI_ABORT_REQUEST:
        if (!req->abort_frame)
            req->abort_frame = pinfo->num;
        break;
    case FCGI_END_REQUEST:
        if (!(ri->flags & FASTCGI_REC_AFTER_REQUEST))
            fastcgi_track_end(pinfo, fc, req, ri, hdr);
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
    gboolean params_end = hdr->type == FCGI_PARAMS && tvb_reported_length(content) == 0 &&
                          !(ri->flags & (FASTCGI_REC_REPEATED_END | FASTCGI_REC_AFTER_END));
    if (hdr->type == FCGI_PARAMS && !req->announced) {
        /* Info names the request once: in the record where method and URI
         * are both known, else at the end of PARAMS. */
        gboolean method = req->off[FASTCGI_F_METHOD] != 0, uri = req->off[FASTCGI_F_URI] != 0;
        if ((method && uri) || (params_end && (method || uri))) {
            ri->flags |= FASTCGI_REC_ANNOUNCE;
            req->announced = TRUE;
        }
    }
    /* Records that end something show what the request was. */
    if (params_end || hdr->type == FCGI_END_REQUEST || hdr->type == FCGI_ABORT_REQUEST ||
        (ri->flags & FASTCGI_REC_DONE))
        ri->flags |= FASTCGI_REC_SUMMARY;
    fastcgi_maybe_release(req);
}

/* A record worth remembering for later passes: one that shows something
 * beyond its own octets. */
static gboolean fastcgi_worth_keeping(const fastcgi_record_info *ri, guint8 type)
{
    return ri->flags != 0 || ri->x != NULL || type == FCGI_BEGIN_REQUEST ||
           type == FCGI_END_REQUEST || type == FCGI_ABORT_REQUEST;
}

const fastcgi_record_info *fastcgi_track_record(packet_info *pinfo, const fcgi_header *hdr,
                                                tvbuff_t *content, guint index,
                                                const fcgi_record *body)
{
    if (PINFO_FD_VISITED(pinfo)) {
        const fastcgi_frame_records *fr =
            pinfo->num < fastcgi_frames_cap ? fastcgi_frames[pinfo->num] : NULL;
        if (fr && index < fr->n)
            return &fr->rec[index];
        return wmem_new0(pinfo->pool, fastcgi_record_info);
    }
    fastcgi_pending *pd = (fastcgi_pending *)p_get_proto_data(pinfo->pool, pinfo, proto_fastcgi,
                                                              FASTCGI_KEY_PENDING);
    if (!pd) {
        pd = wmem_new0(pinfo->pool, fastcgi_pending);
        pd->recs = wmem_array_new(pinfo->pool, sizeof(fastcgi_record_info));
        p_add_proto_data(pinfo->pool, pinfo, proto_fastcgi, FASTCGI_KEY_PENDING, pd);
    }
    fastcgi_record_info tmp;
    memset(&tmp, 0, sizeof tmp);
    fastcgi_track_first(pinfo, hdr, content, body, &tmp);
    gboolean keep = fastcgi_worth_keeping(&tmp, hdr->type);
    if (!keep)
        tmp.req = NULL; /* shown as later passes will show it: without its request */
    /* Records the tracking never saw (management, refused) stay empty. */
    fastcgi_record_info none;
    memset(&none, 0, sizeof none);
    while (wmem_array_get_count(pd->recs) < index)
        wmem_array_append_one(pd->recs, none);
    wmem_array_append_one(pd->recs, tmp);
    if (keep)
        pd->kept = index + 1;
    return (const fastcgi_record_info *)wmem_array_index(pd->recs, index);
}

void fastcgi_request_frame_done(packet_info *pinfo)
{
    if (PINFO_FD_VISITED(pinfo))
        return;
    fastcgi_pending *pd = (fastcgi_pending *)p_get_proto_data(pinfo->pool, pinfo, proto_fastcgi,
                                                              FASTCGI_KEY_PENDING);
    if (!pd || pd->kept == pd->stored)
        return;
    fastcgi_frame_records *fr = (fastcgi_frame_records *)wmem_alloc(
        wmem_file_scope(), sizeof *fr + pd->kept * sizeof(fastcgi_record_info));
    fr->n = pd->kept;
    memcpy(fr->rec, wmem_array_get_raw(pd->recs), pd->kept * sizeof(fastcgi_record_info));
    if (pinfo->num >= fastcgi_frames_cap) {
        guint32 cap = MAX(MAX(fastcgi_frames_cap * 2, 4096u), pinfo->num + 1);
        fastcgi_frames = (fastcgi_frame_records **)wmem_realloc(
            wmem_file_scope(), fastcgi_frames, cap * sizeof *fastcgi_frames);
        memset(fastcgi_frames + fastcgi_frames_cap, 0,
               (cap - fastcgi_frames_cap) * sizeof *fastcgi_frames);
        fastcgi_frames_cap = cap;
    }
    /* A frame dissected in two calls (the end of one reassembled record,
     * then more) is stored again, whole; the first copy is left. */
    fastcgi_frames[pinfo->num] = fr;
    pd->stored = pd->kept;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-body.c - what reassembled streams carry (see fastcgi-body.h).
 *
 * FastCGI moves CGI/1.1 (RFC 3875) over its streams: STDIN (and FILTER's
 * DATA) is the request body typed by the CONTENT_TYPE param; STDOUT is a
 * CGI response, header lines up to an empty line, then the body; STDERR is
 * free text.  Bodies go to Wireshark's "media_type" table, as HTTP's do,
 * decompressed first when the response says Content-Encoding.  The header
 * block is read by the codec (fcgi/cgi.h, as the fcgi tool reads it); this
 * file shows what it found.
 */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/strutil.h>
#include <wsutil/str_util.h>

#include <fcgi/fcgi.h>

#include "fastcgi-compat.h"
#include "fastcgi-body.h"
#include "fastcgi-tap.h"

static int proto_fastcgi = -1;

static int hf_fastcgi_stdin = -1;
static int hf_fastcgi_data = -1;
static int hf_fastcgi_stdout = -1;
static int hf_fastcgi_stderr = -1;
static int hf_fastcgi_response = -1;
static int hf_fastcgi_response_header = -1;
static int hf_fastcgi_response_status = -1;
static int hf_fastcgi_response_content_type = -1;
static int hf_fastcgi_response_location = -1;
static int hf_fastcgi_response_content_encoding = -1;
static int hf_fastcgi_response_content_disposition = -1;
static int hf_fastcgi_body_length = -1;
static int hf_fastcgi_decoded_length = -1;

static gint ett_fastcgi_response = -1;
static gint ett_fastcgi_stderr = -1;
static gint ett_fastcgi_encoded = -1;

static expert_field ei_fastcgi_cgi_headers = EI_INIT;
static expert_field ei_fastcgi_bad_status = EI_INIT;
static expert_field ei_fastcgi_stderr = EI_INIT;
static expert_field ei_fastcgi_limit = EI_INIT;
static expert_field ei_fastcgi_decompression = EI_INIT;
static expert_field ei_fastcgi_encoding = EI_INIT;

static fastcgi_pref_bool fastcgi_decompress = TRUE;

static dissector_table_t media_type_table;

/* Which content codings this Wireshark can undo (found at start-up). */
static gboolean fastcgi_can_zlib, fastcgi_can_brotli, fastcgi_can_zstd;

/* ---- Rebuilding streams ----------------------------------------------- */

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
    /* One list per (request, stream): the request's address plus the
     * stream index is unique within the frame. */
    const void *key = (const guint8 *)req + fastcgi_stream_index(type);
    wmem_array_t *a = (wmem_array_t *)wmem_map_lookup(map, key);
    if (!a && create) {
        a = wmem_array_new(pinfo->pool, sizeof(tvbuff_t *));
        wmem_map_insert(map, key, a);
    }
    return a;
}

void fastcgi_body_keep(packet_info *pinfo, const fastcgi_request *req, guint8 type,
                       tvbuff_t *content)
{
    wmem_array_append_one(fastcgi_frame_stream(pinfo, req, type, TRUE), content);
}

/* The octets of a completed stream as one tvb, or NULL. */
static tvbuff_t *fastcgi_done_tvb(tvbuff_t *parent, packet_info *pinfo,
                                  const fastcgi_record_info *ri, guint8 type)
{
    guint32 len = ri->aux;
    const guint8 *buf = ri->x ? ri->x->done_buf : NULL;

    if (ri->flags & FASTCGI_REC_DONE_IN_FRAME) {
        wmem_array_t *a = fastcgi_frame_stream(pinfo, ri->req, type, FALSE);
        guint n = a ? wmem_array_get_count(a) : 0;
        if (n == 0)
            return NULL;
        if (n == 1) {
            /* One record: the stream is its content, where it lies. */
            tvbuff_t *only = *(tvbuff_t **)wmem_array_index(a, 0);
            return tvb_reported_length(only) == len ? only : NULL;
        }
        guint8 *copy = (guint8 *)wmem_alloc(pinfo->pool, len);
        guint32 at = 0;
        for (guint i = 0; i < n; i++) {
            tvbuff_t *part = *(tvbuff_t **)wmem_array_index(a, i);
            guint plen = tvb_reported_length(part);
            if (plen > len - at)
                return NULL;
            tvb_memcpy(part, copy + at, 0, plen);
            at += plen;
        }
        if (at != len)
            return NULL;
        buf = copy;
    }
    if (!buf)
        return NULL;
    tvbuff_t *t = tvb_new_child_real_data(parent, buf, len, len);
    /* Wireshark adds the size to the tab's name. */
    const char *source = type == FCGI_STDOUT ? "Reassembled STDOUT"
                       : type == FCGI_STDIN  ? "Reassembled STDIN"
                                             : "Reassembled DATA";
    add_new_data_source(pinfo, t, source);
    return t;
}

/* ---- Bodies ----------------------------------------------------------- */

/* Hands a body to the media_type table by content type ("type/subtype;
 * params"), or to the data dissector. */
static void fastcgi_call_media(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                               const char *content_type, size_t ct_len)
{
    if (content_type && ct_len) {
        size_t n = 0;
        while (n < ct_len && content_type[n] != ';')
            n++;
        char *type = wmem_ascii_strdown(pinfo->pool, content_type, (gssize)n);
        g_strstrip(type);
        char *params = n < ct_len ? wmem_strndup(pinfo->pool, content_type + n + 1,
                                                 ct_len - n - 1) : NULL;
        fastcgi_media_info info = { FASTCGI_MEDIA_CONTAINER, params, NULL, NULL };
        /* Media dissectors like to rename the columns; ours say more. */
        gboolean writable = col_get_writable(pinfo->cinfo, -1);
        col_set_writable(pinfo->cinfo, -1, FALSE);
        int done = fastcgi_try_string(media_type_table, type, body, pinfo, tree, &info);
        col_set_writable(pinfo->cinfo, -1, writable);
        if (done)
            return;
    }
    call_data_dissector(body, pinfo, tree);
}

/* The body of a Content-Encoding response, decoded; NULL (with the reason
 * said) when it cannot be. */
static tvbuff_t *fastcgi_decode_body(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                                     const guint8 *enc, size_t enc_len)
{
    char *coding = g_strstrip(wmem_ascii_strdown(pinfo->pool, (const char *)enc, (gssize)enc_len));
    guint len = tvb_captured_length(body);
    tvbuff_t *out = NULL;
    gboolean can;

    if (!*coding || strcmp(coding, "identity") == 0)
        return body;
    if (strcmp(coding, "gzip") == 0 || strcmp(coding, "x-gzip") == 0 ||
        strcmp(coding, "deflate") == 0) {
        can = fastcgi_can_zlib;
        if (can && len)
            out = fastcgi_uncompress_zlib(body, body, 0, (int)len);
    } else if (strcmp(coding, "br") == 0) {
        can = fastcgi_can_brotli;
        if (can && len)
            out = fastcgi_uncompress_brotli(body, body, 0, (int)len);
    } else if (strcmp(coding, "zstd") == 0) {
        can = fastcgi_can_zstd;
        if (can && len)
            out = fastcgi_uncompress_zstd(body, body, 0, (int)len);
    } else {
        proto_tree_add_expert_format(tree, pinfo, &ei_fastcgi_encoding, body, 0, 0,
            "Body not decompressed: content coding \"%s\" is not one this dissector undoes "
            "(gzip, deflate, br, zstd)", fastcgi_format_text(pinfo->pool, coding, strlen(coding)));
        return NULL;
    }
    if (!can) {
        proto_tree_add_expert_format(tree, pinfo, &ei_fastcgi_encoding, body, 0, 0,
            "Body not decompressed: this Wireshark cannot undo %s", coding);
        return NULL;
    }
    proto_item *ti;
    proto_tree *et = proto_tree_add_subtree_format(tree, body, 0, (gint)len, ett_fastcgi_encoded,
                                                   &ti, "Content-encoded body (%s): %u octets",
                                                   coding, len);
    if (!out) {
        expert_add_info_format(pinfo, ti, &ei_fastcgi_decompression,
            "Body not decompressed: its %s data is corrupt or cut short", coding);
        return NULL;
    }
    guint dlen = tvb_reported_length(out);
    proto_item_append_text(ti, " \xe2\x86\x92 %u octets", dlen);
    proto_item *di = proto_tree_add_uint(et, hf_fastcgi_decoded_length, body, 0, 0, dlen);
    proto_item_set_generated(di);
    add_new_data_source(pinfo, out, "Decompressed body");
    return out;
}

/* TRUE when the header's name is `name` (ASCII, without regard to case). */
static gboolean fastcgi_header_is(const fcgi_cgi_header *h, const char *name)
{
    size_t n = strlen(name);
    return h->name.len == n && g_ascii_strncasecmp((const char *)h->name.data, name, n) == 0;
}

/* Adds one header line: the field of a header the dissector reads, else
 * fastcgi.response.header (which every line also carries, hidden).
 * Returns the field of the header the dissector reads, or -1. */
static int fastcgi_add_header(proto_tree *rt, packet_info *pinfo, tvbuff_t *t,
                               const guint8 *buf, const fcgi_cgi_header *h,
                               const fcgi_cgi_response *r, gboolean status_ok)
{
    gint off = (gint)h->offset, n = (gint)h->line_len;
    gint voff = (gint)(h->value.data - buf);
    gint vlen = (gint)h->value.len;
    int hf = -1;

    if (fastcgi_header_is(h, "Status")) {
        if (status_ok) {
            proto_item *it = proto_tree_add_uint(rt, hf_fastcgi_response_status, t, off, n,
                                                 r->status);
            if (!proto_item_is_hidden(it))
                proto_item_set_text(it, "%s", tvb_format_text(pinfo->pool, t, off, n));
            proto_item_set_hidden(proto_tree_add_item(rt, hf_fastcgi_response_header, t, off, n,
                                                      ENC_UTF_8));
            return hf_fastcgi_response_status;
        }
    } else if (fastcgi_header_is(h, "Content-Type")) {
        hf = hf_fastcgi_response_content_type;
    } else if (fastcgi_header_is(h, "Location")) {
        hf = hf_fastcgi_response_location;
    } else if (fastcgi_header_is(h, "Content-Encoding")) {
        hf = hf_fastcgi_response_content_encoding;
    } else if (fastcgi_header_is(h, "Content-Disposition")) {
        hf = hf_fastcgi_response_content_disposition;
    }
    if (hf < 0) {
        proto_tree_add_item(rt, hf_fastcgi_response_header, t, off, n, ENC_UTF_8);
        return -1;
    }
    /* Labelled by Wireshark as the header reads ("Content-Type: ..."). */
    proto_tree_add_item(rt, hf, t, voff, vlen, ENC_UTF_8);
    proto_item_set_hidden(proto_tree_add_item(rt, hf_fastcgi_response_header, t, off, n,
                                              ENC_UTF_8));
    return hf;
}

/* Where the header block ends (after its empty line) when only a Status
 * value was refused (the codec's parser then says which line, not where
 * the block ends; its iterator does not judge Status values), or 0. */
static size_t fastcgi_block_end(const guint8 *buf, size_t len)
{
    fcgi_cgi_iter it;
    fcgi_cgi_header h;
    fcgi_status st;
    size_t pos = 0;

    if (len > FASTCGI_CGI_MAX_HEADERS)
        len = FASTCGI_CGI_MAX_HEADERS;
    fcgi_cgi_iter_init(&it, buf, len);
    while ((st = fcgi_cgi_next(&it, &h)) == FCGI_OK) {
        /* Past the line and its end (LF or CR LF). */
        pos = h.offset + h.line_len;
        if (pos < len && buf[pos] == '\r')
            pos++;
        pos++;
    }
    if (st != FCGI_DONE)
        return 0;
    /* The empty line. */
    if (pos < len && buf[pos] == '\r')
        pos++;
    return pos < len && buf[pos] == '\n' ? pos + 1 : 0;
}

static void fastcgi_show_cgi_response(tvbuff_t *t, packet_info *pinfo, proto_tree *tree,
                                      const fastcgi_request *req)
{
    guint32 len = tvb_captured_length(t);
    const guint8 *buf = tvb_get_ptr(t, 0, (gint)len);
    fcgi_cgi_parser parser;
    fcgi_cgi_response r;
    memset(&r, 0, sizeof r);
    fcgi_cgi_parser_init(&parser);
    fcgi_status res = fcgi_cgi_parse(&parser, buf, len, FASTCGI_CGI_MAX_HEADERS, &r);
    size_t header_len = 0;

    if (res == FCGI_OK)
        header_len = r.header_len;
    else if (res == FCGI_E_CGI_STATUS)
        header_len = fastcgi_block_end(buf, len);
    if (header_len == 0) {
        if (res == FCGI_E_CGI_HEADER)
            proto_tree_add_expert_format(tree, pinfo, &ei_fastcgi_cgi_headers, t,
                (gint)(r.line.data - buf), (gint)r.line.len,
                "STDOUT does not start with a CGI header block: \"%s\" is not a header line",
                fastcgi_format_text(pinfo->pool, (const char *)r.line.data, MIN(r.line.len, 80)));
        else
            proto_tree_add_expert_format(tree, pinfo, &ei_fastcgi_cgi_headers, t, 0, 0,
                "STDOUT does not start with a CGI header block: no empty line %s",
                res == FCGI_E_CGI_HEADERS_TOO_LONG ? "within its first 64 KiB"
                                                   : "ends the headers");
        fastcgi_call_media(t, pinfo, tree, NULL, 0);
        return;
    }

    proto_item *ri = proto_tree_add_item(tree, hf_fastcgi_response, t, 0, (gint)header_len, ENC_NA);
    proto_tree *rt = proto_item_add_subtree(ri, ett_fastcgi_response);
    fcgi_cgi_iter it;
    fcgi_cgi_header h;
    /* After a refused Status line, r holds only that line: the content
     * type comes from the walk below. */
    const guint8 *enc = NULL, *disp = NULL;
    const guint8 *ct = res == FCGI_OK ? r.content_type.data : NULL;
    size_t enc_len = 0, disp_len = 0, ct_len = res == FCGI_OK ? r.content_type.len : 0;
    guint nheaders = 0;
    fcgi_cgi_iter_init(&it, buf, header_len);
    while (fcgi_cgi_next(&it, &h) == FCGI_OK) {
        nheaders++;
        int hf = fastcgi_add_header(rt, pinfo, t, buf, &h, &r, res == FCGI_OK);
        if (!enc && hf == hf_fastcgi_response_content_encoding) {
            enc = h.value.data;
            enc_len = h.value.len;
        } else if (!disp && hf == hf_fastcgi_response_content_disposition) {
            disp = h.value.data;
            disp_len = h.value.len;
        } else if (res != FCGI_OK && !ct && hf == hf_fastcgi_response_content_type) {
            ct = h.value.data;
            ct_len = h.value.len;
        }
    }
    if (!proto_item_is_hidden(ri))
        proto_item_set_text(ri, "CGI response (%u header%s)", nheaders, nheaders == 1 ? "" : "s");
    if (res == FCGI_E_CGI_STATUS) {
        expert_add_info_format(pinfo, ri, &ei_fastcgi_bad_status,
            "\"%s\" does not give a status: three digits, 100 to 999, and an optional reason",
            fastcgi_format_text(pinfo->pool, (const char *)r.line.data, MIN(r.line.len, 80)));
    } else if (!r.status_given) {
        proto_item *si = proto_tree_add_uint(rt, hf_fastcgi_response_status, t, 0, 0, r.status);
        proto_item_set_generated(si);
        proto_item_append_text(si, r.location.data ? " (implied by Location)" : " (implied)");
    }
    if (header_len >= len)
        return;

    tvbuff_t *bt = tvb_new_subset_remaining(t, (gint)header_len);
    proto_item *bi = proto_tree_add_uint(tree, hf_fastcgi_body_length, t, (gint)header_len,
                                         (gint)(len - header_len), len - (guint32)header_len);
    proto_item_set_generated(bi);
    tvbuff_t *shown = bt;
    if (enc && fastcgi_decompress) {
        shown = fastcgi_decode_body(bt, pinfo, tree, enc, enc_len);
        if (!shown) {
            call_data_dissector(bt, pinfo, tree);
            shown = bt;
        } else {
            fastcgi_call_media(shown, pinfo, tree, (const char *)ct, ct_len);
        }
    } else if (enc) {
        call_data_dissector(bt, pinfo, tree);
    } else {
        fastcgi_call_media(bt, pinfo, tree, (const char *)ct, ct_len);
    }

    if (fastcgi_tap_wants_objects()) {
        fastcgi_tap_object o;
        memset(&o, 0, sizeof o);
        o.host = fastcgi_request_field(req, FASTCGI_F_HOST);
        if (!o.host)
            o.host = fastcgi_request_field(req, FASTCGI_F_SERVER_NAME);
        o.uri = fastcgi_request_field(req, FASTCGI_F_URI);
        o.document_uri = fastcgi_request_field(req, FASTCGI_F_DOCUMENT_URI);
        o.script_name = fastcgi_request_field(req, FASTCGI_F_SCRIPT_NAME);
        o.query = fastcgi_request_field(req, FASTCGI_F_QUERY);
        o.content_type = ct;
        o.content_type_len = (guint)ct_len;
        o.disposition = disp;
        o.disposition_len = (guint)disp_len;
        o.payload_len = tvb_captured_length(shown);
        o.payload = tvb_get_ptr(shown, 0, (gint)o.payload_len);
        fastcgi_tap_queue_object(pinfo, &o);
    }
}

static void fastcgi_show_stream(tvbuff_t *t, packet_info *pinfo, proto_tree *tree,
                                const fastcgi_request *req, guint8 type)
{
    guint32 len = tvb_reported_length(t);

    if (len == 0)
        return;
    switch (type) {
    case FCGI_STDIN: {
        proto_tree_add_item(tree, hf_fastcgi_stdin, t, 0, (gint)len, ENC_NA);
        const char *ct = fastcgi_request_field(req, FASTCGI_F_CONTENT_TYPE);
        fastcgi_call_media(t, pinfo, tree, ct, ct ? strlen(ct) : 0);
        break;
    }
    case FCGI_DATA:
        /* FILTER's file: the params say its length and date, not its type. */
        proto_tree_add_item(tree, hf_fastcgi_data, t, 0, (gint)len, ENC_NA);
        call_data_dissector(t, pinfo, tree);
        break;
    case FCGI_STDOUT:
        proto_tree_add_item(tree, hf_fastcgi_stdout, t, 0, (gint)len, ENC_NA);
        fastcgi_show_cgi_response(t, pinfo, tree, req);
        break;
    default:
        break;
    }
}

void fastcgi_show_stream_limit(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                               guint8 type)
{
    proto_tree_add_expert_format(tree, pinfo, &ei_fastcgi_limit, content, 0, 0,
        "%s exceeds the max_body preference (%u octets) with this record: not reassembled, "
        "shown record by record", type == FCGI_STDOUT ? "STDOUT" : type == FCGI_STDIN ? "STDIN"
                                                                                   : "DATA",
        fastcgi_request_max_body());
}

void fastcgi_show_done_stream(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                              const fastcgi_record_info *ri, guint8 type)
{
    if (ri->flags & FASTCGI_REC_DONE_OVERFLOW)
        return; /* said where it went over (fastcgi_show_stream_limit) */
    tvbuff_t *t = fastcgi_done_tvb(content, pinfo, ri, type);
    if (t)
        fastcgi_show_stream(t, pinfo, tree, ri->req, type);
}

void fastcgi_show_stderr(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                         proto_item *record_item)
{
    guint len = tvb_reported_length(content);
    proto_tree *st = proto_tree_add_subtree(tree, content, 0, (gint)len, ett_fastcgi_stderr, NULL,
                                            "STDERR text");
    gint pos = 0;
    const char *first = NULL;
    while ((guint)pos < len) {
        gint next;
        gint line_len = tvb_find_line_end(content, pos, -1, &next, FALSE);
        if (line_len > 0) {
            proto_tree_add_item(st, hf_fastcgi_stderr, content, pos, line_len, ENC_UTF_8);
            if (!first)
                first = (const char *)tvb_format_text(pinfo->pool, content, pos,
                                                      MIN(line_len, 120));
        }
        if (next <= pos)
            break;
        pos = next;
    }
    expert_add_info_format(pinfo, record_item, &ei_fastcgi_stderr, "STDERR: %s",
                           first ? first : "(empty line)");
}

void fastcgi_show_response_summary(proto_tree *tree, tvbuff_t *tvb, const fastcgi_request *req)
{
    if (req->cgi != FASTCGI_CGI_DONE)
        return;
    proto_item *it = proto_tree_add_uint(tree, hf_fastcgi_response_status, tvb, 0, 0, req->status);
    proto_item_set_generated(it);
    const char *ct = fastcgi_request_field(req, FASTCGI_F_RESP_CONTENT_TYPE);
    if (ct) {
        it = proto_tree_add_string(tree, hf_fastcgi_response_content_type, tvb, 0, 0, ct);
        proto_item_set_generated(it);
    }
}

/* ---- Registration ----------------------------------------------------- */

/* Each content coding's tvb function exists in every build and returns
 * NULL when Wireshark was built without the library: undo a two-octet
 * body once to know. */
static gboolean fastcgi_probe(tvbuff_t *(*fn)(tvbuff_t *, tvbuff_t *, int, int),
                              const guint8 *probe, guint len)
{
    tvbuff_t *t = tvb_new_real_data(probe, len, len);
    tvbuff_t *out = fn(t, t, 0, (int)len);
    gboolean ok = out && tvb_reported_length(out) == 2 && tvb_memeql(out, 0, (const guint8 *)"ok", 2) == 0;
    tvb_free_chain(t);
    return ok;
}

void fastcgi_body_handoff(void)
{
    /* "ok", compressed by gzip -n, brotli and zstd. */
    static const guint8 gz[] = { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
                                 0xcb, 0xcf, 0x06, 0x00, 0x47, 0xdd, 0xdc, 0x79, 0x02, 0x00,
                                 0x00, 0x00 };
    static const guint8 br[] = { 0x8f, 0x00, 0x80, 0x6f, 0x6b, 0x03 };
    static const guint8 zs[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x11, 0x00, 0x00, 0x6f,
                                 0x6b, 0xf9, 0x5c, 0x14, 0x16 };

    media_type_table = find_dissector_table("media_type");
    fastcgi_can_zlib = fastcgi_probe(fastcgi_uncompress_zlib, gz, sizeof gz);
    fastcgi_can_brotli = fastcgi_probe(fastcgi_uncompress_brotli, br, sizeof br);
    fastcgi_can_zstd = fastcgi_probe(fastcgi_uncompress_zstd, zs, sizeof zs);
}

void fastcgi_body_register(int proto, module_t *prefs)
{
    static hf_register_info hf[] = {
        { &hf_fastcgi_stdin,
          { "STDIN", "fastcgi.stdin", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The request body: the reassembled STDIN stream", HFILL } },
        { &hf_fastcgi_data,
          { "DATA", "fastcgi.data", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The FILTER role's file: the reassembled DATA stream", HFILL } },
        { &hf_fastcgi_stdout,
          { "STDOUT", "fastcgi.stdout", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The CGI response: the reassembled STDOUT stream", HFILL } },
        { &hf_fastcgi_stderr,
          { "STDERR line", "fastcgi.stderr", FT_STRING, BASE_NONE, NULL, 0x0,
            "A line the application wrote to STDERR", HFILL } },
        { &hf_fastcgi_response,
          { "CGI response", "fastcgi.response", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The header block of the CGI response on STDOUT", HFILL } },
        { &hf_fastcgi_response_header,
          { "Header", "fastcgi.response.header", FT_STRING, BASE_NONE, NULL, 0x0,
            "A CGI response header line", HFILL } },
        { &hf_fastcgi_response_status,
          { "Status", "fastcgi.response.status", FT_UINT16, BASE_DEC, NULL, 0x0,
            "HTTP status of the response (Status: header, else 302 with Location:, else 200)",
            HFILL } },
        { &hf_fastcgi_response_content_type,
          { "Content-Type", "fastcgi.response.content_type", FT_STRING, BASE_NONE, NULL, 0x0,
            "Content-Type of the response body", HFILL } },
        { &hf_fastcgi_response_location,
          { "Location", "fastcgi.response.location", FT_STRING, BASE_NONE, NULL, 0x0,
            "Location: header of the response", HFILL } },
        { &hf_fastcgi_response_content_encoding,
          { "Content-Encoding", "fastcgi.response.content_encoding", FT_STRING, BASE_NONE, NULL,
            0x0, "Content-Encoding: header of the response", HFILL } },
        { &hf_fastcgi_response_content_disposition,
          { "Content-Disposition", "fastcgi.response.content_disposition", FT_STRING, BASE_NONE,
            NULL, 0x0, "Content-Disposition: header of the response", HFILL } },
        { &hf_fastcgi_body_length,
          { "Body length", "fastcgi.response.body_length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Octets of the response body after the headers, as sent", HFILL } },
        { &hf_fastcgi_decoded_length,
          { "Decompressed length", "fastcgi.response.decompressed_length", FT_UINT32, BASE_DEC,
            NULL, 0x0, "Octets of the response body once its content coding is undone",
            HFILL } },
    };
    static gint *ett[] = { &ett_fastcgi_response, &ett_fastcgi_stderr, &ett_fastcgi_encoded };
    static ei_register_info ei[] = {
        { &ei_fastcgi_cgi_headers, { "fastcgi.expert.cgi_headers", PI_MALFORMED, PI_WARN,
            "STDOUT does not start with a complete CGI header block", EXPFILL } },
        { &ei_fastcgi_bad_status, { "fastcgi.expert.bad_status", PI_MALFORMED, PI_WARN,
            "Status header that does not give a status", EXPFILL } },
        { &ei_fastcgi_stderr, { "fastcgi.expert.stderr", PI_COMMENTS_GROUP, PI_NOTE,
            "The application wrote to STDERR", EXPFILL } },
        { &ei_fastcgi_limit, { "fastcgi.expert.reassembly_limit", PI_REASSEMBLE, PI_NOTE,
            "Stream longer than the max_body preference: not reassembled", EXPFILL } },
        { &ei_fastcgi_decompression, { "fastcgi.expert.decompression_failed", PI_UNDECODED,
            PI_WARN, "Content-encoded body that does not decompress", EXPFILL } },
        { &ei_fastcgi_encoding, { "fastcgi.expert.encoding_unsupported", PI_UNDECODED, PI_NOTE,
            "Content coding this Wireshark cannot undo", EXPFILL } },
    };

    proto_fastcgi = proto;
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *em = expert_register_protocol(proto);
    expert_register_field_array(em, ei, array_length(ei));
    prefs_register_bool_preference(prefs, "decompress_body", "Decompress response bodies",
        "Whether a response body with Content-Encoding gzip, deflate, br or zstd is decompressed "
        "before it is shown and handed to the media dissectors (br and zstd where this "
        "Wireshark was built with them)", &fastcgi_decompress);
}

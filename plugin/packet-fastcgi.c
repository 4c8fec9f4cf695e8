// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * packet-fastcgi.c - FastCGI 1.0 records over TCP.
 *
 * Specification: https://fastcgi-archives.github.io/FastCGI_Specification.html
 *
 * The plugin in layers, each calling only the ones below it:
 *
 *   registration, framing and display
 *     packet-fastcgi.c   protocol, preferences, finding the traffic (ports,
 *                        Decode As, heuristic), tcp_dissect_pdus framing,
 *                        one record: header, fixed bodies, Info, what the
 *                        first pass found about it, the request summary
 *     fastcgi-params.c   name-value pairs
 *     fastcgi-body.c     stream contents: bodies, CGI response, STDERR
 *   below the display, side by side
 *     fastcgi-request.c  request tracking: first-pass state, no tree
 *     fastcgi-tap.c      statistics tree and export objects
 *   under everything, the codec.
 *
 * Every protocol question (lengths, headers, bodies, pairs, names,
 * classes, the CGI response's header block) is answered by the codec
 * (fcgi/fcgi.h), which the fcgi tool shares.  Names: a field's value
 * is the specification's constant (Type: FCGI_BEGIN_REQUEST (1)), so it
 * reads as the specification writes it; summaries (Info, a record's row,
 * expert messages, statistics) use the short name (BEGIN_REQUEST).
 */
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/expert.h>
#include <epan/conversation.h>
#include <epan/proto_data.h>
#include <epan/range.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/exceptions.h>

#include <fcgi/fcgi.h>

#include "fastcgi-compat.h"
#include "fastcgi-request.h"
#include "fastcgi-params.h"
#include "fastcgi-body.h"
#include "fastcgi-tap.h"

void proto_register_fastcgi(void);
void proto_reg_handoff_fastcgi(void);

#define FASTCGI_DEFAULT_PORTS "9000"

static int proto_fastcgi = -1;

static int hf_fastcgi_version = -1;
static int hf_fastcgi_type = -1;
static int hf_fastcgi_request_id = -1;
static int hf_fastcgi_content_length = -1;
static int hf_fastcgi_padding_length = -1;
static int hf_fastcgi_reserved = -1;
static int hf_fastcgi_content = -1;
static int hf_fastcgi_padding = -1;
static int hf_fastcgi_role = -1;
static int hf_fastcgi_flags = -1;
static int hf_fastcgi_flags_keep_conn = -1;
static int hf_fastcgi_flags_reserved = -1;
static int hf_fastcgi_app_status = -1;
static int hf_fastcgi_protocol_status = -1;
static int hf_fastcgi_unknown_type = -1;
static int hf_fastcgi_body_reserved = -1;
static int hf_fastcgi_request = -1;
static int hf_fastcgi_response_in = -1;
static int hf_fastcgi_request_in = -1;
static int hf_fastcgi_abort_in = -1;
static int hf_fastcgi_time = -1;
static int hf_fastcgi_cut_off = -1;
static int hf_fastcgi_field[FASTCGI_F_COUNT];

static gint ett_fastcgi = -1;
static gint ett_fastcgi_flags = -1;
static gint ett_fastcgi_request = -1;

static expert_field ei_fastcgi_version = EI_INIT;
static expert_field ei_fastcgi_bad_length = EI_INIT;
static expert_field ei_fastcgi_mgmt_id = EI_INIT;
static expert_field ei_fastcgi_app_id = EI_INIT;
static expert_field ei_fastcgi_unknown_type = EI_INIT;
static expert_field ei_fastcgi_unknown_mgmt_type = EI_INIT;
static expert_field ei_fastcgi_unknown_role = EI_INIT;
static expert_field ei_fastcgi_not_begun = EI_INIT;
static expert_field ei_fastcgi_before_capture = EI_INIT;
static expert_field ei_fastcgi_dup_begin = EI_INIT;
static expert_field ei_fastcgi_after_end = EI_INIT;
static expert_field ei_fastcgi_repeated_end = EI_INIT;
static expert_field ei_fastcgi_late_input = EI_INIT;
static expert_field ei_fastcgi_after_request = EI_INIT;
static expert_field ei_fastcgi_unterminated = EI_INIT;
static expert_field ei_fastcgi_protocol_status = EI_INIT;
static expert_field ei_fastcgi_app_status = EI_INIT;
static expert_field ei_fastcgi_padding = EI_INIT;
static expert_field ei_fastcgi_reserved = EI_INIT;
static expert_field ei_fastcgi_stale_reserved = EI_INIT;
static expert_field ei_fastcgi_abort = EI_INIT;
static expert_field ei_fastcgi_params_too_long = EI_INIT;
static expert_field ei_fastcgi_cut_off = EI_INIT;
static expert_field ei_fastcgi_capture_ends = EI_INIT;

static dissector_handle_t fastcgi_handle;

/* Preferences. */
static range_t *fastcgi_tcp_ports;         /* what the user asked for */
static range_t *fastcgi_registered_ports;  /* what is in "tcp.port" now */
static fastcgi_pref_bool fastcgi_desegment = TRUE;
static guint fastcgi_max_body = 16u * 1024 * 1024;
static guint fastcgi_max_pair = 1024u * 1024;

/* Per-dissection (packet scope) state: records seen so far in this frame,
 * what the Info column last showed, so records group by request id, and the
 * requests whose summary the frame already shows. */
typedef struct fastcgi_frame_state {
    guint nrecords;
    gint last_id;
    gint last_type;
    wmem_map_t *summaries;
} fastcgi_frame_state;

static fastcgi_frame_state *fastcgi_get_frame_state(packet_info *pinfo)
{
    fastcgi_frame_state *fs =
        (fastcgi_frame_state *)p_get_proto_data(pinfo->pool, pinfo, proto_fastcgi,
                                                FASTCGI_KEY_FRAME_STATE);
    if (!fs) {
        fs = wmem_new0(pinfo->pool, fastcgi_frame_state);
        fs->last_id = -1;
        fs->last_type = -1;
        p_add_proto_data(pinfo->pool, pinfo, proto_fastcgi, FASTCGI_KEY_FRAME_STATE, fs);
    }
    return fs;
}

/* The codec's names of the values it knows, as value_strings: an item of a
 * known value then gets its "NAME (n)" label from Wireshark only when the
 * label is shown, instead of formatting it on every record.  Values the
 * codec does not know keep the codec's own spelling, formatted at once.
 * Filled at registration, from the codec. */
static value_string fastcgi_type_vals[257];
static value_string fastcgi_role_vals[257];
static value_string fastcgi_protocol_status_vals[257];

static void fastcgi_fill_vals(value_string *vals, size_t cap, const char *(*name)(guint32))
{
    size_t n = 0;
    for (guint32 v = 0; v < 256 && n + 1 < cap; v++) {
        const char *s = name(v);
        if (s) {
            vals[n].value = v;
            vals[n].strptr = s;
            n++;
        }
    }
    vals[n].value = 0;
    vals[n].strptr = NULL;
}

static const char *fastcgi_known_type(guint32 v) { return fcgi_get_type_name((guint8)v, NULL); }
static const char *fastcgi_known_role(guint32 v) { return fcgi_get_role_name((guint16)v, NULL); }
static const char *fastcgi_known_status(guint32 v)
{
    return fcgi_get_protocol_status_name((guint8)v, NULL);
}

/* Adds a value whose label is "NAME (n)" with the codec's NAME. */
static proto_item *fastcgi_add_named(proto_tree *tree, int hf, tvbuff_t *tvb, gint off, gint len,
                                     guint32 value, const char *known, const char *name)
{
    if (known)
        return proto_tree_add_uint(tree, hf, tvb, off, len, value);
    return proto_tree_add_uint_format_value(tree, hf, tvb, off, len, value, "%s (%u)", name, value);
}

/* The short name of a codec name, for summaries: "FCGI_STDOUT" -> "STDOUT". */
static const char *fastcgi_short(const char *codec_name)
{
    return g_str_has_prefix(codec_name, "FCGI_") ? codec_name + 5 : codec_name;
}

static const char *fastcgi_type_short(guint8 type, char *nb)
{
    return fastcgi_short(fcgi_get_type_name(type, nb));
}

/* True when any octet of tvb[offset, offset+len) is not zero. */
static gboolean fastcgi_any_nonzero(tvbuff_t *tvb, gint offset, gint len)
{
    for (gint i = 0; i < len; i++) {
        if (fastcgi_tvb_get_u8(tvb, offset + i) != 0)
            return TRUE;
    }
    return FALSE;
}

/* ---- Info column ------------------------------------------------------ */

static void fastcgi_add_info(packet_info *pinfo, fastcgi_frame_state *fs, const fcgi_header *hdr,
                             const char *entry, gboolean has_extra)
{
    if (fs->last_id == (gint)hdr->request_id) {
        /* A run of records of one type shows once unless it says more. */
        if (fs->last_type == (gint)hdr->type && !has_extra)
            return;
        col_append_fstr(pinfo->cinfo, COL_INFO, ", %s", entry);
    } else {
        col_append_sep_fstr(pinfo->cinfo, COL_INFO, " ", "[%u] %s", hdr->request_id, entry);
    }
    fs->last_id = hdr->request_id;
    fs->last_type = hdr->type;
}

/* ---- Fixed bodies ----------------------------------------------------- */

static gboolean fastcgi_show_begin_body(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                        wmem_strbuf_t *info)
{
    static int *const flag_fields[] = { &hf_fastcgi_flags_keep_conn, &hf_fastcgi_flags_reserved,
                                        NULL };
    fcgi_begin_request_body b;
    guint8 raw[8];
    char nb[FCGI_NAME_BUF_LEN];

    tvb_memcpy(content, raw, 0, sizeof raw);
    if (fcgi_parse_begin_request_body(raw, sizeof raw, &b) != FCGI_OK)
        return FALSE;
    const char *known = fcgi_get_role_name(b.role, NULL);
    const char *role = known ? known : fcgi_get_role_name(b.role, nb);
    proto_item *ri = fastcgi_add_named(tree, hf_fastcgi_role, content, 0, 2, b.role, known, role);
    if (!known)
        expert_add_info_format(pinfo, ri, &ei_fastcgi_unknown_role, "Unknown role %s", role);
    proto_tree_add_bitmask(tree, content, 2, hf_fastcgi_flags, ett_fastcgi_flags, flag_fields,
                           ENC_BIG_ENDIAN);
    proto_item *res = proto_tree_add_item(tree, hf_fastcgi_body_reserved, content, 3, 5, ENC_NA);
    if (fastcgi_any_nonzero(content, 3, 5))
        expert_add_info_format(pinfo, res, &ei_fastcgi_reserved,
                               "BEGIN_REQUEST body reserved octets are not zero");
    wmem_strbuf_append_c(info, ' ');
    wmem_strbuf_append(info, fastcgi_short(role));
    if (b.flags & FCGI_KEEP_CONN)
        wmem_strbuf_append(info, " keep-conn");
    return TRUE;
}

static gboolean fastcgi_show_end_body(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                      wmem_strbuf_t *info)
{
    fcgi_end_request_body b;
    guint8 raw[8];
    char nb[FCGI_NAME_BUF_LEN];

    tvb_memcpy(content, raw, 0, sizeof raw);
    if (fcgi_parse_end_request_body(raw, sizeof raw, &b) != FCGI_OK)
        return FALSE;
    proto_item *ai = proto_tree_add_item(tree, hf_fastcgi_app_status, content, 0, 4, ENC_BIG_ENDIAN);
    if (b.app_status != 0)
        expert_add_info_format(pinfo, ai, &ei_fastcgi_app_status,
                               "Application status %u (not 0)", b.app_status);
    const char *ps = fcgi_get_protocol_status_name(b.protocol_status, nb);
    proto_item *pi = fastcgi_add_named(tree, hf_fastcgi_protocol_status, content, 4, 1,
                                       b.protocol_status,
                                       fcgi_get_protocol_status_name(b.protocol_status, NULL), ps);
    if (b.protocol_status != FCGI_REQUEST_COMPLETE)
        expert_add_info_format(pinfo, pi, &ei_fastcgi_protocol_status,
                               "Request not completed: %s", fastcgi_short(ps));
    proto_item *res = proto_tree_add_item(tree, hf_fastcgi_body_reserved, content, 5, 3, ENC_NA);
    if (fastcgi_any_nonzero(content, 5, 3))
        expert_add_info(pinfo, res, &ei_fastcgi_stale_reserved);
    wmem_strbuf_append_c(info, ' ');
    wmem_strbuf_append(info, fastcgi_short(ps));
    if (b.app_status != 0)
        wmem_strbuf_append_printf(info, " app_status=%u", b.app_status);
    return TRUE;
}

static gboolean fastcgi_show_unknown_type_body(tvbuff_t *content, packet_info *pinfo,
                                               proto_tree *tree, wmem_strbuf_t *info)
{
    guint8 t;
    guint8 raw[8];
    char nb[FCGI_NAME_BUF_LEN];

    tvb_memcpy(content, raw, 0, sizeof raw);
    if (fcgi_parse_unknown_type_body(raw, sizeof raw, &t) != FCGI_OK)
        return FALSE;
    const char *tn = fcgi_get_type_name(t, nb);
    proto_tree_add_uint_format_value(tree, hf_fastcgi_unknown_type, content, 0, 1, t, "%s (%u)",
                                     tn, t);
    proto_item *res = proto_tree_add_item(tree, hf_fastcgi_body_reserved, content, 1, 7, ENC_NA);
    if (fastcgi_any_nonzero(content, 1, 7))
        expert_add_info_format(pinfo, res, &ei_fastcgi_reserved,
                               "UNKNOWN_TYPE body reserved octets are not zero");
    wmem_strbuf_append_c(info, ' ');
    wmem_strbuf_append(info, fastcgi_short(tn));
    return TRUE;
}

/* A body the codec refused: the codec's checks say which rule failed, the
 * request id for the type's class or the content length for the type (or
 * both).  Returns whether the id was wrong. */
static gboolean fastcgi_explain_body_error(packet_info *pinfo, proto_item *ti,
                                           const fcgi_header *hdr)
{
    char nb[FCGI_NAME_BUF_LEN];
    const char *tn = fastcgi_type_short(hdr->type, nb);
    fcgi_status ids = fcgi_check_request_id(hdr->type, hdr->request_id);
    fcgi_status lens = fcgi_check_content_length(hdr->type, hdr->content_length);

    if (ids == FCGI_E_REQUEST_ID_NOT_NULL)
        expert_add_info_format(pinfo, ti, &ei_fastcgi_mgmt_id,
                               "Management record %s with request id %u (must be 0)", tn,
                               hdr->request_id);
    else if (ids == FCGI_E_REQUEST_ID_NULL)
        expert_add_info_format(pinfo, ti, &ei_fastcgi_app_id,
                               "Application record %s with request id 0", tn);
    if (lens != FCGI_OK) {
        char msg[FCGI_STATUS_MESSAGE_MAX];
        fcgi_format_status(msg, sizeof msg, lens, 0);
        expert_add_info_format(pinfo, ti, &ei_fastcgi_bad_length,
                               "%s with %u octets of content: %s", tn, hdr->content_length,
                               msg);
    }
    return ids != FCGI_OK;
}

/* ---- What the first pass found ----------------------------------------- */

/* Streams the web server sends: after END_REQUEST they are input the
 * application chose not to read. */
static gboolean fastcgi_web_server_type(guint8 type)
{
    return type == FCGI_PARAMS || type == FCGI_STDIN || type == FCGI_DATA ||
           type == FCGI_ABORT_REQUEST;
}

static void fastcgi_show_findings(packet_info *pinfo, proto_item *record_item,
                                  const fcgi_header *hdr, const fastcgi_record_info *ri)
{
    const fastcgi_record_extra *x = ri->x;
    char nb[FCGI_NAME_BUF_LEN];
    const char *tn = fastcgi_type_short(hdr->type, nb);
    guint32 f = ri->flags;

    if (f & FASTCGI_REC_NOT_BEGUN)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_not_begun,
                               "Request id %u was never begun on this connection", hdr->request_id);
    if (f & FASTCGI_REC_BEFORE_CAPTURE)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_before_capture,
                               "Request %u began before the capture did (its BEGIN_REQUEST is "
                               "not in it)", hdr->request_id);
    if (f & FASTCGI_REC_DUP_BEGIN)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_dup_begin,
                               "Request id %u is already active (begun in frame %u)",
                               hdr->request_id, x->ref_frame);
    if (f & FASTCGI_REC_AFTER_END)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_after_end,
                               "%s data after the stream's terminating empty record (frame %u)",
                               tn, x->ref_frame);
    if (f & FASTCGI_REC_REPEATED_END)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_repeated_end,
                               "%s already ended with an empty record in frame %u: a second "
                               "one (some releases of Apache's mod_proxy_fcgi send two)", tn, x->ref_frame);
    /* The web server's input that the application did not wait for is
     * said once per request; the application's own records after its
     * END_REQUEST, every time. */
    if ((f & FASTCGI_REC_LATE_FIRST) && fastcgi_web_server_type(hdr->type))
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_late_input,
                               "%s of request %u after its END_REQUEST (frame %u): the "
                               "application answered without reading it", tn, hdr->request_id,
                               x->ref_frame);
    else if ((f & FASTCGI_REC_AFTER_REQUEST) && !fastcgi_web_server_type(hdr->type))
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_after_request,
                               "%s of request %u after its END_REQUEST (frame %u)", tn,
                               hdr->request_id, x->ref_frame);
    /* php-fpm's habit on every response: said with the item's own text
     * (no formatting per record). */
    if (f & FASTCGI_REC_UNTERM_STDOUT)
        expert_add_info(pinfo, record_item, &ei_fastcgi_unterminated);
    if (f & FASTCGI_REC_UNTERM_STDERR)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_unterminated,
            "STDERR not terminated by an empty record before END_REQUEST (php-fpm ends its "
            "streams this way; END_REQUEST ends them)");
}

/* What the frame already shows of a request (FASTCGI_SHOWN_* bits), for
 * what is shown once per frame and request: a frame often ends a stream and
 * the request together. */
#define FASTCGI_SHOWN_REQUEST  1u
#define FASTCGI_SHOWN_RESPONSE 2u

static gboolean fastcgi_first_time(packet_info *pinfo, fastcgi_frame_state *fs,
                                   const fastcgi_request *req, guint what)
{
    if (!fs->summaries)
        fs->summaries = wmem_map_new(pinfo->pool, g_direct_hash, g_direct_equal);
    guint shown = GPOINTER_TO_UINT(wmem_map_lookup(fs->summaries, req));
    if (shown & what)
        return FALSE;
    wmem_map_insert(fs->summaries, (gpointer)req, GUINT_TO_POINTER(shown | what));
    return TRUE;
}

/* The request's summary (what its params said), generated. */
static void fastcgi_show_request(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                 fastcgi_frame_state *fs, const fastcgi_request *req)
{
    if (req->text_len == 0 || !fastcgi_first_time(pinfo, fs, req, FASTCGI_SHOWN_REQUEST))
        return;
    proto_item *ti = proto_tree_add_item(tree, hf_fastcgi_request, content, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_tree *rt = proto_item_add_subtree(ti, ett_fastcgi_request);
    for (int i = 0; i < FASTCGI_F_COUNT; i++) {
        const char *v = fastcgi_request_field(req, (enum fastcgi_field)i);
        if (v && hf_fastcgi_field[i] > 0) {
            proto_item *it = proto_tree_add_string(rt, hf_fastcgi_field[i], content, 0, 0, v);
            proto_item_set_generated(it);
        }
    }
}

static void fastcgi_show_links(tvbuff_t *content, proto_tree *tree, const fcgi_header *hdr,
                               const fastcgi_record_info *ri)
{
    const fastcgi_request *req = ri->req;
    proto_item *it;

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
        if (req->begin_frame) {
            it = proto_tree_add_uint(tree, hf_fastcgi_request_in, content, 0, 0, req->begin_frame);
            proto_item_set_generated(it);
        }
        if (hdr->type == FCGI_END_REQUEST && req->begin_frame &&
            !(ri->flags & FASTCGI_REC_AFTER_REQUEST)) {
            it = proto_tree_add_time(tree, hf_fastcgi_time, content, 0, 0, &req->time);
            proto_item_set_generated(it);
        }
        break;
    default:
        break;
    }
}

static void fastcgi_tap_end(packet_info *pinfo, const fastcgi_request *req)
{
    if (!fastcgi_tap_wants_requests())
        return;
    fastcgi_tap_request r;
    memset(&r, 0, sizeof r);
    r.role = req->role;
    r.begun = req->begin_frame != 0;
    r.method = fastcgi_request_field(req, FASTCGI_F_METHOD);
    r.script = fastcgi_request_field(req, FASTCGI_F_SCRIPT_FILENAME);
    if (!r.script)
        r.script = fastcgi_request_field(req, FASTCGI_F_SCRIPT_NAME);
    r.status = req->cgi == FASTCGI_CGI_DONE ? req->status : 0;
    if (req->begin_frame) {
        r.has_time = TRUE;
        r.time = req->time;
    }
    fastcgi_tap_queue_request(pinfo, &r);
}

/* Info text a tracked record adds: "GET /x" on the PARAMS that names the
 * request, "200 text/html" on the STDOUT that completes its headers. */
static void fastcgi_request_info(wmem_strbuf_t *info, const fastcgi_record_info *ri)
{
    const fastcgi_request *req = ri->req;
    if (ri->flags & FASTCGI_REC_ANNOUNCE) {
        const char *m = fastcgi_request_field(req, FASTCGI_F_METHOD);
        const char *u = fastcgi_request_field(req, FASTCGI_F_URI);
        if (m) {
            wmem_strbuf_append_c(info, ' ');
            wmem_strbuf_append(info, m);
        }
        if (u) {
            wmem_strbuf_append_c(info, ' ');
            wmem_strbuf_append(info, u);
        }
    }
    if ((ri->flags & FASTCGI_REC_STATUS) && req->cgi == FASTCGI_CGI_DONE) {
        const char *ct = fastcgi_request_field(req, FASTCGI_F_RESP_CONTENT_TYPE);
        wmem_strbuf_append_printf(info, " %u", req->status);
        if (ct) {
            wmem_strbuf_append_c(info, ' ');
            wmem_strbuf_append_len(info, ct, strcspn(ct, ";"));
        }
    }
}

/* ---- One record ------------------------------------------------------- */

static int dissect_fastcgi_record(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                  void *data _U_)
{
    fastcgi_frame_state *fs = fastcgi_get_frame_state(pinfo);
    guint index = fs->nrecords++;
    guint8 raw[FCGI_HEADER_LEN];
    fcgi_header hdr;
    char nb[FCGI_NAME_BUF_LEN];

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "FastCGI");
    if (index == 0)
        col_clear(pinfo->cinfo, COL_INFO);

    tvb_memcpy(tvb, raw, 0, FCGI_HEADER_LEN);
    fcgi_status hs = fcgi_parse_header(raw, sizeof raw, &hdr);
    const char *tname = fcgi_get_type_name(hdr.type, nb);
    const char *tshort = fastcgi_short(tname);

    proto_item *ti = proto_tree_add_item(tree, proto_fastcgi, tvb, 0, -1, ENC_NA);
    proto_tree *rt = proto_item_add_subtree(ti, ett_fastcgi);

    proto_item *vi = proto_tree_add_item(rt, hf_fastcgi_version, tvb, 0, 1, ENC_NA);
    proto_item *tyi = fastcgi_add_named(rt, hf_fastcgi_type, tvb, 1, 1, hdr.type,
                                        fcgi_get_type_name(hdr.type, NULL), tname);
    proto_tree_add_item(rt, hf_fastcgi_request_id, tvb, 2, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(rt, hf_fastcgi_content_length, tvb, 4, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(rt, hf_fastcgi_padding_length, tvb, 6, 1, ENC_NA);
    proto_item *resi = proto_tree_add_item(rt, hf_fastcgi_reserved, tvb, 7, 1, ENC_NA);
    if (hdr.reserved != 0)
        expert_add_info_format(pinfo, resi, &ei_fastcgi_reserved,
                               "Header reserved octet is 0x%02x, not zero", hdr.reserved);

    tvbuff_t *content = tvb_new_subset_length(tvb, FCGI_HEADER_LEN, hdr.content_length);
    proto_item *ci = NULL;
    if (hdr.content_length > 0)
        ci = proto_tree_add_item(rt, hf_fastcgi_content, tvb, FCGI_HEADER_LEN,
                                 hdr.content_length, ENC_NA);
    if (hdr.padding_length > 0) {
        gint poff = FCGI_HEADER_LEN + hdr.content_length;
        proto_item *pi = proto_tree_add_item(rt, hf_fastcgi_padding, tvb, poff,
                                             hdr.padding_length, ENC_NA);
        if (fastcgi_any_nonzero(tvb, poff, hdr.padding_length))
            expert_add_info(pinfo, pi, &ei_fastcgi_padding);
    }

    if (hs == FCGI_E_VERSION) {
        /* Nothing after the version octet can be trusted. */
        proto_item_append_text(ti, ", version %u record, Request ID %u", hdr.version,
                               hdr.request_id);
        expert_add_info_format(pinfo, vi, &ei_fastcgi_version, "Protocol version %u (must be 1)",
                               hdr.version);
        char *entry = wmem_strdup_printf(pinfo->pool, "version %u record, not decoded",
                                         hdr.version);
        fastcgi_add_info(pinfo, fs, &hdr, entry, TRUE);
        return tvb_captured_length(tvb);
    }
    proto_item_append_text(ti, ", %s, Request ID %u", tshort, hdr.request_id);
    if (hdr.type == FCGI_PARAMS && hdr.content_length + hdr.padding_length > 65535)
        expert_add_info_format(pinfo, ti, &ei_fastcgi_params_too_long,
            "PARAMS record of %u octets of content and %u of padding, more than 65535 in all: "
            "the specification allows it, php-fpm refuses the request", hdr.content_length,
            hdr.padding_length);

    /* The whole content must be in the capture for the codec to judge it;
     * a snapshot-truncated record throws here, as it should.  Nothing is
     * allocated outside the packet's pool before it. */
    const guint8 *cptr = tvb_get_ptr(content, 0, hdr.content_length);
    fcgi_record body;
    fcgi_status bs = fcgi_parse_record_body(hdr.type, hdr.request_id, cptr, hdr.content_length,
                                            &body);
    gboolean id_bad = FALSE;
    if (!fcgi_is_known_type(hdr.type)) {
        if (hdr.request_id == FCGI_NULL_REQUEST_ID)
            expert_add_info_format(pinfo, tyi, &ei_fastcgi_unknown_mgmt_type,
                                   "Management record of unknown type %s: the application "
                                   "answers UNKNOWN_TYPE", tname);
        else
            expert_add_info_format(pinfo, tyi, &ei_fastcgi_unknown_type,
                                   "Record type %s is not one the specification defines", tname);
    } else if (bs != FCGI_OK && bs != FCGI_E_SHORT_NAME_VALUE_PAIR) {
        id_bad = fastcgi_explain_body_error(pinfo, ti, &hdr);
    }

    wmem_strbuf_t *info = wmem_strbuf_new(pinfo->pool, tshort);
    gboolean decoded = FALSE;
    switch (hdr.type) {
    case FCGI_BEGIN_REQUEST:
        if (hdr.content_length >= 8)
            decoded = fastcgi_show_begin_body(content, pinfo, rt, info);
        break;
    case FCGI_END_REQUEST:
        if (hdr.content_length >= 8)
            decoded = fastcgi_show_end_body(content, pinfo, rt, info);
        break;
    case FCGI_UNKNOWN_TYPE:
        if (hdr.content_length >= 8)
            decoded = fastcgi_show_unknown_type_body(content, pinfo, rt, info);
        break;
    case FCGI_ABORT_REQUEST:
        expert_add_info(pinfo, tyi, &ei_fastcgi_abort);
        break;
    case FCGI_GET_VALUES:
    case FCGI_GET_VALUES_RESULT:
        fastcgi_show_discrete_pairs(content, pinfo, rt, ti);
        decoded = TRUE;
        break;
    case FCGI_STDERR:
        if (hdr.content_length > 0)
            fastcgi_show_stderr(content, pinfo, rt, ti);
        decoded = TRUE;
        break;
    default:
        break;
    }

    /* Request state: application records whose id and body the codec
     * accepted.  Management records belong to the connection, not to a
     * request, and records the codec refused are shown, not believed. */
    if (fcgi_is_known_type(hdr.type) && !fcgi_is_management_type(hdr.type) && !id_bad &&
        bs == FCGI_OK) {
        const fastcgi_record_info *ri = fastcgi_track_record(pinfo, &hdr, content, index, &body);
        if (ri->req) {
            if (ri->flags & FASTCGI_REC_KEPT)
                fastcgi_body_keep(pinfo, ri->req, hdr.type, content);
            fastcgi_show_findings(pinfo, ti, &hdr, ri);
            fastcgi_show_links(content, rt, &hdr, ri);
            if (hdr.type == FCGI_PARAMS) {
                fastcgi_show_params(content, pinfo, rt, ti, ri);
                decoded = (ri->flags & FASTCGI_REC_PAIRS) != 0;
            }
            if (ri->flags & FASTCGI_REC_SUMMARY)
                fastcgi_show_request(content, pinfo, rt, fs, ri->req);
            gboolean stdout_done = (ri->flags & FASTCGI_REC_DONE) &&
                                   fastcgi_done_type(ri, hdr.type) == FCGI_STDOUT;
            /* The response's status once per frame: with its STDOUT, or on
             * END_REQUEST. */
            if ((stdout_done || (hdr.type == FCGI_END_REQUEST &&
                                 !(ri->flags & FASTCGI_REC_AFTER_REQUEST))) &&
                fastcgi_first_time(pinfo, fs, ri->req, FASTCGI_SHOWN_RESPONSE) && !stdout_done)
                fastcgi_show_response_summary(rt, content, ri->req);
            if (hdr.type == FCGI_END_REQUEST && !(ri->flags & FASTCGI_REC_AFTER_REQUEST))
                fastcgi_tap_end(pinfo, ri->req);
            if (ri->flags & FASTCGI_REC_LIMIT)
                fastcgi_show_stream_limit(content, pinfo, rt, hdr.type);
            if (ri->flags & FASTCGI_REC_DONE)
                fastcgi_show_done_stream(content, pinfo, rt, ri, fastcgi_done_type(ri, hdr.type));
            fastcgi_request_info(info, ri);
        }
    }

    /* A body shown decoded keeps its raw octets only as a hidden
     * fastcgi.content, for filters. */
    if (decoded && ci)
        proto_item_set_hidden(ci);
    fastcgi_add_info(pinfo, fs, &hdr, wmem_strbuf_get_str(info),
                     wmem_strbuf_get_len(info) > strlen(tshort));
    return tvb_captured_length(tvb);
}

/* ---- Framing ---------------------------------------------------------- */

/* tcp_dissect_pdus hands us at least FCGI_HEADER_LEN octets; never throw. */
static guint get_fastcgi_record_len(packet_info *pinfo _U_, tvbuff_t *tvb, int offset,
                                    void *data _U_)
{
    guint8 raw[FCGI_HEADER_LEN];

    if (tvb_captured_length_remaining(tvb, offset) < FCGI_HEADER_LEN)
        return FCGI_HEADER_LEN;
    tvb_memcpy(tvb, raw, offset, FCGI_HEADER_LEN);
    return (guint)fcgi_get_record_length(raw, sizeof raw);
}

/* A record whose rest TCP was asked for: if it never comes, the frame where
 * the record begins says so (on later passes, when that is known). */
typedef struct fastcgi_cut {
    guint32 rest_frame;         /* where the rest arrived; 0 while it has not */
    guint32 have;               /* octets of the record in its first frame */
    guint32 want;               /* octets it has in all (0: header incomplete) */
    fcgi_header hdr;            /* valid when want != 0 */
} fastcgi_cut;

/* Records waiting for their rest, by connection and direction. */
static wmem_map_t *fastcgi_pending;

static gpointer fastcgi_pending_key(packet_info *pinfo)
{
    conversation_t *conv = find_or_create_conversation(pinfo);
    int c = cmp_address(&pinfo->src, &pinfo->dst);
    guint dir = pinfo->srcport > pinfo->destport || (pinfo->srcport == pinfo->destport && c > 0);
    return (gpointer)((guintptr)conv + dir);
}

/* The frame's records; the first pass's results are stored when they are
 * done, even when an exception ends them. */
static void fastcgi_dissect_records(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                    void *data)
{
    TRY {
        tcp_dissect_pdus(tvb, pinfo, tree, fastcgi_desegment, FCGI_HEADER_LEN,
                         get_fastcgi_record_len, dissect_fastcgi_record, data);
    }
    FINALLY {
        fastcgi_request_frame_done(pinfo);
    }
    ENDTRY;
}

static int dissect_fastcgi_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    gpointer key = NULL;
    if (!PINFO_FD_VISITED(pinfo)) {
        key = fastcgi_pending_key(pinfo);
        fastcgi_cut *cut = (fastcgi_cut *)wmem_map_remove(fastcgi_pending, key);
        if (cut)
            cut->rest_frame = pinfo->num;
    }
    fastcgi_dissect_records(tvb, pinfo, tree, data);
    if (key && pinfo->desegment_len > 0) {
        fastcgi_cut *cut = wmem_new0(wmem_file_scope(), fastcgi_cut);
        guint8 raw[FCGI_HEADER_LEN];
        cut->have = tvb_captured_length_remaining(tvb, (gint)pinfo->desegment_offset);
        if (cut->have >= FCGI_HEADER_LEN) {
            tvb_memcpy(tvb, raw, (gint)pinfo->desegment_offset, FCGI_HEADER_LEN);
            cut->want = (guint32)fcgi_get_record_length(raw, sizeof raw);
            (void)fcgi_parse_header(raw, sizeof raw, &cut->hdr);
        }
        p_add_proto_data(wmem_file_scope(), pinfo, proto_fastcgi, FASTCGI_KEY_CUT, cut);
        wmem_map_insert(fastcgi_pending, key, cut);
    }
    return tvb_captured_length(tvb);
}

/* Runs after every dissector on every frame: the frame where a record
 * begins that the connection never completes shows it, once the first pass
 * has shown that nothing more came (TCP does not hand such a frame to us). */
static int dissect_fastcgi_cut(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                               void *data _U_)
{
    if (!PINFO_FD_VISITED(pinfo))
        return 0;
    const fastcgi_cut *cut = (const fastcgi_cut *)p_get_proto_data(wmem_file_scope(), pinfo,
                                                                   proto_fastcgi,
                                                                   FASTCGI_KEY_CUT);
    if (!cut || cut->rest_frame)
        return 0;
    char nb[FCGI_NAME_BUF_LEN];
    /* A frame that also holds whole records keeps their Info; one that
     * holds only the cut record (TCP called it a segment of a reassembled
     * PDU) is named for it. */
    gboolean records = p_get_proto_data(pinfo->pool, pinfo, proto_fastcgi,
                                        FASTCGI_KEY_FRAME_STATE) != NULL;
    if (!records)
        col_clear(pinfo->cinfo, COL_INFO);
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "FastCGI");
    proto_item *ti = proto_tree_add_item(tree, proto_fastcgi, tvb, 0, 0, ENC_NA);
    proto_tree *ct = proto_item_add_subtree(ti, ett_fastcgi);
    proto_item *it = proto_tree_add_uint(ct, hf_fastcgi_cut_off, tvb, 0, 0, cut->have);
    proto_item_set_generated(it);
    /* When the capture holds later frames of the connection (its ACKs, a
     * FIN), the connection went on without the rest: the record was cut
     * off.  When this is the connection's last frame, the capture ended
     * inside the record, which is not the traffic's doing. */
    conversation_t *conv = find_conversation_pinfo(pinfo, 0);
    gboolean closed = conv && conv->last_frame > pinfo->num;
    expert_field *ei = closed ? &ei_fastcgi_cut_off : &ei_fastcgi_capture_ends;
    const char *by = closed ? "the connection carried no more" : "the capture ends";
    const char *what = closed ? "cut off" : "incomplete";
    if (cut->want) {
        const char *tn = fastcgi_type_short(cut->hdr.type, nb);
        proto_item_append_text(ti, ", %s, Request ID %u, %s", tn, cut->hdr.request_id, what);
        col_append_sep_fstr(pinfo->cinfo, COL_INFO, ", ", "[%u] %s %s after %u of %u octets",
                            cut->hdr.request_id, tn, what, cut->have, cut->want);
        expert_add_info_format(pinfo, it, ei,
            "Record %s: a %s record of request %u, %u octets with header and padding; %s "
            "after %u of them", what, tn, cut->hdr.request_id, cut->want, by, cut->have);
    } else {
        proto_item_append_text(ti, ", record header %s", what);
        col_append_sep_fstr(pinfo->cinfo, COL_INFO, ", ", "Record header %s after %u of 8 octets",
                            what, cut->have);
        expert_add_info_format(pinfo, it, ei, "Record %s: %s after %u octets of a record header",
                               what, by, cut->have);
    }
    return 0;
}

/* ---- Heuristic -------------------------------------------------------- */

/* A header the heuristic believes: version 1 (the codec checks it), a
 * known type, the id rule of its class, no reserved bits and the padding
 * senders actually use (to the next multiple of 8). */
static gboolean fastcgi_heur_header(const guint8 *raw, fcgi_header *h)
{
    if (fcgi_parse_header(raw, FCGI_HEADER_LEN, h) != FCGI_OK)
        return FALSE;
    if (!fcgi_is_known_type(h->type) || h->reserved != 0 || h->padding_length > 7)
        return FALSE;
    return fcgi_check_request_id(h->type, h->request_id) == FCGI_OK;
}

static fastcgi_heur_result dissect_fastcgi_heur(tvbuff_t *tvb, packet_info *pinfo,
                                                proto_tree *tree, void *data)
{
    guint avail = tvb_captured_length(tvb);
    guint offset = 0;
    guint complete = 0, headers = 0;
    gboolean strong = FALSE;

    while (offset + FCGI_HEADER_LEN <= avail && headers < 8) {
        guint8 raw[FCGI_HEADER_LEN];
        fcgi_header h;

        tvb_memcpy(tvb, raw, offset, FCGI_HEADER_LEN);
        if (!fastcgi_heur_header(raw, &h))
            return FALSE;
        headers++;
        if (h.content_length > avail - offset - FCGI_HEADER_LEN)
            break; /* content continues in a later segment */

        /* Checked above: the content lies in the captured octets. */
        const guint8 *c = tvb_get_ptr(tvb, offset + FCGI_HEADER_LEN, h.content_length);
        fcgi_record r;
        if (fcgi_parse_record_body(h.type, h.request_id, c, h.content_length, &r) != FCGI_OK)
            return FALSE;
        if (offset == 0) {
            /* What a connection starts with: a BEGIN_REQUEST with a role
             * (an unknown one too: the application answers UNKNOWN_ROLE),
             * no unknown flag and five zero reserved octets, or a
             * GET_VALUES query that holds at least one pair. */
            if (h.type == FCGI_BEGIN_REQUEST && r.role != 0 &&
                (r.flags & ~FCGI_KEEP_CONN) == 0 && !fastcgi_any_nonzero(tvb, 11, 5))
                strong = TRUE;
            if (h.type == FCGI_GET_VALUES && h.content_length > 0)
                strong = TRUE;
        }
        complete++;
        offset += (guint)fcgi_get_record_length(raw, sizeof raw);
    }

    /* Mid-connection, only a chain convinces: three records, or two that
     * fill the segment exactly. */
    if (!strong && !(headers >= 3 && complete >= 2) && !(complete >= 2 && offset == avail))
        return FALSE;

    conversation_t *conv = find_or_create_conversation(pinfo);
    conversation_set_dissector(conv, fastcgi_handle);
    dissect_fastcgi_tcp(tvb, pinfo, tree, data);
    return TRUE;
}

/* ---- Registration ----------------------------------------------------- */

/* dissector_add_uint_range_with_preference() in 4.0.17 adds a port given
 * with -o but keeps the default too, so the plugin owns its range and
 * re-registers exactly what it says whenever preferences change. */
static void fastcgi_apply_prefs(void)
{
    if (fastcgi_registered_ports) {
        dissector_delete_uint_range("tcp.port", fastcgi_registered_ports, fastcgi_handle);
        wmem_free(wmem_epan_scope(), fastcgi_registered_ports);
    }
    fastcgi_registered_ports = range_copy(wmem_epan_scope(), fastcgi_tcp_ports);
    dissector_add_uint_range("tcp.port", fastcgi_registered_ports, fastcgi_handle);
    fastcgi_request_set_limits(fastcgi_max_body, fastcgi_max_pair);
}

/* The request summary's fields, by enum fastcgi_field.  SCRIPT_NAME and
 * DOCUMENT_URI are kept for names (statistics, export) but not shown: the
 * pairs show them, and every summary item costs on every frame. */
static hf_register_info fastcgi_field_hf[] = {
    { &hf_fastcgi_field[FASTCGI_F_METHOD],
      { "Method", "fastcgi.request.method", FT_STRING, BASE_NONE, NULL, 0x0,
        "REQUEST_METHOD of the request", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_URI],
      { "URI", "fastcgi.request.uri", FT_STRING, BASE_NONE, NULL, 0x0,
        "REQUEST_URI of the request", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_SCRIPT_FILENAME],
      { "Script filename", "fastcgi.request.script_filename", FT_STRING, BASE_NONE, NULL, 0x0,
        "SCRIPT_FILENAME of the request", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_QUERY],
      { "Query string", "fastcgi.request.query_string", FT_STRING, BASE_NONE, NULL, 0x0,
        "QUERY_STRING of the request", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_CONTENT_TYPE],
      { "Content type", "fastcgi.request.content_type", FT_STRING, BASE_NONE, NULL, 0x0,
        "CONTENT_TYPE of the request body", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_HOST],
      { "Host", "fastcgi.request.host", FT_STRING, BASE_NONE, NULL, 0x0,
        "HTTP_HOST of the request", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_SCHEME],
      { "Scheme", "fastcgi.request.scheme", FT_STRING, BASE_NONE, NULL, 0x0,
        "REQUEST_SCHEME of the request, else https or http from HTTPS", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_SERVER_NAME],
      { "Server name", "fastcgi.request.server_name", FT_STRING, BASE_NONE, NULL, 0x0,
        "SERVER_NAME of the request", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_TRACEPARENT],
      { "Trace parent", "fastcgi.request.traceparent", FT_STRING, BASE_NONE, NULL, 0x0,
        "HTTP_TRACEPARENT of the request (W3C trace context)", HFILL } },
    { &hf_fastcgi_field[FASTCGI_F_X_REQUEST_ID],
      { "Request ID header", "fastcgi.request.x_request_id", FT_STRING, BASE_NONE, NULL, 0x0,
        "HTTP_X_REQUEST_ID of the request", HFILL } },
};

void proto_register_fastcgi(void)
{
    static hf_register_info hf[] = {
        { &hf_fastcgi_version,
          { "Version", "fastcgi.version", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Protocol version of the record (1 is the only one)", HFILL } },
        { &hf_fastcgi_type,
          { "Type", "fastcgi.type", FT_UINT8, BASE_DEC, VALS(fastcgi_type_vals), 0x0,
            "Record type, named by the codec", HFILL } },
        { &hf_fastcgi_request_id,
          { "Request ID", "fastcgi.request_id", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Request the record belongs to (0 for management records)", HFILL } },
        { &hf_fastcgi_content_length,
          { "Content Length", "fastcgi.content_length", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Octets of content after the header", HFILL } },
        { &hf_fastcgi_padding_length,
          { "Padding Length", "fastcgi.padding_length", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Octets of padding after the content", HFILL } },
        { &hf_fastcgi_reserved,
          { "Header reserved", "fastcgi.reserved", FT_UINT8, BASE_HEX, NULL, 0x0,
            "The record header's reserved octet (should be 0)", HFILL } },
        { &hf_fastcgi_content,
          { "Content", "fastcgi.content", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The record's content octets", HFILL } },
        { &hf_fastcgi_padding,
          { "Padding", "fastcgi.padding", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The record's padding octets", HFILL } },
        { &hf_fastcgi_role,
          { "Role", "fastcgi.role", FT_UINT16, BASE_DEC, VALS(fastcgi_role_vals), 0x0,
            "Role the application is asked to play (BEGIN_REQUEST)", HFILL } },
        { &hf_fastcgi_flags,
          { "Flags", "fastcgi.flags", FT_UINT8, BASE_HEX, NULL, 0x0,
            "BEGIN_REQUEST flags", HFILL } },
        { &hf_fastcgi_flags_keep_conn,
          { "Keep connection", "fastcgi.flags.keep_conn", FT_BOOLEAN, 8, NULL, FCGI_KEEP_CONN,
            "FCGI_KEEP_CONN: the web server keeps the connection open after the request",
            HFILL } },
        { &hf_fastcgi_flags_reserved,
          { "Reserved flags", "fastcgi.flags.reserved", FT_UINT8, BASE_HEX, NULL,
            0xff & ~FCGI_KEEP_CONN, "Flag bits the specification does not define", HFILL } },
        { &hf_fastcgi_app_status,
          { "Application Status", "fastcgi.app_status", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Exit status of the application for this request (END_REQUEST)", HFILL } },
        { &hf_fastcgi_protocol_status,
          { "Protocol Status", "fastcgi.protocol_status", FT_UINT8, BASE_DEC,
            VALS(fastcgi_protocol_status_vals), 0x0,
            "How the request ended at the protocol level (END_REQUEST)", HFILL } },
        { &hf_fastcgi_unknown_type,
          { "Unknown Type", "fastcgi.unknown_type", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Record type the application did not understand (UNKNOWN_TYPE)", HFILL } },
        { &hf_fastcgi_body_reserved,
          { "Body reserved", "fastcgi.body_reserved", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Reserved octets of a BEGIN_REQUEST, END_REQUEST or UNKNOWN_TYPE body (should be 0)",
            HFILL } },
        { &hf_fastcgi_request,
          { "Request", "fastcgi.request", FT_NONE, BASE_NONE, NULL, 0x0,
            "What the request's params said (once per frame and request)", HFILL } },
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
        { &hf_fastcgi_cut_off,
          { "Octets of a record cut off", "fastcgi.cut_off", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Octets of a record whose rest the connection never carried", HFILL } },
    };
    static gint *ett[] = { &ett_fastcgi, &ett_fastcgi_flags, &ett_fastcgi_request };
    static ei_register_info ei[] = {
        { &ei_fastcgi_version, { "fastcgi.expert.version", PI_MALFORMED, PI_ERROR,
            "Protocol version is not 1", EXPFILL } },
        { &ei_fastcgi_bad_length, { "fastcgi.expert.bad_length", PI_MALFORMED, PI_ERROR,
            "Content length wrong for the record type", EXPFILL } },
        { &ei_fastcgi_mgmt_id, { "fastcgi.expert.management_id", PI_PROTOCOL, PI_ERROR,
            "Management record with a non-zero request id", EXPFILL } },
        { &ei_fastcgi_app_id, { "fastcgi.expert.application_id", PI_PROTOCOL, PI_ERROR,
            "Application record with request id 0", EXPFILL } },
        { &ei_fastcgi_unknown_type, { "fastcgi.expert.unknown_type", PI_PROTOCOL, PI_WARN,
            "Application record of a type the specification does not define", EXPFILL } },
        { &ei_fastcgi_unknown_mgmt_type, { "fastcgi.expert.unknown_management_type",
            PI_PROTOCOL, PI_NOTE, "Management record of an unknown type (the application "
            "answers UNKNOWN_TYPE)", EXPFILL } },
        { &ei_fastcgi_unknown_role, { "fastcgi.expert.unknown_role", PI_PROTOCOL, PI_WARN,
            "Unknown role", EXPFILL } },
        { &ei_fastcgi_not_begun, { "fastcgi.expert.not_begun", PI_SEQUENCE, PI_WARN,
            "Record for a request id that was never begun on this connection", EXPFILL } },
        { &ei_fastcgi_before_capture, { "fastcgi.expert.begun_before_capture", PI_SEQUENCE,
            PI_CHAT, "Request begun before the capture started", EXPFILL } },
        { &ei_fastcgi_dup_begin, { "fastcgi.expert.duplicate_begin", PI_SEQUENCE, PI_WARN,
            "BEGIN_REQUEST for a request id that is already active", EXPFILL } },
        { &ei_fastcgi_after_end, { "fastcgi.expert.after_end_of_stream", PI_SEQUENCE, PI_WARN,
            "Data after the stream's terminating empty record", EXPFILL } },
        { &ei_fastcgi_repeated_end, { "fastcgi.expert.repeated_end_of_stream", PI_SEQUENCE,
            PI_CHAT, "A second empty record for a stream that had ended", EXPFILL } },
        { &ei_fastcgi_late_input, { "fastcgi.expert.late_input", PI_SEQUENCE, PI_CHAT,
            "Web server record after the request's END_REQUEST", EXPFILL } },
        { &ei_fastcgi_after_request, { "fastcgi.expert.after_end_request", PI_SEQUENCE, PI_WARN,
            "Application record after the request's END_REQUEST", EXPFILL } },
        { &ei_fastcgi_unterminated, { "fastcgi.expert.unterminated_stream", PI_SEQUENCE,
            PI_CHAT, "STDOUT not terminated by an empty record before END_REQUEST (php-fpm ends "
            "its streams this way; END_REQUEST ends them)", EXPFILL } },
        { &ei_fastcgi_protocol_status, { "fastcgi.expert.protocol_status", PI_RESPONSE_CODE,
            PI_WARN, "END_REQUEST with a protocol status other than REQUEST_COMPLETE",
            EXPFILL } },
        { &ei_fastcgi_app_status, { "fastcgi.expert.app_status", PI_RESPONSE_CODE, PI_NOTE,
            "END_REQUEST with a non-zero application status", EXPFILL } },
        { &ei_fastcgi_padding, { "fastcgi.expert.padding", PI_PROTOCOL, PI_NOTE,
            "Non-zero padding octets", EXPFILL } },
        { &ei_fastcgi_reserved, { "fastcgi.expert.reserved", PI_PROTOCOL, PI_NOTE,
            "Non-zero reserved octets", EXPFILL } },
        { &ei_fastcgi_stale_reserved, { "fastcgi.expert.stale_reserved", PI_PROTOCOL, PI_CHAT,
            "END_REQUEST body reserved octets not zero (php-fpm leaves stale octets there)",
            EXPFILL } },
        { &ei_fastcgi_abort, { "fastcgi.expert.abort", PI_SEQUENCE, PI_NOTE,
            "The web server aborted the request (ABORT_REQUEST)", EXPFILL } },
        { &ei_fastcgi_params_too_long, { "fastcgi.expert.params_too_long", PI_PROTOCOL,
            PI_NOTE, "PARAMS record over 65535 octets with its padding (php-fpm refuses it)",
            EXPFILL } },
        { &ei_fastcgi_cut_off, { "fastcgi.expert.cut_off", PI_MALFORMED, PI_WARN,
            "Record cut off: the connection carried no more of it", EXPFILL } },
        { &ei_fastcgi_capture_ends, { "fastcgi.expert.capture_ends", PI_SEQUENCE, PI_CHAT,
            "Record incomplete: the capture ends before it does", EXPFILL } },
    };

    fastcgi_fill_vals(fastcgi_type_vals, G_N_ELEMENTS(fastcgi_type_vals), fastcgi_known_type);
    fastcgi_fill_vals(fastcgi_role_vals, G_N_ELEMENTS(fastcgi_role_vals), fastcgi_known_role);
    fastcgi_fill_vals(fastcgi_protocol_status_vals, G_N_ELEMENTS(fastcgi_protocol_status_vals),
                      fastcgi_known_status);
    for (int i = 0; i < FASTCGI_F_COUNT; i++)
        hf_fastcgi_field[i] = 0;
    proto_fastcgi = proto_register_protocol("FastCGI Protocol", "FastCGI", "fastcgi");
    proto_register_field_array(proto_fastcgi, hf, array_length(hf));
    proto_register_field_array(proto_fastcgi, fastcgi_field_hf, array_length(fastcgi_field_hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *em = expert_register_protocol(proto_fastcgi);
    expert_register_field_array(em, ei, array_length(ei));

    fastcgi_handle = register_dissector("fastcgi", dissect_fastcgi_tcp, proto_fastcgi);
    fastcgi_pending = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(),
                                             g_direct_hash, g_direct_equal);

    module_t *m = prefs_register_protocol(proto_fastcgi, fastcgi_apply_prefs);
    range_convert_str(wmem_epan_scope(), &fastcgi_tcp_ports, FASTCGI_DEFAULT_PORTS, 65535);
    prefs_register_range_preference(m, "tcp.port", "TCP ports",
        "TCP ports decoded as FastCGI (replaces the default 9000; empty for none)",
        &fastcgi_tcp_ports, 65535);
    prefs_register_bool_preference(m, "desegment", "Reassemble records spanning TCP segments",
        "Whether a record split across TCP segments is reassembled (needs TCP's "
        "\"Allow subdissectors to reassemble TCP streams\")", &fastcgi_desegment);
    prefs_register_uint_preference(m, "max_body", "Largest stream kept per request",
        "Octets of one STDIN, DATA or STDOUT stream kept for reassembly; a longer stream is "
        "shown record by record", 10, &fastcgi_max_body);
    prefs_register_uint_preference(m, "max_pair", "Largest split name-value pair kept",
        "Octets of a name-value pair split across PARAMS records that are assembled; of a "
        "longer pair only the first octets are kept", 10, &fastcgi_max_pair);

    fastcgi_request_register(proto_fastcgi);
    fastcgi_params_register(proto_fastcgi);
    fastcgi_body_register(proto_fastcgi, m);
    fastcgi_tap_register(proto_fastcgi);
}

void proto_reg_handoff_fastcgi(void)
{
    dissector_add_for_decode_as("tcp.port", fastcgi_handle);
    heur_dissector_add("tcp", dissect_fastcgi_heur, "FastCGI over TCP", "fastcgi_tcp",
                       proto_fastcgi, HEURISTIC_ENABLE);
    register_postdissector(create_dissector_handle(dissect_fastcgi_cut, proto_fastcgi));
    fastcgi_apply_prefs();
    fastcgi_body_handoff();
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * packet-fastcgi.c - FastCGI 1.0 records over TCP.
 *
 * Specification: https://fastcgi-archives.github.io/FastCGI_Specification.html
 *
 * This file registers the protocol, finds the traffic (ports, Decode As, a
 * heuristic), frames records with tcp_dissect_pdus and shows one record's
 * header and fixed body.  Everything it knows about the bytes comes from
 * the codec: lengths (fcgi_get_record_length), headers (fcgi_parse_header),
 * bodies (fcgi_parse_record_body and the body parsers), names
 * (fcgi_get_*_name) and classes (fcgi_is_*_type).  Request state lives in
 * fastcgi-request.c.
 */
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/expert.h>
#include <epan/conversation.h>
#include <epan/proto_data.h>
#include <epan/range.h>
#include <epan/dissectors/packet-tcp.h>

#include "packet-fastcgi.h"

void proto_register_fastcgi(void);
void proto_reg_handoff_fastcgi(void);

#define FASTCGI_DEFAULT_PORTS "9000"

int proto_fastcgi = -1;

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

static gint ett_fastcgi = -1;
static gint ett_fastcgi_body = -1;
static gint ett_fastcgi_flags = -1;

expert_field ei_fastcgi_version = EI_INIT;
expert_field ei_fastcgi_bad_length = EI_INIT;
expert_field ei_fastcgi_mgmt_id = EI_INIT;
expert_field ei_fastcgi_app_id = EI_INIT;
expert_field ei_fastcgi_unknown_type = EI_INIT;
expert_field ei_fastcgi_unknown_role = EI_INIT;
expert_field ei_fastcgi_bad_pair = EI_INIT;
expert_field ei_fastcgi_not_begun = EI_INIT;
expert_field ei_fastcgi_dup_begin = EI_INIT;
expert_field ei_fastcgi_after_end = EI_INIT;
expert_field ei_fastcgi_unterminated = EI_INIT;
expert_field ei_fastcgi_protocol_status = EI_INIT;
expert_field ei_fastcgi_app_status = EI_INIT;
expert_field ei_fastcgi_padding = EI_INIT;
expert_field ei_fastcgi_reserved = EI_INIT;
expert_field ei_fastcgi_abort = EI_INIT;
expert_field ei_fastcgi_limit = EI_INIT;
expert_field ei_fastcgi_stderr = EI_INIT;
expert_field ei_fastcgi_cgi_headers = EI_INIT;

static dissector_handle_t fastcgi_handle;

/* Preferences. */
static range_t *fastcgi_tcp_ports;         /* what the user asked for */
static range_t *fastcgi_registered_ports;  /* what is in "tcp.port" now */
static fastcgi_pref_bool fastcgi_desegment = TRUE;
guint fastcgi_pref_max_body = 16u * 1024 * 1024;
guint fastcgi_pref_max_pair = 1024u * 1024;

/* Per-dissection (packet scope) state: records seen so far in this frame
 * and what the Info column last showed, so records group by request id. */
typedef struct fastcgi_frame_state {
    guint nrecords;
    gint last_id;
    gint last_type;
} fastcgi_frame_state;

/* Record i of a frame keeps its first-pass result under key i + 1. */

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

const char *fastcgi_short_name(const char *codec_name)
{
    return g_str_has_prefix(codec_name, "FCGI_") ? codec_name + 5 : codec_name;
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
                                    GString *info)
{
    static int *const flag_fields[] = { &hf_fastcgi_flags_keep_conn, &hf_fastcgi_flags_reserved,
                                        NULL };
    fcgi_begin_request_body b;
    const guint8 *p = tvb_get_ptr(content, 0, 8);
    char nb[FCGI_NAME_BUF_LEN];

    if (fcgi_parse_begin_request_body(p, 8, &b) != FCGI_OK)
        return FALSE;
    const char *role = fcgi_get_role_name(b.role, nb);
    proto_item *ri = fastcgi_add_named(tree, hf_fastcgi_role, content, 0, 2, b.role,
                                       fcgi_get_role_name(b.role, NULL), role);
    if (fcgi_get_role_name(b.role, NULL) == NULL)
        expert_add_info_format(pinfo, ri, &ei_fastcgi_unknown_role, "Unknown role %s", role);
    proto_tree_add_bitmask(tree, content, 2, hf_fastcgi_flags, ett_fastcgi_flags, flag_fields,
                           ENC_BIG_ENDIAN);
    proto_item *res = proto_tree_add_item(tree, hf_fastcgi_body_reserved, content, 3, 5, ENC_NA);
    if (fastcgi_any_nonzero(content, 3, 5))
        expert_add_info(pinfo, res, &ei_fastcgi_reserved);
    g_string_append_printf(info, " %s", fastcgi_short_name(role));
    if (b.flags & FCGI_KEEP_CONN)
        g_string_append(info, " keep-conn");
    return TRUE;
}

static gboolean fastcgi_show_end_body(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                  GString *info)
{
    fcgi_end_request_body b;
    const guint8 *p = tvb_get_ptr(content, 0, 8);
    char nb[FCGI_NAME_BUF_LEN];

    if (fcgi_parse_end_request_body(p, 8, &b) != FCGI_OK)
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
                               "Request not completed: %s", ps);
    proto_item *res = proto_tree_add_item(tree, hf_fastcgi_body_reserved, content, 5, 3, ENC_NA);
    if (fastcgi_any_nonzero(content, 5, 3))
        expert_add_info(pinfo, res, &ei_fastcgi_reserved);
    g_string_append_printf(info, " %s", fastcgi_short_name(ps));
    if (b.app_status != 0)
        g_string_append_printf(info, " app_status=%u", b.app_status);
    return TRUE;
}

static gboolean fastcgi_show_unknown_type_body(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                           GString *info)
{
    guint8 t;
    const guint8 *p = tvb_get_ptr(content, 0, 8);
    char nb[FCGI_NAME_BUF_LEN];

    if (fcgi_parse_unknown_type_body(p, 8, &t) != FCGI_OK)
        return FALSE;
    const char *tn = fcgi_get_type_name(t, nb);
    proto_tree_add_uint_format_value(tree, hf_fastcgi_unknown_type, content, 0, 1, t, "%s (%u)",
                                     tn, t);
    proto_item *res = proto_tree_add_item(tree, hf_fastcgi_body_reserved, content, 1, 7, ENC_NA);
    if (fastcgi_any_nonzero(content, 1, 7))
        expert_add_info(pinfo, res, &ei_fastcgi_reserved);
    g_string_append_printf(info, " %s", tn);
    return TRUE;
}

/* The codec answers "is this body acceptable?" with one status.  To say
 * *why* a body was refused, ask again with the id made valid for the type's
 * class: if that passes, the id alone was wrong; if it still fails, the
 * length is. */
static gboolean fastcgi_explain_body_error(packet_info *pinfo, proto_item *ti,
                                           const fcgi_header *hdr, const guint8 *content,
                                           fcgi_status st)
{
    gboolean mgmt = fcgi_is_management_type(hdr->type);
    gboolean id_bad = mgmt ? hdr->request_id != FCGI_NULL_REQUEST_ID
                           : hdr->request_id == FCGI_NULL_REQUEST_ID;
    fcgi_record again;
    fcgi_status st2 = fcgi_parse_record_body(hdr->type, mgmt ? FCGI_NULL_REQUEST_ID : 1, content,
                                             hdr->content_length, &again);
    char nb[FCGI_NAME_BUF_LEN];
    const char *tn = fcgi_get_type_name(hdr->type, nb);

    if (id_bad) {
        if (mgmt)
            expert_add_info_format(pinfo, ti, &ei_fastcgi_mgmt_id,
                                   "Management record %s with request id %u (must be 0)", tn,
                                   hdr->request_id);
        else
            expert_add_info_format(pinfo, ti, &ei_fastcgi_app_id,
                                   "Application record %s with request id 0", tn);
    }
    if (st2 != FCGI_OK && st2 != FCGI_E_SHORT_NAME_VALUE_PAIR) {
        char msg[FCGI_STATUS_MESSAGE_MAX];
        fcgi_format_status(msg, sizeof msg, st2 != FCGI_OK ? st2 : st, 0);
        expert_add_info_format(pinfo, ti, &ei_fastcgi_bad_length,
                               "Content length %u is wrong for %s (%s)", hdr->content_length, tn,
                               msg);
    }
    return id_bad;
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

    proto_item *ti = proto_tree_add_item(tree, proto_fastcgi, tvb, 0, -1, ENC_NA);
    proto_item_append_text(ti, ", %s, Request ID %u", tname, hdr.request_id);
    proto_tree *rt = proto_item_add_subtree(ti, ett_fastcgi);

    proto_item *vi = proto_tree_add_item(rt, hf_fastcgi_version, tvb, 0, 1, ENC_NA);
    proto_item *tyi = fastcgi_add_named(rt, hf_fastcgi_type, tvb, 1, 1, hdr.type,
                                        fcgi_get_type_name(hdr.type, NULL), tname);
    proto_tree_add_item(rt, hf_fastcgi_request_id, tvb, 2, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(rt, hf_fastcgi_content_length, tvb, 4, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(rt, hf_fastcgi_padding_length, tvb, 6, 1, ENC_NA);
    proto_item *resi = proto_tree_add_item(rt, hf_fastcgi_reserved, tvb, 7, 1, ENC_NA);
    if (hdr.reserved != 0)
        expert_add_info(pinfo, resi, &ei_fastcgi_reserved);

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

    GString *info = g_string_new(fastcgi_short_name(tname));
    gboolean has_extra = FALSE;

    if (hs == FCGI_E_VERSION) {
        expert_add_info_format(pinfo, vi, &ei_fastcgi_version, "Protocol version %u (must be 1)",
                               hdr.version);
        fastcgi_add_info(pinfo, fs, &hdr, "version?", TRUE);
        g_string_free(info, TRUE);
        return tvb_captured_length(tvb);
    }

    /* The whole content must be in the capture for the codec to judge it;
     * a snapshot-truncated record throws here, as it should. */
    const guint8 *cptr = tvb_get_ptr(content, 0, hdr.content_length);
    fcgi_record body;
    fcgi_status bs = fcgi_parse_record_body(hdr.type, hdr.request_id, cptr, hdr.content_length,
                                            &body);
    gboolean id_bad = FALSE;
    if (!fcgi_is_known_type(hdr.type)) {
        expert_add_info_format(pinfo, tyi, &ei_fastcgi_unknown_type, "Unknown record type %s",
                               tname);
    } else if (bs != FCGI_OK && bs != FCGI_E_SHORT_NAME_VALUE_PAIR) {
        id_bad = fastcgi_explain_body_error(pinfo, ti, &hdr, cptr, bs);
    } else if (bs == FCGI_E_SHORT_NAME_VALUE_PAIR) {
        /* GET_VALUES(_RESULT): the pairs' display below says which. */
    }

    /* Whether the body is shown decoded below: then its raw octets are
     * only kept as a hidden fastcgi.content, for filters. */
    gboolean decoded = FALSE;
    proto_tree *bt = rt;
    switch (hdr.type) {
    case FCGI_BEGIN_REQUEST:
        if (hdr.content_length >= 8)
            decoded = fastcgi_show_begin_body(content, pinfo, bt, info);
        break;
    case FCGI_END_REQUEST:
        if (hdr.content_length >= 8)
            decoded = fastcgi_show_end_body(content, pinfo, bt, info);
        break;
    case FCGI_UNKNOWN_TYPE:
        if (hdr.content_length >= 8)
            decoded = fastcgi_show_unknown_type_body(content, pinfo, bt, info);
        break;
    case FCGI_ABORT_REQUEST:
        expert_add_info(pinfo, tyi, &ei_fastcgi_abort);
        break;
    case FCGI_GET_VALUES:
    case FCGI_GET_VALUES_RESULT:
        fastcgi_show_discrete_pairs(content, pinfo, bt, ti);
        decoded = TRUE;
        break;
    case FCGI_STDERR:
        if (hdr.content_length > 0)
            fastcgi_show_stderr(content, pinfo, bt, ti);
        decoded = TRUE;
        break;
    default:
        break;
    }
    if (info->len > strlen(fastcgi_short_name(tname)))
        has_extra = TRUE;

    /* Request state: application records whose id and body the codec
     * accepted.  Management records belong to the connection, not to a
     * request, and records the codec refused are shown, not believed. */
    if (fcgi_is_known_type(hdr.type) && !fcgi_is_management_type(hdr.type) && !id_bad &&
        bs == FCGI_OK) {
        fastcgi_record_info *ri = fastcgi_track_record(pinfo, &hdr, content, index, &body, TRUE);
        if (fastcgi_show_record_request(content, pinfo, bt, ti, &hdr, ri))
            decoded = TRUE;
        if (ri->info) {
            g_string_append_printf(info, " %s", ri->info);
            has_extra = TRUE;
        }
    }

    if (decoded)
        fastcgi_hide(ci, hf_fastcgi_content);
    fastcgi_add_info(pinfo, fs, &hdr, info->str, has_extra);
    g_string_free(info, TRUE);
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

static int dissect_fastcgi_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    tcp_dissect_pdus(tvb, pinfo, tree, fastcgi_desegment, FCGI_HEADER_LEN,
                     get_fastcgi_record_len, dissect_fastcgi_record, data);
    return tvb_captured_length(tvb);
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
    if (fcgi_is_management_type(h->type) != (h->request_id == FCGI_NULL_REQUEST_ID))
        return FALSE;
    return TRUE;
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

        const guint8 *c = tvb_get_ptr(tvb, offset + FCGI_HEADER_LEN, h.content_length);
        fcgi_record r;
        if (fcgi_parse_record_body(h.type, h.request_id, c, h.content_length, &r) != FCGI_OK)
            return FALSE;
        if (offset == 0) {
            /* What a connection starts with: a BEGIN_REQUEST with a known
             * role, no unknown flag and zero reserved octets, or a
             * GET_VALUES query that holds at least one pair. */
            if (h.type == FCGI_BEGIN_REQUEST && fcgi_get_role_name(r.role, NULL) != NULL &&
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
}

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
          { "Reserved", "fastcgi.reserved", FT_UINT8, BASE_HEX, NULL, 0x0,
            "Reserved header octet (should be 0)", HFILL } },
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
          { "Reserved", "fastcgi.body_reserved", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Reserved octets of a fixed-size body (should be 0)", HFILL } },
    };
    static gint *ett[] = { &ett_fastcgi, &ett_fastcgi_body, &ett_fastcgi_flags };
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
            "Unknown record type", EXPFILL } },
        { &ei_fastcgi_unknown_role, { "fastcgi.expert.unknown_role", PI_PROTOCOL, PI_WARN,
            "Unknown role", EXPFILL } },
        { &ei_fastcgi_bad_pair, { "fastcgi.expert.bad_pair", PI_MALFORMED, PI_ERROR,
            "Malformed or truncated name-value pair", EXPFILL } },
        { &ei_fastcgi_not_begun, { "fastcgi.expert.not_begun", PI_SEQUENCE, PI_WARN,
            "Record for a request id that was never begun on this connection", EXPFILL } },
        { &ei_fastcgi_dup_begin, { "fastcgi.expert.duplicate_begin", PI_SEQUENCE, PI_WARN,
            "BEGIN_REQUEST for a request id that is already active", EXPFILL } },
        { &ei_fastcgi_after_end, { "fastcgi.expert.after_end_of_stream", PI_SEQUENCE, PI_WARN,
            "Data after the stream's terminating empty record", EXPFILL } },
        { &ei_fastcgi_unterminated, { "fastcgi.expert.unterminated_stream", PI_SEQUENCE,
            PI_NOTE, "Stream not terminated by an empty record before END_REQUEST",
            EXPFILL } },
        { &ei_fastcgi_protocol_status, { "fastcgi.expert.protocol_status", PI_RESPONSE_CODE,
            PI_WARN, "END_REQUEST with a protocol status other than REQUEST_COMPLETE",
            EXPFILL } },
        { &ei_fastcgi_app_status, { "fastcgi.expert.app_status", PI_RESPONSE_CODE, PI_NOTE,
            "END_REQUEST with a non-zero application status", EXPFILL } },
        { &ei_fastcgi_padding, { "fastcgi.expert.padding", PI_PROTOCOL, PI_NOTE,
            "Non-zero padding octets", EXPFILL } },
        { &ei_fastcgi_reserved, { "fastcgi.expert.reserved", PI_PROTOCOL, PI_NOTE,
            "Non-zero reserved octets", EXPFILL } },
        { &ei_fastcgi_abort, { "fastcgi.expert.abort", PI_SEQUENCE, PI_NOTE,
            "The web server aborted the request (ABORT_REQUEST)", EXPFILL } },
        { &ei_fastcgi_limit, { "fastcgi.expert.reassembly_limit", PI_REASSEMBLE, PI_WARN,
            "Reassembly limit reached; the rest is shown raw", EXPFILL } },
        { &ei_fastcgi_stderr, { "fastcgi.expert.stderr", PI_COMMENTS_GROUP, PI_NOTE,
            "The application wrote to STDERR", EXPFILL } },
        { &ei_fastcgi_cgi_headers, { "fastcgi.expert.cgi_headers", PI_MALFORMED, PI_WARN,
            "STDOUT does not start with a complete CGI header block", EXPFILL } },
    };

    fastcgi_fill_vals(fastcgi_type_vals, G_N_ELEMENTS(fastcgi_type_vals), fastcgi_known_type);
    fastcgi_fill_vals(fastcgi_role_vals, G_N_ELEMENTS(fastcgi_role_vals), fastcgi_known_role);
    fastcgi_fill_vals(fastcgi_protocol_status_vals, G_N_ELEMENTS(fastcgi_protocol_status_vals),
                      fastcgi_known_status);
    proto_fastcgi = proto_register_protocol("FastCGI Protocol", "FastCGI", "fastcgi");
    proto_register_field_array(proto_fastcgi, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *em = expert_register_protocol(proto_fastcgi);
    expert_register_field_array(em, ei, array_length(ei));

    fastcgi_register_request();
    fastcgi_register_response();
    fastcgi_register_stats();

    fastcgi_handle = register_dissector("fastcgi", dissect_fastcgi_tcp, proto_fastcgi);

    module_t *m = prefs_register_protocol(proto_fastcgi, fastcgi_apply_prefs);
    range_convert_str(wmem_epan_scope(), &fastcgi_tcp_ports, FASTCGI_DEFAULT_PORTS, 65535);
    prefs_register_range_preference(m, "tcp.port", "TCP ports",
        "TCP ports decoded as FastCGI (replaces the default 9000; empty for none)",
        &fastcgi_tcp_ports, 65535);
    prefs_register_bool_preference(m, "desegment", "Reassemble records spanning TCP segments",
        "Whether a record split across TCP segments is reassembled (needs TCP's "
        "\"Allow subdissectors to reassemble TCP streams\")", &fastcgi_desegment);
    prefs_register_uint_preference(m, "max_body", "Largest stream kept per request",
        "Octets of one STDIN, DATA, STDOUT or STDERR stream kept for reassembly; what exceeds "
        "it is shown raw, record by record", 10, &fastcgi_pref_max_body);
    prefs_register_uint_preference(m, "max_pair", "Largest split name-value pair kept",
        "Octets of a name-value pair split across PARAMS records that are assembled; a longer "
        "pair is shown truncated", 10, &fastcgi_pref_max_pair);
}

void proto_reg_handoff_fastcgi(void)
{
    dissector_add_for_decode_as("tcp.port", fastcgi_handle);
    heur_dissector_add("tcp", dissect_fastcgi_heur, "FastCGI over TCP", "fastcgi_tcp",
                       proto_fastcgi, HEURISTIC_ENABLE);
    fastcgi_apply_prefs();
    fastcgi_handoff_response();
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-params.c - name-value pairs as the user meets them (see
 * fastcgi-params.h).
 *
 * A record's pairs sit in a "Parameters (n)" subtree, one row per pair,
 * "NAME: VALUE".  The row is a field of its own so that right-click filters
 * and columns work on it: the parameter's own field for the names web
 * servers send (REQUEST_METHOD is fastcgi.param.REQUEST_METHOD, its value a
 * string, labelled by Wireshark only when shown), else fastcgi.param, whose
 * value is "NAME=VALUE".  Under the row, hidden, fastcgi.param.name
 * and fastcgi.param.value filter on either part of any pair.
 *
 * Whole pairs are decoded again from their record on every pass with the
 * codec's iterator; pairs split across records come from the first pass
 * (fastcgi-request.c).  Pairs are walked when something will use them: a
 * tree to show, a filter or column on a pair field, or a pair the first
 * pass marked for an expert item.
 */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/strutil.h>
#include <wsutil/str_util.h>

#include "fastcgi-compat.h"
#include "fastcgi-params.h"

static int proto_fastcgi = -1;

static int hf_fastcgi_params = -1;
static int hf_fastcgi_param = -1;
static int hf_fastcgi_param_name = -1;
static int hf_fastcgi_param_value = -1;
static int hf_fastcgi_param_name_len = -1;
static int hf_fastcgi_param_value_len = -1;
static int hf_fastcgi_param_begin_frame = -1;
static int hf_fastcgi_param_end_frame = -1;
static int hf_fastcgi_param_part = -1;

static gint ett_fastcgi_params = -1;
static gint ett_fastcgi_pair = -1;

static expert_field ei_fastcgi_bad_pair = EI_INIT;
static expert_field ei_fastcgi_pair_limit = EI_INIT;
static expert_field ei_fastcgi_split_pair = EI_INIT;
static expert_field ei_fastcgi_huge_length = EI_INIT;
static expert_field ei_fastcgi_nul_in_name = EI_INIT;
static expert_field ei_fastcgi_httpoxy = EI_INIT;
static expert_field ei_fastcgi_newline_in_path = EI_INIT;

/* The names with a field of their own: RFC 3875's meta-variables, what
 * nginx, Apache and php-fpm add, common HTTP headers, the trace context,
 * and the FastCGI management and FILTER variables. */
static const char *const fastcgi_known_names[] = {
    "AUTH_TYPE", "CONTENT_LENGTH", "CONTENT_TYPE", "GATEWAY_INTERFACE", "PATH_INFO",
    "PATH_TRANSLATED", "QUERY_STRING", "REMOTE_ADDR", "REMOTE_HOST", "REMOTE_IDENT",
    "REMOTE_USER", "REQUEST_METHOD", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT",
    "SERVER_PROTOCOL", "SERVER_SOFTWARE",
    "REQUEST_URI", "DOCUMENT_URI", "DOCUMENT_ROOT", "SCRIPT_FILENAME", "REQUEST_SCHEME",
    "HTTPS", "REMOTE_PORT", "SERVER_ADDR", "REDIRECT_STATUS", "CONTEXT_DOCUMENT_ROOT",
    "CONTEXT_PREFIX", "SERVER_ADMIN", "SERVER_SIGNATURE", "UNIQUE_ID", "PHP_VALUE",
    "PHP_ADMIN_VALUE",
    "HTTP_HOST", "HTTP_USER_AGENT", "HTTP_ACCEPT", "HTTP_ACCEPT_ENCODING",
    "HTTP_ACCEPT_LANGUAGE", "HTTP_COOKIE", "HTTP_REFERER", "HTTP_CONNECTION", "HTTP_ORIGIN",
    "HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH", "HTTP_AUTHORIZATION", "HTTP_CACHE_CONTROL",
    "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_NONE_MATCH", "HTTP_RANGE", "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO", "HTTP_X_REAL_IP", "HTTP_TRACEPARENT", "HTTP_TRACESTATE",
    "HTTP_X_REQUEST_ID", "HTTP_PROXY",
    "FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS", "FCGI_DATA_LENGTH",
    "FCGI_DATA_LAST_MOD",
};
#define FASTCGI_KNOWN G_N_ELEMENTS(fastcgi_known_names)

static int hf_fastcgi_known[FASTCGI_KNOWN];
static hf_register_info fastcgi_known_hf[FASTCGI_KNOWN];

/* Name -> index in fastcgi_known_names: open addressing, 128 slots. */
#define FASTCGI_SLOTS 128
static gint8 fastcgi_slot[FASTCGI_SLOTS];

static guint fastcgi_name_hash(const guint8 *p, size_t n)
{
    guint h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static int fastcgi_known_index(const guint8 *p, size_t n)
{
    if (n < 5 || n > 22)
        return -1;
    for (guint i = fastcgi_name_hash(p, n);; i++) {
        int k = fastcgi_slot[i % FASTCGI_SLOTS];
        if (k < 0)
            return -1;
        const char *s = fastcgi_known_names[k];
        if (strlen(s) == n && memcmp(s, p, n) == 0)
            return k;
    }
}

/* ---- One pair --------------------------------------------------------- */

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

/* A decoded string as a label part: control characters escaped.  Labels
 * are cut at ITEM_LABEL_LENGTH anyway; a long value is cut before the
 * escaping work. */
static const char *fastcgi_label_text(packet_info *pinfo, const char *s, gboolean plain)
{
    size_t n = strlen(s);
    if (n > ITEM_LABEL_LENGTH)
        n = ITEM_LABEL_LENGTH;
    if (plain)
        return n == strlen(s) ? s : wmem_strndup(pinfo->pool, s, n);
    return fastcgi_format_text(pinfo->pool, s, n);
}

/* What the display knows about one pair. */
typedef struct fastcgi_pair_view {
    tvbuff_t *item_tvb;         /* the record's content */
    gint item_off, item_len;    /* the row's octets in it */
    tvbuff_t *tvb;              /* where name and value lie (content, or the
                                 * assembled copy of a split pair) */
    gint name_off;
    guint32 name_len;
    gint value_off;
    guint32 value_len;
    guint32 wire_name_len, wire_value_len;
} fastcgi_pair_view;

/* Expert items about one pair's name (np: its octets) and value. */
static void fastcgi_check_pair(packet_info *pinfo, proto_item *row, const fastcgi_pair_view *v,
                               const guint8 *np)
{
    const guint8 *vp = v->value_len ? tvb_get_ptr(v->tvb, v->value_off, (gint)v->value_len) : NULL;
    guint shape = fastcgi_pair_shape(np, v->name_len, vp, v->value_len);

    if (shape & FASTCGI_SHAPE_NUL_IN_NAME) {
        const guint8 *nul = (const guint8 *)memchr(np, 0, v->name_len);
        expert_add_info_format(pinfo, row, &ei_fastcgi_nul_in_name,
            "Parameter name holds a NUL octet: a server written in C reads it as \"%s\"",
            tvb_format_text(pinfo->pool, v->tvb, v->name_off, (gint)(nul - np)));
    }
    if ((guint64)v->wire_name_len + v->wire_value_len + 2 > G_MAXINT32)
        expert_add_info_format(pinfo, row, &ei_fastcgi_huge_length,
            "Pair announces a name of %u and a value of %u octets: with the 2 octets libfcgi "
            "adds, more than a C int holds (the shape of libfcgi CVE-2025-23016)",
            v->wire_name_len, v->wire_value_len);
    if (shape & FASTCGI_SHAPE_HTTPOXY)
        expert_add_info(pinfo, row, &ei_fastcgi_httpoxy);
    if (shape & FASTCGI_SHAPE_NEWLINE_IN_PATH)
        expert_add_info_format(pinfo, row, &ei_fastcgi_newline_in_path,
            "Newline (raw or %%0a) in %.*s: the shape of PHP-FPM CVE-2019-11043, where "
            "nginx's fastcgi_split_path_info stops at a newline and php-fpm underflows a buffer",
            (int)v->name_len, (const char *)np);
}

/* Whether the name and value items are wanted: the same for every pair of
 * a record. */
typedef struct fastcgi_pair_wants {
    gboolean name, value;
} fastcgi_pair_wants;

static fastcgi_pair_wants fastcgi_wants(proto_tree *tree)
{
    fastcgi_pair_wants w;
    w.name = proto_field_is_referenced(tree, hf_fastcgi_param_name);
    w.value = proto_field_is_referenced(tree, hf_fastcgi_param_value);
    return w;
}

/* Adds one pair's row (and its hidden name and value) to the Parameters
 * subtree.  Returns the row's subtree for the caller's additions. */
static proto_tree *fastcgi_add_pair(proto_tree *tree, packet_info *pinfo,
                                    const fastcgi_pair_view *v, fastcgi_pair_wants wants,
                                    gboolean check)
{
    const guint8 *np = v->name_len ? tvb_get_ptr(v->tvb, v->name_off, (gint)v->name_len) : NULL;
    int known = np ? fastcgi_known_index(np, v->name_len) : -1;
    int hf = known >= 0 ? hf_fastcgi_known[known] : hf_fastcgi_param;
    gboolean want_row = proto_field_is_referenced(tree, hf);
    gboolean want_name = wants.name, want_value = wants.value;
    proto_item *row;
    const char *name = NULL, *value = NULL;
    gboolean name_plain = TRUE, value_plain = TRUE;

    if (want_name || (want_row && known < 0))
        name = fastcgi_pair_string(pinfo, v->tvb, v->name_off, v->name_len, &name_plain);
    if (want_row || want_value)
        value = fastcgi_pair_string(pinfo, v->tvb, v->value_off, v->value_len, &value_plain);
    if (want_row && known >= 0) {
        /* Labelled by Wireshark, "REQUEST_METHOD: POST", when shown. */
        row = proto_tree_add_string(tree, hf, v->item_tvb, v->item_off, v->item_len, value);
    } else if (want_row) {
        row = proto_tree_add_string(tree, hf, v->item_tvb, v->item_off, v->item_len,
                                    wmem_strdup_printf(pinfo->pool, "%s=%s", name, value));
        /* The same look as a known name's row; made only for a tree that
         * is shown (items of other trees are hidden). */
        if (!proto_item_is_hidden(row))
            proto_item_set_text(row, "%s: %s", fastcgi_label_text(pinfo, name, name_plain),
                                fastcgi_label_text(pinfo, value, value_plain));
    } else {
        /* Nobody looks at the row: it stays a faked item (the parent). */
        row = proto_tree_add_item(tree, hf, v->item_tvb, v->item_off, v->item_len, ENC_NA);
    }
    proto_tree *pt = proto_item_add_subtree(row, ett_fastcgi_pair);
    if (want_name)
        proto_item_set_hidden(proto_tree_add_string(pt, hf_fastcgi_param_name, v->tvb,
                                                    v->name_off, (gint)v->name_len, name));
    if (want_value)
        proto_item_set_hidden(proto_tree_add_string(pt, hf_fastcgi_param_value, v->tvb,
                                                    v->value_off, (gint)v->value_len, value));
    if (check)
        fastcgi_check_pair(pinfo, row, v, np);
    return pt;
}

/* Pairs of content[start, end), all whole, walked with the codec's
 * iterator.  Returns the offset where the walk stopped; *count counts. */
static gint fastcgi_show_whole_pairs(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                     guint start, guint end, gboolean check, guint *count,
                                     fcgi_status *status)
{
    fastcgi_pair_wants wants = fastcgi_wants(tree);
    const guint8 *base = tvb_get_ptr(content, 0, (gint)end);
    fcgi_params_iter it;
    fcgi_nv_pair pair;
    fcgi_status st;
    gint done = (gint)start;

    fcgi_params_iter_init(&it, base + start, end - start);
    while ((st = fcgi_params_next(&it, &pair)) == FCGI_OK) {
        fastcgi_pair_view v;
        v.item_tvb = v.tvb = content;
        v.name_off = (gint)(pair.name.data - base);
        v.name_len = (guint32)pair.name.len;
        v.value_off = (gint)(pair.value.data - base);
        v.value_len = (guint32)pair.value.len;
        v.wire_name_len = v.name_len;
        v.wire_value_len = v.value_len;
        v.item_off = done;
        v.item_len = v.value_off + (gint)v.value_len - done;
        fastcgi_add_pair(tree, pinfo, &v, wants, check);
        done = v.value_off + (gint)v.value_len;
        (*count)++;
    }
    if (status)
        *status = st;
    return done;
}

static void fastcgi_show_split_pair(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                    const fastcgi_pair *p)
{
    guint32 total = p->name_len + p->value_len;
    fastcgi_pair_view v;

    v.item_tvb = v.tvb = content;
    v.name_off = (gint)p->name_off;
    if (p->bytes) {
        /* Completed here from earlier records: show the codec's assembled
         * copy as its own data source. */
        v.tvb = tvb_new_child_real_data(content, p->bytes, total, total);
        add_new_data_source(pinfo, v.tvb, "Name-value pair");
        v.name_off = 0;
    }
    v.name_len = p->name_len;
    v.value_off = v.name_off + (gint)p->name_len;
    v.value_len = p->value_len;
    v.wire_name_len = p->wire_name_len;
    v.wire_value_len = p->wire_value_len;
    v.item_off = p->start >= 0 ? p->start : 0;
    v.item_len = (gint)p->end - v.item_off;
    proto_tree *pt = fastcgi_add_pair(tree, pinfo, &v, fastcgi_wants(tree), TRUE);
    proto_item *it;
    if (p->start < 0) {
        it = proto_tree_add_uint(pt, hf_fastcgi_param_begin_frame, content, 0, 0, p->begin_frame);
        proto_item_set_generated(it);
        /* Said where the pair completes: known there on the first pass. */
        expert_add_info_format(pinfo, it, &ei_fastcgi_split_pair,
            "Pair split across PARAMS records (it began in frame %u): the specification "
            "allows it, php-fpm does not accept it", p->begin_frame);
    }
    if (p->truncated || p->start < 0) {
        it = proto_tree_add_uint(pt, hf_fastcgi_param_name_len, content, 0, 0, p->wire_name_len);
        proto_item_set_generated(it);
        it = proto_tree_add_uint(pt, hf_fastcgi_param_value_len, content, 0, 0,
                                 p->wire_value_len);
        proto_item_set_generated(it);
    }
    if (p->truncated)
        proto_tree_add_expert_format(pt, pinfo, &ei_fastcgi_pair_limit, content, 0, 0,
            "Pair of %u + %u octets is longer than the max_pair preference: %u octets kept",
            p->wire_name_len, p->wire_value_len, total);
}

/* The part of a pair that completes in a later record (or never): where
 * it begins, or a record wholly inside it. */
static void fastcgi_show_open_pair(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                   const fastcgi_record_info *ri)
{
    const fastcgi_record_extra *x = ri->x;
    const fastcgi_split *sp = x->open;
    guint len = tvb_reported_length(content);
    gboolean opens = (ri->flags & FASTCGI_REC_PAIR_OPENS) != 0;
    gint start = opens ? (gint)x->open_start : 0;
    gint part = (gint)len - start;
    proto_item *it;

    proto_item *pi = proto_tree_add_item(tree, hf_fastcgi_param_part, content, start, part, ENC_NA);
    if (!proto_item_is_hidden(pi))
        proto_item_set_text(pi, "Pair %s (%d octets of it in this record)%s",
                            opens ? "begins here" : "continues", part,
                            sp && !sp->end_frame && PINFO_FD_VISITED(pinfo)
                                ? "; the stream ends before it completes" : "");
    proto_tree *pt = proto_item_add_subtree(pi, ett_fastcgi_pair);
    if (sp && !opens) {
        it = proto_tree_add_uint(pt, hf_fastcgi_param_begin_frame, content, 0, 0, sp->begin_frame);
        proto_item_set_generated(it);
    }
    if (sp && sp->end_frame) {
        it = proto_tree_add_uint(pt, hf_fastcgi_param_end_frame, content, 0, 0, sp->end_frame);
        proto_item_set_generated(it);
    }
}

void fastcgi_show_params(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                         proto_item *record_item, const fastcgi_record_info *ri)
{
    const fastcgi_record_extra *x = ri->x;
    guint i = 0, n = 0;

    if (ri->flags & FASTCGI_REC_HUGE_LENGTH && (ri->flags & FASTCGI_REC_PAIR_LIMIT))
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_huge_length,
            "A pair announces %" PRIu64 " octets of name and value: with the 2 octets libfcgi "
            "adds, more than a C int holds (the shape of libfcgi CVE-2025-23016)", x->nv_want);
    if (ri->flags & FASTCGI_REC_PAIR_LIMIT)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_pair_limit,
            "A pair announces %" PRIu64 " octets, more than the max_pair preference (%u): "
            "only the first are kept", x->nv_want,
             fastcgi_request_max_pair());
    if (ri->flags & FASTCGI_REC_NV_SHORT) {
        if (x->nv_want)
            expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                "PARAMS stream ended inside a name-value pair: %" PRIu64 " of %" PRIu64
                " octets present", x->nv_have, x->nv_want);
        else
            expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                "PARAMS stream ended inside a name-value pair's length prefix (%" PRIu64
                " octets present)", x->nv_have);
    }
    if (!(ri->flags & FASTCGI_REC_PAIRS))
        return;
    /* Walk the pairs only for someone: a tree shown, a pair field asked
     * for, an expert item the first pass saw coming, or a pair split
     * across records (its links). */
    if (!proto_field_is_referenced(tree, hf_fastcgi_params) &&
        !proto_field_is_referenced(tree, hf_fastcgi_param_name) &&
        !proto_field_is_referenced(tree, hf_fastcgi_param_value) &&
        !(ri->flags & (FASTCGI_REC_SHAPES | FASTCGI_REC_HUGE_LENGTH | FASTCGI_REC_PAIR_OPENS |
                       FASTCGI_REC_PAIR_MIDDLE)) &&
        !(x && x->npairs)) {
        gboolean any = proto_field_is_referenced(tree, hf_fastcgi_param);
        for (size_t k = 0; !any && k < FASTCGI_KNOWN; k++)
            any = proto_field_is_referenced(tree, hf_fastcgi_known[k]);
        if (!any)
            return;
    }
    guint len = tvb_reported_length(content);
    proto_item *pi = proto_tree_add_item(tree, hf_fastcgi_params, content, 0, (gint)len, ENC_NA);
    proto_tree *pt = proto_item_add_subtree(pi, ett_fastcgi_params);
    gboolean check = (ri->flags & FASTCGI_REC_SHAPES) != 0;

    /* Record order: a pair completed here from earlier records comes
     * before the whole ones. */
    if (x) {
        for (; i < x->npairs && x->pairs[i].end <= fastcgi_whole_start(ri); i++, n++)
            fastcgi_show_split_pair(content, pinfo, pt, &x->pairs[i]);
    }
    if (fastcgi_whole_end(ri) > fastcgi_whole_start(ri))
        fastcgi_show_whole_pairs(content, pinfo, pt, fastcgi_whole_start(ri),
                                 fastcgi_whole_end(ri), check, &n, NULL);
    if (x) {
        for (; i < x->npairs; i++, n++)
            fastcgi_show_split_pair(content, pinfo, pt, &x->pairs[i]);
        if (ri->flags & (FASTCGI_REC_PAIR_OPENS | FASTCGI_REC_PAIR_MIDDLE))
            fastcgi_show_open_pair(content, pinfo, pt, ri);
    }
    proto_item_append_text(pi, " (%u)", n);
}

void fastcgi_show_discrete_pairs(tvbuff_t *content, packet_info *pinfo, proto_tree *tree,
                                 proto_item *record_item)
{
    guint len = tvb_reported_length(content);
    fcgi_status st;
    guint n = 0;

    if (len == 0)
        return;
    proto_item *pi = proto_tree_add_item(tree, hf_fastcgi_params, content, 0, (gint)len, ENC_NA);
    proto_tree *pt = proto_item_add_subtree(pi, ett_fastcgi_params);
    gint done = fastcgi_show_whole_pairs(content, pinfo, pt, 0, len, TRUE, &n, &st);
    proto_item_append_text(pi, " (%u)", n);
    if (st != FCGI_DONE)
        expert_add_info_format(pinfo, record_item, &ei_fastcgi_bad_pair,
                               "Malformed or truncated name-value pair at content offset %d "
                               "(%u octets left)", done, len - (guint)done);
}

void fastcgi_params_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_fastcgi_params,
          { "Parameters", "fastcgi.params", FT_NONE, BASE_NONE, NULL, 0x0,
            "The name-value pairs of a PARAMS, GET_VALUES or GET_VALUES_RESULT record", HFILL } },
        { &hf_fastcgi_param,
          { "Parameter", "fastcgi.param", FT_STRING, BASE_NONE, NULL, 0x0,
            "A name-value pair whose name has no field of its own, as NAME=VALUE (UTF-8)",
            HFILL } },
        { &hf_fastcgi_param_name,
          { "Name", "fastcgi.param.name", FT_STRING, BASE_NONE, NULL, 0x0,
            "Name of any name-value pair (UTF-8; invalid octets replaced)", HFILL } },
        { &hf_fastcgi_param_value,
          { "Value", "fastcgi.param.value", FT_STRING, BASE_NONE, NULL, 0x0,
            "Value of any name-value pair (UTF-8; invalid octets replaced)", HFILL } },
        { &hf_fastcgi_param_name_len,
          { "Name length", "fastcgi.param.name_length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Name length a split or truncated pair announces", HFILL } },
        { &hf_fastcgi_param_value_len,
          { "Value length", "fastcgi.param.value_length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Value length a split or truncated pair announces", HFILL } },
        { &hf_fastcgi_param_begin_frame,
          { "Pair begins in frame", "fastcgi.param.begin_frame", FT_FRAMENUM, BASE_NONE, NULL,
            0x0, "Frame of the PARAMS record where this split pair begins", HFILL } },
        { &hf_fastcgi_param_end_frame,
          { "Pair completes in frame", "fastcgi.param.end_frame", FT_FRAMENUM, BASE_NONE, NULL,
            0x0, "Frame of the PARAMS record where this split pair completes", HFILL } },
        { &hf_fastcgi_param_part,
          { "Part of a split pair", "fastcgi.param.part", FT_NONE, BASE_NONE, NULL, 0x0,
            "Octets of a pair that continues in a later PARAMS record", HFILL } },
    };
    static gint *ett[] = { &ett_fastcgi_params, &ett_fastcgi_pair };
    static ei_register_info ei[] = {
        { &ei_fastcgi_bad_pair, { "fastcgi.expert.bad_pair", PI_MALFORMED, PI_ERROR,
            "Malformed or truncated name-value pair", EXPFILL } },
        { &ei_fastcgi_pair_limit, { "fastcgi.expert.pair_limit", PI_REASSEMBLE, PI_NOTE,
            "Name-value pair longer than the max_pair preference", EXPFILL } },
        { &ei_fastcgi_split_pair, { "fastcgi.expert.split_pair", PI_PROTOCOL, PI_NOTE,
            "Pair split across PARAMS records (allowed; php-fpm does not accept it)", EXPFILL } },
        { &ei_fastcgi_huge_length, { "fastcgi.expert.huge_length", PI_SECURITY, PI_ERROR,
            "Name-value lengths near 2^31 (the shape of libfcgi CVE-2025-23016)", EXPFILL } },
        { &ei_fastcgi_nul_in_name, { "fastcgi.expert.nul_in_name", PI_SECURITY, PI_WARN,
            "NUL octet in a parameter name", EXPFILL } },
        { &ei_fastcgi_httpoxy, { "fastcgi.expert.httpoxy", PI_SECURITY, PI_WARN,
            "HTTP_PROXY parameter: a client's Proxy header can redirect the application's "
            "outgoing HTTP (httpoxy, CVE-2016-5385)", EXPFILL } },
        { &ei_fastcgi_newline_in_path, { "fastcgi.expert.newline_in_path", PI_SECURITY, PI_WARN,
            "Newline in the URI or PATH_INFO (the shape of PHP-FPM CVE-2019-11043)", EXPFILL } },
    };

    proto_fastcgi = proto;
    for (size_t i = 0; i < FASTCGI_KNOWN; i++) {
        hf_fastcgi_known[i] = -1;
        hf_register_info *r = &fastcgi_known_hf[i];
        r->p_id = &hf_fastcgi_known[i];
        r->hfinfo.name = fastcgi_known_names[i];
        r->hfinfo.abbrev = wmem_strdup_printf(wmem_epan_scope(), "fastcgi.param.%s",
                                              fastcgi_known_names[i]);
        r->hfinfo.type = FT_STRING;
        r->hfinfo.display = BASE_NONE;
        r->hfinfo.strings = NULL;
        r->hfinfo.bitmask = 0;
        r->hfinfo.blurb = wmem_strdup_printf(wmem_epan_scope(), "The %s parameter's value (UTF-8)",
                                             fastcgi_known_names[i]);
        HFILL_INIT(fastcgi_known_hf[i]);
    }
    memset(fastcgi_slot, -1, sizeof fastcgi_slot);
    for (size_t k = 0; k < FASTCGI_KNOWN; k++) {
        const char *s = fastcgi_known_names[k];
        guint i = fastcgi_name_hash((const guint8 *)s, strlen(s));
        while (fastcgi_slot[i % FASTCGI_SLOTS] >= 0)
            i++;
        fastcgi_slot[i % FASTCGI_SLOTS] = (gint8)k;
    }
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_field_array(proto, fastcgi_known_hf, FASTCGI_KNOWN);
    proto_register_subtree_array(ett, array_length(ett));
    expert_module_t *em = expert_register_protocol(proto);
    expert_register_field_array(em, ei, array_length(ei));
}

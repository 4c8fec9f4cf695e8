// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-response.c - what reassembled streams carry.
 *
 * FastCGI moves CGI/1.1 (RFC 3875) over its streams: STDIN (and FILTER's
 * DATA) is the request body typed by the CONTENT_TYPE param; STDOUT is a
 * CGI response, header lines up to an empty line, then the body; STDERR is
 * free text.  Bodies go to Wireshark's "media_type" table, as HTTP's do.
 * The FastCGI framing of all this is the codec's business; CGI's is here.
 */
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/strutil.h>

#include "packet-fastcgi.h"

static int hf_fastcgi_stdin = -1;
static int hf_fastcgi_data = -1;
static int hf_fastcgi_stdout = -1;
static int hf_fastcgi_stderr = -1;
static int hf_fastcgi_response = -1;
static int hf_fastcgi_response_header = -1;
static int hf_fastcgi_response_status = -1;
static int hf_fastcgi_response_content_type = -1;
static int hf_fastcgi_response_location = -1;
static int hf_fastcgi_body_length = -1;

static gint ett_fastcgi_response = -1;
static gint ett_fastcgi_stderr = -1;
static gint ett_fastcgi_body = -1;

static dissector_table_t media_type_table;

/* ---- CGI header block ------------------------------------------------- */

/* Finds the end of the header block: *body receives the offset just past
 * the empty line.  CGI allows LF or CRLF line ends. */
static gboolean fastcgi_cgi_header_end(const guint8 *buf, guint32 len, guint32 *body)
{
    for (guint32 i = 0; i < len; i++) {
        if (buf[i] != '\n')
            continue;
        if (i + 1 < len && buf[i + 1] == '\n') {
            *body = i + 2;
            return TRUE;
        }
        if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
            *body = i + 3;
            return TRUE;
        }
    }
    return FALSE;
}

/* Header lines contain no NUL and no other control octet but HT. */
static gboolean fastcgi_cgi_plausible(const guint8 *buf, guint32 len)
{
    for (guint32 i = 0; i < len; i++) {
        if ((buf[i] < 0x20 && buf[i] != '\t' && buf[i] != '\r' && buf[i] != '\n') || buf[i] == 0x7f)
            return FALSE;
    }
    return TRUE;
}

/* Header name match, case-insensitive, "Name:" at the start of the line. */
static const guint8 *fastcgi_cgi_value(const guint8 *line, guint32 len, const char *name,
                                       guint32 *vlen)
{
    size_t n = strlen(name);
    if (len <= n || g_ascii_strncasecmp((const char *)line, name, n) != 0 || line[n] != ':')
        return NULL;
    const guint8 *v = line + n + 1;
    guint32 left = len - (guint32)n - 1;
    while (left && (*v == ' ' || *v == '\t')) {
        v++;
        left--;
    }
    while (left && (v[left - 1] == ' ' || v[left - 1] == '\t' || v[left - 1] == '\r'))
        left--;
    *vlen = left;
    return v;
}

/* The longest header block looked for: a STDOUT that has not finished its
 * headers by then is not a CGI response. */
#define FASTCGI_CGI_MAX_HEADERS (64u * 1024)

gboolean fastcgi_parse_cgi_headers(const guint8 *buf, guint32 len, fastcgi_request *req)
{
    guint32 body;
    gboolean location = FALSE;

    if (!fastcgi_cgi_header_end(buf, len, &body)) {
        if (len > FASTCGI_CGI_MAX_HEADERS || !fastcgi_cgi_plausible(buf, len)) {
            req->cgi_state = FASTCGI_CGI_NONE;
            return TRUE;
        }
        return FALSE;
    }
    if (!fastcgi_cgi_plausible(buf, body)) {
        req->cgi_state = FASTCGI_CGI_NONE;
        return TRUE;
    }
    for (guint32 pos = 0; pos < body;) {
        const guint8 *nl = (const guint8 *)memchr(buf + pos, '\n', body - pos);
        guint32 end = (guint32)(nl - buf);
        guint32 vlen;
        const guint8 *v;
        if ((v = fastcgi_cgi_value(buf + pos, end - pos, "Status", &vlen)) != NULL) {
            guint st = 0;
            for (guint32 i = 0; i < vlen && i < 3 && g_ascii_isdigit(v[i]); i++)
                st = st * 10 + (guint)(v[i] - '0');
            req->status = st;
        } else if ((v = fastcgi_cgi_value(buf + pos, end - pos, "Content-Type", &vlen)) != NULL) {
            req->resp_content_type = wmem_strndup(wmem_file_scope(), (const char *)v, vlen);
        } else if (fastcgi_cgi_value(buf + pos, end - pos, "Location", &vlen) != NULL) {
            location = TRUE;
        }
        pos = end + 1;
    }
    /* RFC 3875 6.3.3: no Status means 200, or 302 with a Location. */
    if (req->status == 0)
        req->status = location ? 302 : 200;
    req->cgi_state = FASTCGI_CGI_DONE;
    return TRUE;
}

/* ---- Bodies ----------------------------------------------------------- */

/* Hands a body to the media_type table by content type ("type/subtype;
 * params"), or to the data dissector. */
static void fastcgi_call_media(tvbuff_t *body, packet_info *pinfo, proto_tree *tree,
                               const char *content_type)
{
    if (content_type && *content_type) {
        const char *semi = strchr(content_type, ';');
        gchar *type = g_ascii_strdown(content_type, semi ? semi - content_type
                                                         : (gssize)strlen(content_type));
        g_strstrip(type);
        fastcgi_media_info info = { FASTCGI_MEDIA_CONTAINER, semi ? semi + 1 : NULL, NULL, NULL };
        /* Media dissectors like to rename the columns; ours say more. */
        gboolean writable = col_get_writable(pinfo->cinfo, -1);
        col_set_writable(pinfo->cinfo, -1, FALSE);
        int done = fastcgi_try_string(media_type_table, type, body, pinfo, tree, &info);
        col_set_writable(pinfo->cinfo, -1, writable);
        g_free(type);
        if (done)
            return;
    }
    call_data_dissector(body, pinfo, tree);
}

static void fastcgi_show_cgi_response(tvbuff_t *t, packet_info *pinfo, proto_tree *tree,
                                      const fastcgi_request *req)
{
    guint32 len = tvb_reported_length(t);
    const guint8 *buf = tvb_get_ptr(t, 0, len);
    guint32 body;
    proto_item *ri;

    if (!fastcgi_cgi_header_end(buf, len, &body) || !fastcgi_cgi_plausible(buf, body)) {
        proto_tree_add_expert(tree, pinfo, &ei_fastcgi_cgi_headers, t, 0, 0);
        fastcgi_call_media(t, pinfo, tree, NULL);
        return;
    }
    proto_tree *rt = proto_tree_add_subtree(tree, t, 0, body, ett_fastcgi_response, &ri,
                                            "CGI response");
    proto_item_set_hidden(proto_tree_add_item(rt, hf_fastcgi_response, t, 0, body, ENC_NA));
    gboolean status_seen = FALSE, location = FALSE;
    const char *ct = NULL;
    for (guint32 pos = 0; pos < body;) {
        const guint8 *nl = (const guint8 *)memchr(buf + pos, '\n', body - pos);
        guint32 end = (guint32)(nl - buf);
        guint32 line_len = end - pos;
        if (line_len && buf[end - 1] == '\r')
            line_len--;
        if (line_len == 0)
            break;
        proto_tree_add_item(rt, hf_fastcgi_response_header, t, (gint)pos, (gint)line_len,
                            ENC_UTF_8);
        guint32 vlen;
        const guint8 *v;
        if ((v = fastcgi_cgi_value(buf + pos, line_len, "Status", &vlen)) != NULL) {
            guint st = 0;
            for (guint32 i = 0; i < vlen && i < 3 && g_ascii_isdigit(v[i]); i++)
                st = st * 10 + (guint)(v[i] - '0');
            proto_tree_add_uint(rt, hf_fastcgi_response_status, t, (gint)(v - buf), (gint)vlen, st);
            status_seen = TRUE;
        } else if ((v = fastcgi_cgi_value(buf + pos, line_len, "Content-Type", &vlen)) != NULL) {
            proto_tree_add_item(rt, hf_fastcgi_response_content_type, t, (gint)(v - buf),
                                (gint)vlen, ENC_UTF_8);
            ct = (const char *)tvb_get_string_enc(pinfo->pool, t, (gint)(v - buf), (gint)vlen,
                                                  ENC_UTF_8);
        } else if ((v = fastcgi_cgi_value(buf + pos, line_len, "Location", &vlen)) != NULL) {
            proto_tree_add_item(rt, hf_fastcgi_response_location, t, (gint)(v - buf), (gint)vlen,
                                ENC_UTF_8);
            location = TRUE;
        }
        pos = end + 1;
    }
    if (!status_seen) {
        proto_item *si = proto_tree_add_uint(rt, hf_fastcgi_response_status, t, 0, 0,
                                             location ? 302 : 200);
        proto_item_set_generated(si);
        proto_item_append_text(si, location ? " (implied by Location)" : " (implied)");
    }
    if (body < len) {
        tvbuff_t *bt = tvb_new_subset_remaining(t, (gint)body);
        proto_item *bi = proto_tree_add_uint(tree, hf_fastcgi_body_length, t, (gint)body,
                                             (gint)(len - body), len - body);
        proto_item_set_generated(bi);
        fastcgi_call_media(bt, pinfo, tree, ct);

        if (have_tap_listener(fastcgi_eo_tap)) {
            fastcgi_eo_info *eo = wmem_new0(pinfo->pool, fastcgi_eo_info);
            eo->host = req->host;
            eo->content_type = ct;
            eo->filename = req->uri ? req->uri : req->script;
            eo->payload = buf + body;
            eo->payload_len = len - body;
            tap_queue_packet(fastcgi_eo_tap, pinfo, eo);
        }
    }
}

void fastcgi_show_stream_overflow(tvbuff_t *parent, packet_info *pinfo, proto_tree *tree,
                                  guint8 type)
{
    char nb[FCGI_NAME_BUF_LEN];
    proto_tree_add_expert_format(tree, pinfo, &ei_fastcgi_limit, parent, 0, 0,
        "%s exceeded the max_body preference (%u octets) and was not reassembled",
        fastcgi_short_name(fcgi_get_type_name(type, nb)), fastcgi_pref_max_body);
}

void fastcgi_show_stream(tvbuff_t *t, packet_info *pinfo, proto_tree *tree,
                         const fastcgi_request *req, guint8 type)
{
    guint32 len = tvb_reported_length(t);

    if (len == 0)
        return;
    switch (type) {
    case FCGI_STDIN:
        proto_tree_add_item(tree, hf_fastcgi_stdin, t, 0, (gint)len, ENC_NA);
        fastcgi_call_media(t, pinfo, tree, req->content_type);
        break;
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

void fastcgi_register_response(void)
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
          { "CGI response headers", "fastcgi.response", FT_BYTES, BASE_NONE, NULL, 0x0,
            "The header block of the CGI response", HFILL } },
        { &hf_fastcgi_response_header,
          { "Header", "fastcgi.response.header", FT_STRING, BASE_NONE, NULL, 0x0,
            "A CGI response header line", HFILL } },
        { &hf_fastcgi_response_status,
          { "Status", "fastcgi.response.status", FT_UINT16, BASE_DEC, NULL, 0x0,
            "HTTP status of the response (Status: header, else 302 with Location:, else 200)",
            HFILL } },
        { &hf_fastcgi_response_content_type,
          { "Content type", "fastcgi.response.content_type", FT_STRING, BASE_NONE, NULL, 0x0,
            "Content-Type of the response body", HFILL } },
        { &hf_fastcgi_response_location,
          { "Location", "fastcgi.response.location", FT_STRING, BASE_NONE, NULL, 0x0,
            "Location: header of the response", HFILL } },
        { &hf_fastcgi_body_length,
          { "Body length", "fastcgi.response.body_length", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Octets of the response body after the headers", HFILL } },
    };
    static gint *ett[] = { &ett_fastcgi_response, &ett_fastcgi_stderr, &ett_fastcgi_body };

    proto_register_field_array(proto_fastcgi, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
}

void fastcgi_handoff_response(void)
{
    media_type_table = find_dissector_table("media_type");
}

void fastcgi_show_response_summary(proto_tree *tree, tvbuff_t *tvb, const fastcgi_request *req)
{
    if (req->cgi_state != FASTCGI_CGI_DONE)
        return;
    proto_item *it = proto_tree_add_uint(tree, hf_fastcgi_response_status, tvb, 0, 0, req->status);
    proto_item_set_generated(it);
    if (req->resp_content_type) {
        it = proto_tree_add_string(tree, hf_fastcgi_response_content_type, tvb, 0, 0,
                                   req->resp_content_type);
        proto_item_set_generated(it);
    }
}

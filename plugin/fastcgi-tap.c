// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-tap.c - "tshark -z fastcgi,tree" and "--export-objects fastcgi"
 * (see fastcgi-tap.h).
 */
#include <epan/packet.h>
#include <wsutil/str_util.h>
#include <epan/tap.h>
#include <epan/stats_tree.h>
#include <epan/export_object.h>
#include <epan/charsets.h>

#include <fcgi/fcgi.h>

#include "fastcgi-tap.h"

static int fastcgi_tap = -1;
static int fastcgi_eo_tap = -1;

gboolean fastcgi_tap_wants_requests(void)
{
    return have_tap_listener(fastcgi_tap);
}

gboolean fastcgi_tap_wants_objects(void)
{
    return have_tap_listener(fastcgi_eo_tap);
}

/* wmem_strdup() makes "<NULL>" of NULL. */
static const char *fastcgi_tap_strdup(packet_info *pinfo, const char *s)
{
    return s ? wmem_strdup(pinfo->pool, s) : NULL;
}

/* Listeners run after the whole frame is dissected, when a later record of
 * it may have ended the request and freed what the strings point into:
 * they get copies in packet scope. */
void fastcgi_tap_queue_request(packet_info *pinfo, const fastcgi_tap_request *r)
{
    fastcgi_tap_request *q = (fastcgi_tap_request *)wmem_memdup(pinfo->pool, r, sizeof *r);
    q->method = fastcgi_tap_strdup(pinfo, r->method);
    q->script = fastcgi_tap_strdup(pinfo, r->script);
    tap_queue_packet(fastcgi_tap, pinfo, q);
}

void fastcgi_tap_queue_object(packet_info *pinfo, const fastcgi_tap_object *o)
{
    fastcgi_tap_object *q = (fastcgi_tap_object *)wmem_memdup(pinfo->pool, o, sizeof *o);
    q->host = fastcgi_tap_strdup(pinfo, o->host);
    q->uri = fastcgi_tap_strdup(pinfo, o->uri);
    q->document_uri = fastcgi_tap_strdup(pinfo, o->document_uri);
    q->script_name = fastcgi_tap_strdup(pinfo, o->script_name);
    q->query = fastcgi_tap_strdup(pinfo, o->query);
    tap_queue_packet(fastcgi_eo_tap, pinfo, q);
}

/* ---- Statistics tree -------------------------------------------------- */

static const char st_requests[] = "FastCGI requests";
static const char st_time[] = "Response time (ms)";
static int st_node_requests = -1;
static int st_node_role = -1;
static int st_node_method = -1;
static int st_node_status = -1;
static int st_node_script = -1;

static void fastcgi_stats_init(stats_tree *st)
{
    st_node_requests = stats_tree_create_node(st, st_requests, 0, STAT_DT_INT, TRUE);
    st_node_role = stats_tree_create_pivot(st, "By role", st_node_requests);
    st_node_method = stats_tree_create_pivot(st, "By method", st_node_requests);
    st_node_status = stats_tree_create_pivot(st, "By response status", st_node_requests);
    st_node_script = stats_tree_create_pivot(st, "By script", st_node_requests);
    stats_tree_create_node(st, st_time, st_node_requests, STAT_DT_FLOAT, FALSE);
}

static tap_packet_status fastcgi_stats_packet(stats_tree *st, packet_info *pinfo _U_,
                                              epan_dissect_t *edt _U_, const void *p,
                                              tap_flags_t flags _U_)
{
    const fastcgi_tap_request *r = (const fastcgi_tap_request *)p;
    char nb[FCGI_NAME_BUF_LEN];
    char status[16];
    const char *role = fcgi_get_role_name(r->role, nb);

    tick_stat_node(st, st_requests, 0, TRUE);
    /* Short names, as in Info: "RESPONDER". */
    if (g_str_has_prefix(role, "FCGI_"))
        role += 5;
    stats_tree_tick_pivot(st, st_node_role, r->begun ? role : "(begun before the capture)");
    stats_tree_tick_pivot(st, st_node_method, r->method ? r->method : "(unknown)");
    if (r->status)
        snprintf(status, sizeof status, "%u", r->status);
    else
        snprintf(status, sizeof status, "(none)");
    stats_tree_tick_pivot(st, st_node_status, status);
    stats_tree_tick_pivot(st, st_node_script, r->script ? r->script : "(unknown)");
    if (r->has_time)
        avg_stat_node_add_value_float(st, st_time, st_node_requests, FALSE,
                                      (gfloat)nstime_to_msec(&r->time));
    return TAP_PACKET_REDRAW;
}

/* ---- Export objects --------------------------------------------------- */

static gboolean fastcgi_sep(char c)
{
    return c == '/' || c == '\\';
}

/* The last segment of a path (no query), or an empty string. */
static const char *fastcgi_last_segment(wmem_allocator_t *scope, const char *path, size_t len)
{
    size_t end = len, start;
    for (start = end; start > 0 && !fastcgi_sep(path[start - 1]); start--)
        ;
    return wmem_strndup(scope, path + start, end - start);
}

/* The filename a Content-Disposition value names (RFC 6266): filename*
 * (RFC 8187, percent-encoded UTF-8) before filename (a token or a quoted
 * string); NULL when it names none.  Directory parts are dropped. */
static char *fastcgi_disposition_name(wmem_allocator_t *scope, const guint8 *v, size_t len)
{
    char *plain = NULL, *ext = NULL;
    size_t i = 0;

    /* Skip the disposition type. */
    while (i < len && v[i] != ';')
        i++;
    while (i < len) {
        i++; /* ';' */
        while (i < len && (v[i] == ' ' || v[i] == '\t'))
            i++;
        size_t ns = i;
        while (i < len && v[i] != '=' && v[i] != ';')
            i++;
        size_t ne = i;
        while (ne > ns && (v[ne - 1] == ' ' || v[ne - 1] == '\t'))
            ne--;
        if (i >= len || v[i] != '=')
            continue;
        i++;
        while (i < len && (v[i] == ' ' || v[i] == '\t'))
            i++;
        wmem_strbuf_t *val = wmem_strbuf_new(scope, "");
        if (i < len && v[i] == '"') {
            for (i++; i < len && v[i] != '"'; i++) {
                if (v[i] == '\\' && i + 1 < len)
                    i++;
                wmem_strbuf_append_c(val, (char)v[i]);
            }
            while (i < len && v[i] != ';')
                i++;
        } else {
            size_t vs = i;
            while (i < len && v[i] != ';')
                i++;
            size_t ve = i;
            while (ve > vs && (v[ve - 1] == ' ' || v[ve - 1] == '\t'))
                ve--;
            wmem_strbuf_append_len(val, (const char *)v + vs, ve - vs);
        }
        size_t nl = ne - ns;
        if (nl == 9 && g_ascii_strncasecmp((const char *)v + ns, "filename*", 9) == 0) {
            /* charset'language'percent-encoded octets; UTF-8 or ASCII. */
            const char *s = wmem_strbuf_get_str(val);
            const char *q1 = strchr(s, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;
            if (!q2)
                continue;
            wmem_strbuf_t *dec = wmem_strbuf_new(scope, "");
            for (const char *c = q2 + 1; *c; c++) {
                int hi, lo;
                if (*c == '%' && (hi = ws_xton(c[1])) >= 0 && (lo = ws_xton(c[2])) >= 0) {
                    wmem_strbuf_append_c(dec, (char)(hi << 4 | lo));
                    c += 2;
                } else {
                    wmem_strbuf_append_c(dec, *c);
                }
            }
            ext = wmem_strbuf_finalize(dec);
        } else if (nl == 8 && g_ascii_strncasecmp((const char *)v + ns, "filename", 8) == 0) {
            plain = wmem_strbuf_finalize(val);
        }
    }
    const char *name = ext ? ext : plain;
    if (!name)
        return NULL;
    const char *seg = fastcgi_last_segment(scope, name, strlen(name));
    if (!*seg || strcmp(seg, ".") == 0 || strcmp(seg, "..") == 0)
        return NULL;
    /* The saver writes the name as given: keep it valid UTF-8. */
    return (char *)get_utf_8_string(scope, (const guint8 *)seg, (gint)strlen(seg));
}

/* The name an object is saved under: Content-Disposition's filename, else
 * the last segment of the URI's path (of DOCUMENT_URI or SCRIPT_NAME when
 * the request has no REQUEST_URI, or when its path names a folder), with
 * the query string, which tells apart requests of one script.  The saver
 * escapes what a file name cannot hold. */
static char *fastcgi_object_name(wmem_allocator_t *scope, const fastcgi_tap_object *o)
{
    if (o->disposition) {
        char *n = fastcgi_disposition_name(scope, o->disposition, o->disposition_len);
        if (n)
            return n;
    }
    const char *seg = "", *query = "";
    if (o->uri) {
        size_t path = strcspn(o->uri, "?#");
        seg = fastcgi_last_segment(scope, o->uri, path);
        if (o->uri[path] == '?')
            query = wmem_strndup(scope, o->uri + path, strcspn(o->uri + path, "#"));
    } else if (o->query && *o->query) {
        query = wmem_strdup_printf(scope, "?%s", o->query);
    }
    /* A folder's URI ("/", "/alt/") names no file; the script that
     * answered it does. */
    const char *alt[] = { o->document_uri, o->script_name };
    for (size_t i = 0; !*seg && i < G_N_ELEMENTS(alt); i++) {
        if (alt[i])
            seg = fastcgi_last_segment(scope, alt[i], strcspn(alt[i], "?#"));
    }
    if (!*seg)
        seg = "index";
    return wmem_strdup_printf(scope, "%s%s", seg, query);
}

/* "text/html; charset=UTF-8" -> "text/html": Wireshark's dialog filters
 * and previews by the bare type. */
static char *fastcgi_bare_type(const guint8 *v, size_t len)
{
    size_t n = 0;
    while (n < len && v[n] != ';')
        n++;
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    char *t = g_ascii_strdown((const char *)v, (gssize)n);
    return t;
}

static tap_packet_status fastcgi_eo_packet(void *tapdata, packet_info *pinfo,
                                           epan_dissect_t *edt _U_, const void *data,
                                           tap_flags_t flags _U_)
{
    export_object_list_t *list = (export_object_list_t *)tapdata;
    const fastcgi_tap_object *o = (const fastcgi_tap_object *)data;
    export_object_entry_t *entry = g_new0(export_object_entry_t, 1);

    entry->pkt_num = pinfo->num;
    entry->hostname = g_strdup(o->host ? o->host : "");
    entry->content_type = o->content_type ? fastcgi_bare_type(o->content_type,
                                                               o->content_type_len)
                                          : g_strdup("");
    entry->filename = g_strdup(fastcgi_object_name(pinfo->pool, o));
    entry->payload_len = o->payload_len;
    entry->payload_data = (guint8 *)g_memdup2(o->payload, o->payload_len);
    list->add_entry(list->gui_data, entry);
    return TAP_PACKET_REDRAW;
}

void fastcgi_tap_register(int proto)
{
    fastcgi_tap = register_tap("fastcgi");
    fastcgi_eo_tap = register_export_object(proto, fastcgi_eo_packet, NULL);
    /* Statistics > FastCGI > FastCGI Requests: the window is titled with
     * the part after the last slash, so that part says FastCGI. */
    stats_tree_register_plugin("fastcgi", "fastcgi", "FastCGI/FastCGI Requests", 0, fastcgi_stats_packet,
                               fastcgi_stats_init, NULL);
}

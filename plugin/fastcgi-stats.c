// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-stats.c - "tshark -z fastcgi,tree" and "--export-objects fastcgi".
 *
 * The dissector queues one fastcgi_tap_info per END_REQUEST (a finished
 * request) on the "fastcgi" tap, and one fastcgi_eo_info per STDOUT body
 * on the export-object tap.
 */
#include <epan/packet.h>
#include <epan/tap.h>
#include <epan/stats_tree.h>
#include <epan/export_object.h>

#include "packet-fastcgi.h"

int fastcgi_tap = -1;
int fastcgi_eo_tap = -1;

void fastcgi_tap_request(packet_info *pinfo, const fastcgi_request *req)
{
    if (!have_tap_listener(fastcgi_tap))
        return;
    fastcgi_tap_info *ti = wmem_new0(pinfo->pool, fastcgi_tap_info);
    ti->role = req->role;
    ti->begun = req->begun;
    ti->method = req->method;
    ti->script = req->script;
    ti->status = req->cgi_state == FASTCGI_CGI_DONE ? req->status : 0;
    if (req->begun && req->end_frame) {
        ti->has_time = TRUE;
        nstime_delta(&ti->time, &req->end_time, &req->begin_time);
    }
    tap_queue_packet(fastcgi_tap, pinfo, ti);
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
    const fastcgi_tap_info *ti = (const fastcgi_tap_info *)p;
    char nb[FCGI_NAME_BUF_LEN];
    char status[16];

    tick_stat_node(st, st_requests, 0, TRUE);
    stats_tree_tick_pivot(st, st_node_role,
                          ti->begun ? fastcgi_short_name(fcgi_get_role_name(ti->role, nb))
                                    : "(not begun in capture)");
    stats_tree_tick_pivot(st, st_node_method, ti->method ? ti->method : "(unknown)");
    if (ti->status)
        snprintf(status, sizeof status, "%u", ti->status);
    else
        snprintf(status, sizeof status, "(none)");
    stats_tree_tick_pivot(st, st_node_status, status);
    stats_tree_tick_pivot(st, st_node_script, ti->script ? ti->script : "(unknown)");
    if (ti->has_time)
        avg_stat_node_add_value_float(st, st_time, st_node_requests, FALSE,
                                      (gfloat)nstime_to_msec(&ti->time));
    return TAP_PACKET_REDRAW;
}

/* ---- Export objects --------------------------------------------------- */

static tap_packet_status fastcgi_eo_packet(void *tapdata, packet_info *pinfo,
                                           epan_dissect_t *edt _U_, const void *data,
                                           tap_flags_t flags _U_)
{
    export_object_list_t *list = (export_object_list_t *)tapdata;
    const fastcgi_eo_info *eo = (const fastcgi_eo_info *)data;
    export_object_entry_t *entry = g_new0(export_object_entry_t, 1);

    /* Named by the URI's path; the saver escapes what a file name cannot hold. */
    const char *name = eo->filename ? eo->filename : "response";
    size_t name_len = strcspn(name, "?#");
    entry->pkt_num = pinfo->num;
    entry->hostname = g_strdup(eo->host ? eo->host : "");
    entry->content_type = g_strdup(eo->content_type ? eo->content_type : "");
    entry->filename = name_len ? g_strndup(name, name_len) : g_strdup("response");
    entry->payload_len = eo->payload_len;
    entry->payload_data = (guint8 *)g_memdup2(eo->payload, eo->payload_len);
    list->add_entry(list->gui_data, entry);
    return TAP_PACKET_REDRAW;
}

void fastcgi_register_stats(void)
{
    fastcgi_tap = register_tap("fastcgi");
    fastcgi_eo_tap = register_export_object(proto_fastcgi, fastcgi_eo_packet, NULL);
    stats_tree_register_plugin("fastcgi", "fastcgi", "FastCGI/Requests", 0, fastcgi_stats_packet,
                               fastcgi_stats_init, NULL);
}

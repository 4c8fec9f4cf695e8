// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fastcgi-compat.h - the Wireshark API differences between 4.0 and 4.6,
 * in one place.
 *
 * Each choice rests on what plugin/CMakeLists.txt found in the headers it
 * builds against (fastcgi-config.h), never on a version number, so a
 * release that was not tried here takes the branch its API matches.
 */
#ifndef FASTCGI_COMPAT_H
#define FASTCGI_COMPAT_H

#include <stdbool.h>

#include <epan/packet.h>
#include <epan/strutil.h>

#include "fastcgi-config.h"

/* Boolean preferences take a gboolean * (4.0) or a bool * (4.4, 4.6). */
#ifdef FASTCGI_WS_BOOL_PREFS
typedef bool fastcgi_pref_bool;
#else
typedef gboolean fastcgi_pref_bool;
#endif

/* Heuristic dissectors return gboolean (4.0) or bool (4.4, 4.6). */
#ifdef FASTCGI_WS_BOOL_HEURISTICS
typedef bool fastcgi_heur_result;
#else
typedef gboolean fastcgi_heur_result;
#endif

/* tvb_get_guint8 (4.0) became tvb_get_uint8 (4.4, 4.6: the old name is
 * deprecated). */
#ifdef FASTCGI_HAVE_TVB_GET_UINT8
#define fastcgi_tvb_get_u8(tvb, offset) tvb_get_uint8((tvb), (offset))
#else
#define fastcgi_tvb_get_u8(tvb, offset) tvb_get_guint8((tvb), (offset))
#endif

/* tvb_find_guint8 (4.0) became tvb_find_uint8 (4.4, 4.6). */
#ifdef FASTCGI_HAVE_TVB_FIND_UINT8
#define fastcgi_tvb_find_u8(tvb, offset, len, needle) tvb_find_uint8((tvb), (offset), (len), (needle))
#else
#define fastcgi_tvb_find_u8(tvb, offset, len, needle) tvb_find_guint8((tvb), (offset), (len), (needle))
#endif

/* What a dissector of the media_type table receives: http_message_info_t
 * from packet-http.h (4.0) or media_content_info_t from
 * packet-media-type.h (4.4, 4.6), with the same members. */
#ifdef FASTCGI_HAVE_MEDIA_TYPE_H
#include <epan/dissectors/packet-media-type.h>
typedef media_content_info_t fastcgi_media_info;
#define FASTCGI_MEDIA_CONTAINER MEDIA_CONTAINER_HTTP_OTHERS
#else
#include <epan/dissectors/packet-http.h>
typedef http_message_info_t fastcgi_media_info;
#define FASTCGI_MEDIA_CONTAINER HTTP_OTHERS
#endif

/* Calls the dissector registered for a string in a table (4.6 deprecates
 * dissector_try_string for dissector_try_string_with_data). */
static inline int fastcgi_try_string(dissector_table_t table, const char *key, tvbuff_t *tvb,
                                     packet_info *pinfo, proto_tree *tree, void *data)
{
#ifdef FASTCGI_HAVE_DISSECTOR_TRY_STRING_WITH_DATA
    return dissector_try_string_with_data(table, key, tvb, pinfo, tree, true, data);
#else
    return dissector_try_string(table, key, tvb, pinfo, tree, data);
#endif
}

/* format_text takes a const guchar * (4.0) or a const char * (4.4, 4.6);
 * a const void * converts to either without a cast. */
static inline char *fastcgi_format_text(wmem_allocator_t *scope, const char *s, size_t len)
{
    return format_text(scope, (const void *)s, len);
}

/* Content codings, undone into a tvb that is a child of parent, or NULL.
 * tvb_child_uncompress (4.0: zlib and gzip) became tvb_child_uncompress_zlib
 * (4.4, 4.6); zstd has a tvb function from 4.4 on.  Whether the library
 * was built with a codec is known only at run time (the functions exist
 * and return NULL): fastcgi-body.c tries each once. */
static inline tvbuff_t *fastcgi_uncompress_zlib(tvbuff_t *parent, tvbuff_t *tvb, int offset,
                                                int len)
{
#ifdef FASTCGI_HAVE_TVB_CHILD_UNCOMPRESS_ZLIB
    return tvb_child_uncompress_zlib(parent, tvb, offset, len);
#else
    return tvb_child_uncompress(parent, tvb, offset, len);
#endif
}

static inline tvbuff_t *fastcgi_uncompress_brotli(tvbuff_t *parent, tvbuff_t *tvb, int offset,
                                                  int len)
{
    return tvb_child_uncompress_brotli(parent, tvb, offset, len);
}

static inline tvbuff_t *fastcgi_uncompress_zstd(tvbuff_t *parent, tvbuff_t *tvb, int offset,
                                                int len)
{
#ifdef FASTCGI_HAVE_TVB_CHILD_UNCOMPRESS_ZSTD
    return tvb_child_uncompress_zstd(parent, tvb, offset, len);
#else
    (void)parent;
    (void)tvb;
    (void)offset;
    (void)len;
    return NULL;
#endif
}

#endif /* FASTCGI_COMPAT_H */

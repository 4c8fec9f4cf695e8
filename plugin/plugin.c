// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * plugin.c - the symbols Wireshark's plugin loader looks for in an epan
 * plugin: its version, the Wireshark version it was built for, the
 * register function, and (where the loader knows it) what it describes
 * itself as.
 */
#include <epan/packet.h>
#include <epan/proto.h>
#include <ws_version.h>

#include "fastcgi-compat.h"

#ifdef FASTCGI_HAVE_PLUGIN_DESCRIBE
#include <wsutil/plugins.h>
#endif

void proto_register_fastcgi(void);
void proto_reg_handoff_fastcgi(void);

#ifdef _WIN32
#define FASTCGI_EXPORT __declspec(dllexport)
#else
#define FASTCGI_EXPORT __attribute__((visibility("default")))
#endif

FASTCGI_EXPORT extern const char plugin_version[];
FASTCGI_EXPORT extern const int plugin_want_major;
FASTCGI_EXPORT extern const int plugin_want_minor;
FASTCGI_EXPORT void plugin_register(void);

const char plugin_version[] = FASTCGI_PLUGIN_VERSION;
/* The loader refuses a plugin built for another minor version; this one
 * wants the version of the headers it was compiled against. */
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_fastcgi;
    plug.register_handoff = proto_reg_handoff_fastcgi;
    proto_register_plugin(&plug);
}

#ifdef FASTCGI_HAVE_PLUGIN_DESCRIBE
/* Without it, `tshark -G plugins` lists the plugin's type as unknown. */
FASTCGI_EXPORT uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

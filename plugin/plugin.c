// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * plugin.c - the entry points Wireshark 4.0 looks for in an epan plugin.
 * (4.0 has no plugin_describe; the four symbols below are the whole ABI.)
 */
#include <epan/packet.h>
#include <epan/proto.h>
#include <ws_version.h>

void proto_register_fastcgi(void);
void proto_reg_handoff_fastcgi(void);

#define FASTCGI_EXPORT __attribute__((visibility("default")))

FASTCGI_EXPORT extern const gchar plugin_version[];
FASTCGI_EXPORT extern const int plugin_want_major;
FASTCGI_EXPORT extern const int plugin_want_minor;
FASTCGI_EXPORT void plugin_register(void);

const gchar plugin_version[] = "0.1.0";
/* The plugin is built against the installed headers, so it wants their version. */
const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_fastcgi;
    plug.register_handoff = proto_reg_handoff_fastcgi;
    proto_register_plugin(&plug);
}

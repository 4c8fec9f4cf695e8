/* SPDX-License-Identifier: MIT */
/* extcap.h - fcgidump's answers to Wireshark's extcap queries, as the
 * sentences of extcap(4) on stdout:
 *   --extcap-interfaces     "fcgidump" (a relay to configure) and one
 *                           "fcgidump-NAME" per php-fpm socket found
 *                           (discover.h), plus the toolbar's Log control;
 *   --extcap-dlts           raw IPv4 (LINKTYPE_IPV4, 228);
 *   --extcap-config         the options of capture.h, with the socket
 *                           and --interpose as defaults for a php-fpm
 *                           socket's interface;
 *   --extcap-capture-filter an empty line for an empty filter, otherwise
 *                           why fcgidump does not take one.
 * Each returns the exit status. */
#ifndef FCGIDUMP_EXTCAP_H
#define FCGIDUMP_EXTCAP_H

#define EXTCAP_GENERIC "fcgidump"

int extcap_interfaces(void);
int extcap_dlts(const char *interface);
int extcap_config(const char *interface);
int extcap_check_filter(const char *interface, const char *filter);

#endif

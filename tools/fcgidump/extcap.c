/* SPDX-License-Identifier: MIT */
/* extcap.c - fcgidump's answers to Wireshark's extcap queries (see
 * extcap.h). */
#include "extcap.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "control.h"
#include "discover.h"
#include "fcgi/fcgi.h"
#include "pcapng.h"

int extcap_interfaces(void)
{
    discovered found[DISCOVER_MAX];
    size_t n = discover_sockets(found, DISCOVER_MAX);
    printf("extcap {version=%s}{display=FastCGI capture (fcgidump)}\n",
           FCGI_CODEC_VERSION_STRING);
    printf("interface {value=" EXTCAP_GENERIC "}{display=FastCGI relay (fcgidump)}\n");
    for (size_t i = 0; i < n; i++) {
        printf("interface {value=%s}{display=php-fpm socket %s", found[i].name, found[i].path);
        if (found[i].pool[0])
            printf(", pool %s", found[i].pool);
        if (found[i].left_interposed)
            printf(", interposed: being captured, or left so by a killed capture");
        printf(" (fcgidump)}\n");
    }
    printf("control {number=%d}{type=button}{role=logger}{display=Log}"
           "{tooltip=What fcgidump did: listening, interposed, restored, failed connections}\n",
           CONTROL_LOGGER);
    return 0;
}

/* true for "fcgidump" and the interfaces of discovered sockets; fills
 * *socket for the latter. */
static bool known(const char *interface, discovered *socket, bool *generic)
{
    *generic = interface && !strcmp(interface, EXTCAP_GENERIC);
    if (*generic)
        return true;
    return interface && discover_find(interface, socket) == 0;
}

int extcap_dlts(const char *interface)
{
    discovered d;
    bool generic;
    if (!known(interface, &d, &generic)) {
        fprintf(stderr, "fcgidump: no interface '%s'\n", interface ? interface : "");
        return 1;
    }
    printf("dlt {number=%d}{name=IPV4}{display=Raw IPv4: one synthetic TCP conversation per "
           "FastCGI connection}\n", PCAPNG_LINKTYPE_IPV4);
    return 0;
}

int extcap_config(const char *interface)
{
    discovered d;
    bool generic;
    /* An interface that disappeared gets the options without defaults. */
    bool socket = known(interface, &d, &generic) && !generic;
    if (socket)
        printf("arg {number=0}{call=--upstream}{display=FastCGI application}{type=string}"
               "{default=%s}{tooltip=The application's address: a Unix socket path, unix:/path, "
               "host:port or [v6]:port}{group=Relay}\n", d.path);
    else
        printf("arg {number=0}{call=--upstream}{display=FastCGI application}{type=string}"
               "{required=true}{tooltip=The application's address: a Unix socket path, "
               "unix:/path, host:port or [v6]:port}{group=Relay}\n");
    printf("arg {number=1}{call=--interpose}{display=Capture its socket in place}"
           "{type=boolflag}{default=%s}{tooltip=Move the application's Unix socket aside, "
           "listen on its path and put it back when the capture stops: the web server needs "
           "no change. Needs the right to rename files in the socket's folder}{group=Relay}\n",
           socket ? "true" : "false");
    printf("arg {number=2}{call=--listen}{display=Or listen on}{type=string}"
           "{tooltip=Instead of interposing: a new address for the web server (a Unix socket "
           "path or host:port); point its fastcgi_pass there}{group=Relay}\n");
    printf("arg {number=3}{call=--socket-mode}{display=Socket mode}{type=string}"
           "{validation=^[0-7]+$}{tooltip=Octal mode of the listening Unix socket, e.g. 0660. "
           "Interposing copies the application's by default}{group=Socket}\n");
    printf("arg {number=4}{call=--socket-owner}{display=Socket owner}{type=string}"
           "{tooltip=USER, USER:GROUP or :GROUP of the listening Unix socket (needs root). "
           "Interposing copies the application's by default}{group=Socket}\n");
    printf("arg {number=5}{call=--stop-timeout}{display=Stop timeout (s)}{type=unsigned}"
           "{range=0,25}{default=5}{tooltip=When the capture stops, requests in progress get "
           "this long to finish before their connections are cut}{group=Stop}\n");
    printf("arg {number=6}{call=--log-file}{display=Log file}{type=fileselect}"
           "{mustexist=false}{tooltip=Also append the Log window's lines to this file}"
           "{group=Debug}\n");
    return 0;
}

int extcap_check_filter(const char *interface, const char *filter)
{
    (void)interface;
    if (filter && filter[0])
        printf("fcgidump takes no capture filter: every packet is FastCGI traffic of the "
               "relay; use a display filter such as fastcgi\n");
    return 0;
}

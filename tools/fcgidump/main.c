/* SPDX-License-Identifier: MIT */
/* main.c - fcgidump: Wireshark's extcap interface on the FastCGI relay.
 * Options and dispatch; the capture is capture.c. */
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "extcap.h"
#include "fcgi/fcgi.h"
#include "interpose.h"
#include "option_number.h"

static const char HELP[] =
    "usage: fcgidump --extcap-interfaces\n"
    "       fcgidump --extcap-interface IFACE --extcap-dlts | --extcap-config\n"
    "       fcgidump --extcap-interface IFACE --capture --fifo FILE [options]\n"
    "       fcgidump --restore PATH\n"
    "\n"
    "Wireshark's capture source for FastCGI on Unix sockets (an extcap\n"
    "program: Wireshark runs it from its extcap folder).  A capture relays\n"
    "between the web server and the FastCGI application, as `fcgi proxy`\n"
    "does, and writes what passes into Wireshark's FIFO as pcapng: one\n"
    "synthetic TCP conversation per connection, port 9000.\n"
    "\n"
    "Interfaces: 'fcgidump', a relay to configure, and 'fcgidump-NAME' for\n"
    "each php-fpm socket found: sockets matching $FCGIDUMP_SOCKETS (default\n"
    "/run/php/*.sock:/run/php-fpm/*.sock) and the listen lines of the pool\n"
    "configurations matching $FCGIDUMP_POOL_CONFIGS (default: the usual\n"
    "places, /etc/php/*/fpm/pool.d/*.conf, /etc/php-fpm.d/*.conf, ...).\n"
    "\n"
    "capture options:\n"
    "      --upstream ADDRESS     the FastCGI application: a Unix socket path,\n"
    "                             unix:/path, host:port or [v6]:port (default\n"
    "                             for fcgidump-NAME: its socket)\n"
    "      --interpose            capture the application's Unix socket in place:\n"
    "                             move it aside to PATH.fcgidump-orig, listen on\n"
    "                             PATH, put it back when the capture stops; the\n"
    "                             web server needs no change.  A capture that\n"
    "                             was killed is put right by the next one on\n"
    "                             the same socket, or by --restore\n"
    "      --listen ADDRESS       instead, listen on a new address and point the\n"
    "                             web server there\n"
    "      --socket-mode MODE     octal mode of a listening Unix socket\n"
    "                             (interposing: the application's by default)\n"
    "      --socket-owner USER[:GROUP]  owner of it (interposing: the\n"
    "                             application's by default; needs root)\n"
    "      --stop-timeout SEC     at the stop, requests in progress get this\n"
    "                             long to finish (0-25, default 5); connections\n"
    "                             resting between requests close at once\n"
    "      --log-file FILE        append what happens (listening, interposed,\n"
    "                             restored, failed connections) to FILE\n"
    "      --extcap-control-in FIFO, --extcap-control-out FIFO\n"
    "                             Wireshark's toolbar pipes: the Log window;\n"
    "                             closing control-in stops the capture\n"
    "\n"
    "  --restore PATH             put back a socket that a killed capture left\n"
    "                             interposed (refused while a capture runs)\n"
    "\n"
    "SIGTERM or SIGINT (Wireshark's stop), control-in closing, the FIFO's\n"
    "reader or the parent process (Wireshark) going away stop the capture:\n"
    "the socket is handed back at once, then the relayed connections are\n"
    "closed as described above.  Exit status: 0 after a clean stop; 1 when\n"
    "the capture could not start or the socket could not be handed back (the\n"
    "reason on stderr, which Wireshark shows); 2 for bad usage.  A capture\n"
    "writes nothing on stderr otherwise.\n"
    "\n"
    "examples:\n"
    "  tshark -i fcgidump-php8.2-fpm -a duration:60 -w fpm.pcapng\n"
    "  tshark -i fcgidump -o extcap.fcgidump.upstream:/run/php/php8.2-fpm.sock \\\n"
    "         -o extcap.fcgidump.listen:/run/php/trace.sock -Y fastcgi\n";

enum {
    OPT_INTERFACES = 256,
    OPT_VERSION_OF_WIRESHARK,
    OPT_INTERFACE,
    OPT_DLTS,
    OPT_CONFIG,
    OPT_FILTER,
    OPT_CAPTURE,
    OPT_FIFO,
    OPT_CONTROL_IN,
    OPT_CONTROL_OUT,
    OPT_UPSTREAM,
    OPT_LISTEN,
    OPT_INTERPOSE,
    OPT_SOCKET_MODE,
    OPT_SOCKET_OWNER,
    OPT_STOP_TIMEOUT,
    OPT_LOG_FILE,
    OPT_RESTORE,
    OPT_VERSION,
};

static const struct option LONG_OPTIONS[] = {
    {"extcap-interfaces", no_argument, NULL, OPT_INTERFACES},
    {"extcap-version", optional_argument, NULL, OPT_VERSION_OF_WIRESHARK},
    {"extcap-interface", required_argument, NULL, OPT_INTERFACE},
    {"extcap-dlts", no_argument, NULL, OPT_DLTS},
    {"extcap-config", no_argument, NULL, OPT_CONFIG},
    {"extcap-capture-filter", required_argument, NULL, OPT_FILTER},
    {"capture", no_argument, NULL, OPT_CAPTURE},
    {"fifo", required_argument, NULL, OPT_FIFO},
    {"extcap-control-in", required_argument, NULL, OPT_CONTROL_IN},
    {"extcap-control-out", required_argument, NULL, OPT_CONTROL_OUT},
    {"upstream", required_argument, NULL, OPT_UPSTREAM},
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"interpose", no_argument, NULL, OPT_INTERPOSE},
    {"socket-mode", required_argument, NULL, OPT_SOCKET_MODE},
    {"socket-owner", required_argument, NULL, OPT_SOCKET_OWNER},
    {"stop-timeout", required_argument, NULL, OPT_STOP_TIMEOUT},
    {"log-file", required_argument, NULL, OPT_LOG_FILE},
    {"restore", required_argument, NULL, OPT_RESTORE},
    {"version", no_argument, NULL, OPT_VERSION},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

/* "USER", "USER:GROUP" or ":GROUP", by name or number. */
static int owner(const char *text, uid_t *uid, gid_t *gid)
{
    char user[256];
    const char *colon = strchr(text, ':');
    size_t ulen = colon ? (size_t)(colon - text) : strlen(text);
    if (ulen >= sizeof user)
        goto bad;
    memcpy(user, text, ulen);
    user[ulen] = '\0';
    if (ulen > 0) {
        struct passwd *pw = getpwnam(user);
        char *end;
        unsigned long v = strtoul(user, &end, 10);
        if (pw)
            *uid = pw->pw_uid;
        else if (*end == '\0' && v < 0xffffffffUL)
            *uid = (uid_t)v;
        else
            goto bad;
    }
    if (colon && colon[1]) {
        struct group *gr = getgrnam(colon + 1);
        char *end;
        unsigned long v = strtoul(colon + 1, &end, 10);
        if (gr)
            *gid = gr->gr_gid;
        else if (*end == '\0' && v < 0xffffffffUL)
            *gid = (gid_t)v;
        else
            goto bad;
    }
    if (ulen == 0 && !(colon && colon[1]))
        goto bad;
    return 0;
bad:
    fprintf(stderr, "fcgidump: --socket-owner: '%s' is not USER, USER:GROUP or :GROUP of this "
                    "machine\n", text);
    return -1;
}

static int restore(const char *path)
{
    char msg[1024];
    int rc = interpose_recover(path, msg, sizeof msg);
    if (rc < 0) {
        fprintf(stderr, "fcgidump: %s\n", msg);
        return 1;
    }
    printf("fcgidump: %s\n", rc == 0 ? "nothing to restore: no capture left its files there"
                                     : msg);
    return 0;
}

int main(int argc, char **argv)
{
    enum { NONE, INTERFACES, DLTS, CONFIG, CAPTURE } action = NONE;
    capture_options o = {
        .socket_mode = -1,
        .uid = (uid_t)-1,
        .gid = (gid_t)-1,
        .stop_timeout_s = 5,
    };
    const char *restore_path = NULL;
    bool filter_given = false;
    int opt;
    while ((opt = getopt_long(argc, argv, "h", LONG_OPTIONS, NULL)) != -1) {
        long v;
        switch (opt) {
        case OPT_INTERFACES: action = INTERFACES; break;
        case OPT_VERSION_OF_WIRESHARK: break; /* tells which Wireshark asks */
        case OPT_INTERFACE: o.interface = optarg; break;
        case OPT_DLTS: action = DLTS; break;
        case OPT_CONFIG: action = CONFIG; break;
        case OPT_FILTER: o.filter = optarg; filter_given = true; break;
        case OPT_CAPTURE: action = CAPTURE; break;
        case OPT_FIFO: o.fifo = optarg; break;
        case OPT_CONTROL_IN: o.control_in = optarg; break;
        case OPT_CONTROL_OUT: o.control_out = optarg; break;
        case OPT_UPSTREAM: o.upstream = optarg; break;
        case OPT_LISTEN: o.listen = optarg; break;
        case OPT_INTERPOSE: o.interpose = true; break;
        case OPT_SOCKET_MODE:
            if ((v = option_number("fcgidump", "--socket-mode", optarg, 8, 0, 07777)) < 0)
                return 2;
            o.socket_mode = (int)v;
            break;
        case OPT_SOCKET_OWNER:
            if (owner(optarg, &o.uid, &o.gid) != 0)
                return 2;
            break;
        case OPT_STOP_TIMEOUT:
            if ((v = option_number("fcgidump", "--stop-timeout", optarg, 10, 0, 25)) < 0)
                return 2;
            o.stop_timeout_s = (int)v;
            break;
        case OPT_LOG_FILE: o.log_file = optarg; break;
        case OPT_RESTORE: restore_path = optarg; break;
        case OPT_VERSION: printf("fcgidump %s\n", FCGI_CODEC_VERSION_STRING); return 0;
        case 'h': fputs(HELP, stdout); return 0;
        default:
            fprintf(stderr, "`fcgidump --help` lists the options\n");
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "fcgidump: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (restore_path)
        return restore(restore_path);
    switch (action) {
    case INTERFACES:
        return extcap_interfaces();
    case DLTS:
        return extcap_dlts(o.interface);
    case CONFIG:
        return extcap_config(o.interface);
    case CAPTURE:
        if (!o.interface || !o.fifo) {
            fprintf(stderr, "fcgidump: --capture needs --extcap-interface and --fifo\n");
            return 2;
        }
        return capture_run(&o);
    case NONE:
        break;
    }
    /* Wireshark checks a capture filter by asking without --capture. */
    if (filter_given)
        return extcap_check_filter(o.interface, o.filter);
    fputs(HELP, stderr);
    return 2;
}

/* SPDX-License-Identifier: MIT */
/* cmd_proxy.c - `fcgi proxy`: options and help; the relay is proxy_relay.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cli_options.h"
#include "commands.h"
#include "net.h"
#include "option_number.h"
#include "proxy_capture.h"
#include "proxy_relay.h"

static const char PROG[] = "fcgi proxy";

static const char HELP[] =
    "usage: fcgi proxy --listen ADDRESS --upstream ADDRESS [options]\n"
    "\n"
    "A transparent relay between a web server and a FastCGI application that\n"
    "logs every record and records the traffic as pcapng.  Point the web\n"
    "server's fastcgi_pass at the --listen address; nothing else changes.\n"
    "Octets are forwarded unchanged, malformed ones included.\n"
    "\n"
    "An ADDRESS is host:port, [v6]:port, unix:/path or a path starting with '/'.\n"
    "\n"
    "options:\n"
    "  -l, --listen ADDRESS      where the web server connects (required)\n"
    "  -u, --upstream ADDRESS    the FastCGI application (required)\n"
    "  -t, --trace               print every record on stderr as\n"
    "                            'TIME #CONN web>app|app>web {DUMP}', plus\n"
    "                            connection events\n"
    "  -w, --pcap FILE|-         write the traffic as pcapng; '-' streams to\n"
    "                            stdout, flushed after every packet.  Each\n"
    "                            connection becomes one synthetic IPv4/TCP\n"
    "                            conversation; Unix socket paths and peer pids\n"
    "                            are packet comments\n"
    "      --pcap-port PORT      TCP port of the application in the capture\n"
    "                            (default: the upstream's port, or 9000 for a\n"
    "                            Unix socket)\n"
    "      --max-connections N   relayed at once; more wait in the listen\n"
    "                            backlog (default 256)\n"
    "      --idle-timeout SEC    close a connection silent this long, 0 = never\n"
    "                            (default 300)\n"
    "      --connect-timeout SEC give up connecting to the upstream (default 5)\n"
    "      --buffer-size BYTES   per direction and connection (default 65536);\n"
    "                            a side is not read while its buffer is full\n"
    "      --socket-mode MODE    chmod of a Unix --listen socket, e.g. 0666 so\n"
    "                            that nginx workers (www-data) may connect\n"
    "  -q, --quiet               no start-up line, no per-connection errors\n"
    "  -h, --help                this text\n"
    "\n"
    "SIGINT or SIGTERM closes every connection, completes the capture and\n"
    "exits 0.  Exit status 1: the listening socket or the capture could not be\n"
    "set up; 2: bad usage.\n"
    "\n"
    "examples:\n"
    "  # see php-fpm's Unix socket traffic live in Wireshark\n"
    "  #   (nginx: fastcgi_pass unix:/run/fcgi-proxy.sock;)\n"
    "  fcgi proxy --listen /run/fcgi-proxy.sock --socket-mode 0666 \\\n"
    "      --upstream /run/php/php8.2-fpm.sock --pcap - | wireshark -k -i -\n"
    "\n"
    "  # log every record, keep a capture for later\n"
    "  fcgi proxy -l 127.0.0.1:9001 -u 127.0.0.1:9000 --trace --pcap fcgi.pcapng\n"
    "  tshark -r fcgi.pcapng -d tcp.port==9000,fcgi -T fields -e fcgi.type\n";

enum {
    OPT_PCAP_PORT = CLI_FIRST_OWN,
    OPT_MAX_CONNECTIONS,
    OPT_IDLE_TIMEOUT,
    OPT_CONNECT_TIMEOUT,
    OPT_BUFFER_SIZE,
    OPT_SOCKET_MODE,
};

static const struct option LONG_OPTIONS[] = {
    {"listen", required_argument, NULL, 'l'},
    {"upstream", required_argument, NULL, 'u'},
    CLI_OPTION_TRACE,
    {"pcap", required_argument, NULL, 'w'},
    {"pcap-port", required_argument, NULL, OPT_PCAP_PORT},
    {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
    {"idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"buffer-size", required_argument, NULL, OPT_BUFFER_SIZE},
    {"socket-mode", required_argument, NULL, OPT_SOCKET_MODE},
    CLI_OPTION_QUIET,
    CLI_OPTION_HELP,
    {NULL, 0, NULL, 0},
};

/* Each connection holds two descriptors; keep some for the listener,
 * the capture and stdio. */
static unsigned descriptor_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 100000;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    return rl.rlim_cur > 32 ? (unsigned)((rl.rlim_cur - 16) / 2) : 8;
}

int cmd_proxy(int argc, char **argv)
{
    proxy_config cfg = {
        .max_connections = 256,
        .idle_timeout_ms = 300 * 1000,
        .connect_timeout_ms = 5 * 1000,
        .buffer_size = 65536,
        .socket_mode = -1,
    };
    const char *listen_text = NULL, *upstream_text = NULL, *pcap = NULL;
    long pcap_port = 0;
    cli_common common = {.name = "proxy", .usage = HELP};

    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "l:u:tw:qh", LONG_OPTIONS, NULL)) != -1) {
        long v = 0;
        int step = cli_step(&common, opt == 't' ? CLI_TRACE : opt, optarg);
        if (step == CLI_GO_ON)
            continue;
        if (step != CLI_OWN)
            return step;
        switch (opt) {
        case 'l': listen_text = optarg; break;
        case 'u': upstream_text = optarg; break;
        case 'w': pcap = optarg; break;
        case OPT_PCAP_PORT:
            if ((pcap_port = option_number(PROG, "--pcap-port", optarg, 10, 1, 65535)) < 0)
                return 2;
            break;
        case OPT_MAX_CONNECTIONS:
            if ((v = option_number(PROG, "--max-connections", optarg, 10, 1, 1000000)) < 0)
                return 2;
            cfg.max_connections = (unsigned)v;
            break;
        case OPT_IDLE_TIMEOUT:
            if ((v = option_number(PROG, "--idle-timeout", optarg, 10, 0, 86400 * 365)) < 0)
                return 2;
            cfg.idle_timeout_ms = (int)(v > 2000000 ? 2000000000 : v * 1000);
            break;
        case OPT_CONNECT_TIMEOUT:
            if ((v = option_number(PROG, "--connect-timeout", optarg, 10, 1, 3600)) < 0)
                return 2;
            cfg.connect_timeout_ms = (int)v * 1000;
            break;
        case OPT_BUFFER_SIZE:
            if ((v = option_number(PROG, "--buffer-size", optarg, 10, 1, 16 << 20)) < 0)
                return 2;
            cfg.buffer_size = (size_t)v;
            break;
        case OPT_SOCKET_MODE:
            if ((v = option_number(PROG, "--socket-mode", optarg, 8, 0, 07777)) < 0)
                return 2;
            cfg.socket_mode = (int)v;
            break;
        default:
            fprintf(stderr, "`fcgi proxy --help` lists the options\n");
            return 2;
        }
    }
    cfg.trace = common.trace;
    cfg.quiet = common.quiet;
    if (optind < argc) {
        fprintf(stderr, "fcgi proxy: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    if (!listen_text || !upstream_text) {
        fprintf(stderr, "fcgi proxy: --listen and --upstream are required\n"
                        "`fcgi proxy --help` lists the options\n");
        return 2;
    }
    char err[512];
    if (net_parse_address(listen_text, &cfg.listen, err, sizeof err) != 0 ||
        net_parse_address(upstream_text, &cfg.upstream, err, sizeof err) != 0) {
        fprintf(stderr, "fcgi proxy: %s\n", err);
        return 2;
    }
    unsigned limit = descriptor_limit();
    if (cfg.max_connections > limit) {
        fprintf(stderr, "fcgi proxy: --max-connections %u exceeds what the descriptor limit "
                        "allows; using %u\n", cfg.max_connections, limit);
        cfg.max_connections = limit;
    }

    proxy_capture capture;
    if (pcap) {
        if (proxy_capture_open(&capture, "fcgi proxy", pcap, &cfg.listen, &cfg.upstream,
                               (uint16_t)pcap_port, err, sizeof err) != 0) {
            fprintf(stderr, "fcgi proxy: %s\n", err);
            return 1;
        }
        cfg.capture = &capture;
    }
    int rc = proxy_relay_run(&cfg);
    if (pcap)
        proxy_capture_close(&capture);
    return rc;
}

// SPDX-License-Identifier: MIT
/* cmd_request.c - `fcgi request ADDRESS SCRIPT_FILENAME`: curl for FastCGI. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgi_params.h"
#include "cgi_response.h"
#include "cli_options.h"
#include "client_conn.h"
#include "client_exchange.h"
#include "client_exit.h"
#include "client_file.h"
#include "client_load.h"
#include "client_trace.h"
#include "commands.h"
#include "net.h"

static const char usage_text[] =
    "usage: fcgi request ADDRESS SCRIPT_FILENAME [options]\n"
    "\n"
    "Send one request to a FastCGI server and write the response body to standard\n"
    "output, the server's FCGI_STDERR to standard error.  The params are a minimal\n"
    "CGI/1.1 set built like nginx's fastcgi_params, never the caller's environment.\n"
    "ADDRESS is host:port, [v6]:port, unix:/path or /path.\n"
    "\n"
    "request:\n"
    "  -X, --method METHOD     REQUEST_METHOD (default GET, POST with a body)\n"
    "      --uri URI           REQUEST_URI; sets SCRIPT_NAME, DOCUMENT_URI and\n"
    "                          QUERY_STRING (default /BASENAME of SCRIPT_FILENAME)\n"
    "      --docroot DIR       DOCUMENT_ROOT (default: derived as nginx would)\n"
    "  -H, --header 'N: v'     add HTTP header N as param HTTP_N (repeatable)\n"
    "  -p, --param NAME=VALUE  set or override any param; -p -NAME removes it\n"
    "  -d, --body ARG          FCGI_STDIN body: @FILE, - (standard input) or the\n"
    "                          text itself; sets CONTENT_LENGTH and CONTENT_TYPE\n"
    "      --role ROLE         responder (default), authorizer or filter\n"
    "      --data ARG          FCGI_DATA stream for the filter role (@FILE, - or\n"
    "                          text); sets FCGI_DATA_LENGTH and FCGI_DATA_LAST_MOD\n"
    "      --request-id N      request id (default 1)\n"
    "      --keep-conn         set FCGI_KEEP_CONN (the tool then closes)\n"
    "      --split-params      send a param too large for one FCGI_PARAMS record\n"
    "                          (65535 octets) split across records; by default it\n"
    "                          is refused, since php-fpm and most servers reject\n"
    "                          a split pair (every pair is sent whole otherwise)\n"
    "output:\n"
    "  -i, --include           include the CGI response headers in the output\n"
    "      --max-header-size N the CGI header block may be N octets at most (k or\n"
    "                          M suffix: KiB, MiB; default 64k); a larger one\n"
    "                          stops the command with exit code 4\n"
    "  -v, --verbose           print status, app status and timing to stderr\n"
    "      --trace             print every record sent (>) and received (<) to\n"
    "                          stderr as fcgi_dump_record strings, with timestamps\n"
    "      --show-params       print the params that would be sent and exit\n"
    "timeouts (seconds, or with ms/s/m suffix; 0 = none):\n"
    "      --connect-timeout T connecting (default 5)\n"
    "      --read-timeout T    longest silence from the server (default 30)\n"
    "  -m, --max-time T        the whole command (default 60)\n"
    "load:\n"
    "      --repeat N          send the request N times, discard the bodies and\n"
    "                          report requests/s and latency p50/p90/p99/max\n"
    "      --concurrency C     requests in flight (default 1); one connection per\n"
    "                          request unless the server says FCGI_MPXS_CONNS=1\n"
    "      --connections K     with multiplexing: spread over K connections\n"
    "      --no-mpx            never multiplex\n"
    "      --no-keep-conn      a new connection for every request (a server with\n"
    "                          fewer workers than C serves only that many kept-open\n"
    "                          connections: php-fpm's pm.max_children)\n"
    "\n" CLIENT_EXIT_HELP
    "\n"
    "examples:\n"
    "  fcgi request 127.0.0.1:9000 /var/www/html/index.php --uri '/index.php?a=1'\n"
    "  fcgi request unix:/run/php/php8.2-fpm.sock /srv/app/api.php -X POST \\\n"
    "       -H 'Content-Type: application/json' -d @body.json -i\n"
    "  fcgi request 127.0.0.1:9000 /srv/hello.php --repeat 10000 --concurrency 8\n";

enum {
    OPT_URI = CLI_FIRST_OWN,
    OPT_DOCROOT,
    OPT_ROLE,
    OPT_DATA,
    OPT_REQUEST_ID,
    OPT_KEEP_CONN,
    OPT_SHOW_PARAMS,
    OPT_CONNECT_TIMEOUT,
    OPT_READ_TIMEOUT,
    OPT_REPEAT,
    OPT_CONCURRENCY,
    OPT_CONNECTIONS,
    OPT_NO_MPX,
    OPT_NO_KEEP_CONN,
    OPT_MAX_HEADER_SIZE,
    OPT_SPLIT_PARAMS,
};

static const struct option long_options[] = {
    {"method", required_argument, NULL, 'X'},
    {"uri", required_argument, NULL, OPT_URI},
    {"docroot", required_argument, NULL, OPT_DOCROOT},
    {"header", required_argument, NULL, 'H'},
    {"param", required_argument, NULL, 'p'},
    {"body", required_argument, NULL, 'd'},
    {"role", required_argument, NULL, OPT_ROLE},
    {"data", required_argument, NULL, OPT_DATA},
    {"request-id", required_argument, NULL, OPT_REQUEST_ID},
    {"keep-conn", no_argument, NULL, OPT_KEEP_CONN},
    {"include", no_argument, NULL, 'i'},
    CLI_OPTION_VERBOSE,
    CLI_OPTION_TRACE,
    {"show-params", no_argument, NULL, OPT_SHOW_PARAMS},
    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
    {"read-timeout", required_argument, NULL, OPT_READ_TIMEOUT},
    {"max-time", required_argument, NULL, 'm'},
    {"repeat", required_argument, NULL, OPT_REPEAT},
    {"concurrency", required_argument, NULL, OPT_CONCURRENCY},
    {"connections", required_argument, NULL, OPT_CONNECTIONS},
    {"no-mpx", no_argument, NULL, OPT_NO_MPX},
    {"no-keep-conn", no_argument, NULL, OPT_NO_KEEP_CONN},
    {"max-header-size", required_argument, NULL, OPT_MAX_HEADER_SIZE},
    {"split-params", no_argument, NULL, OPT_SPLIT_PARAMS},
    CLI_OPTION_HELP,
    {NULL, 0, NULL, 0},
};

/* A list of option arguments applied after the standard params, in order. */
typedef struct arglist {
    char kind; /* 'H' or 'p' */
    const char *arg;
} arglist;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "fcgi request: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see fcgi request --help)\n");
    return EXIT_USAGE;
}

static long parse_count(const char *s, long min, long max)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < min || v > max)
        return -1;
    return v;
}

/* "65536", "64k", "2M": octets, KiB or MiB, within 1 .. 1 GiB; -1 when
 * malformed or out of range. */
static long parse_size(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    long unit = 1;
    if (end == s || v < 1)
        return -1;
    if (*end == 'k' || *end == 'K')
        unit = 1024, end++;
    else if (*end == 'm' || *end == 'M')
        unit = 1024 * 1024, end++;
    if (*end || v > (1L << 30) / unit)
        return -1;
    return v * unit;
}

int cmd_request(int argc, char **argv)
{
    const char *method = NULL, *uri = NULL, *docroot = NULL, *body_arg = NULL,
               *data_arg = NULL;
    uint16_t role = FCGI_RESPONDER;
    long request_id = 1, repeat = 0, concurrency = 1, connections = 0, header_max = 0;
    long connect_ms = 5000, read_ms = 30000, total_ms = 60000;
    bool keep_conn = false, include = false, show_params = false, no_mpx = false,
         no_keep = false, split_params = false;
    cli_common common = {.name = "request", .usage = usage_text};
    arglist *extra = calloc((size_t)argc + 1, sizeof *extra);
    size_t nextra = 0;
    int rc = EXIT_USAGE;

    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "X:H:p:d:ivm:", long_options, NULL)) != -1) {
        int step = cli_step(&common, opt, optarg);
        if (step == CLI_GO_ON)
            continue;
        if (step != CLI_OWN) {
            free(extra);
            return step;
        }
        switch (opt) {
        case 'X':
            method = optarg;
            break;
        case OPT_URI:
            uri = optarg;
            break;
        case OPT_DOCROOT:
            docroot = optarg;
            break;
        case 'H':
        case 'p':
            extra[nextra++] = (arglist){(char)opt, optarg};
            break;
        case 'd':
            body_arg = optarg;
            break;
        case OPT_ROLE:
            if (!strcasecmp(optarg, "responder"))
                role = FCGI_RESPONDER;
            else if (!strcasecmp(optarg, "authorizer"))
                role = FCGI_AUTHORIZER;
            else if (!strcasecmp(optarg, "filter"))
                role = FCGI_FILTER;
            else {
                free(extra);
                return usage_error("unknown role '%s' (responder, authorizer, filter)", optarg);
            }
            break;
        case OPT_DATA:
            data_arg = optarg;
            break;
        case OPT_REQUEST_ID:
            if ((request_id = parse_count(optarg, 1, 65535)) < 0) {
                free(extra);
                return usage_error("--request-id '%s': expected 1..65535", optarg);
            }
            break;
        case OPT_KEEP_CONN:
            keep_conn = true;
            break;
        case 'i':
            include = true;
            break;
        case OPT_SHOW_PARAMS:
            show_params = true;
            break;
        case OPT_CONNECT_TIMEOUT:
        case OPT_READ_TIMEOUT:
        case 'm': {
            long ms = client_parse_duration(optarg);
            if (ms < 0) {
                free(extra);
                return usage_error("bad duration '%s' (e.g. 5, 2.5, 300ms)", optarg);
            }
            if (opt == OPT_CONNECT_TIMEOUT)
                connect_ms = ms;
            else if (opt == OPT_READ_TIMEOUT)
                read_ms = ms;
            else
                total_ms = ms;
            break;
        }
        case OPT_REPEAT:
            if ((repeat = parse_count(optarg, 1, 100000000)) < 0) {
                free(extra);
                return usage_error("--repeat '%s': expected a positive count", optarg);
            }
            break;
        case OPT_CONCURRENCY:
            if ((concurrency = parse_count(optarg, 1, 4096)) < 0) {
                free(extra);
                return usage_error("--concurrency '%s': expected 1..4096", optarg);
            }
            break;
        case OPT_CONNECTIONS:
            if ((connections = parse_count(optarg, 1, 4096)) < 0) {
                free(extra);
                return usage_error("--connections '%s': expected 1..4096", optarg);
            }
            break;
        case OPT_NO_MPX:
            no_mpx = true;
            break;
        case OPT_NO_KEEP_CONN:
            no_keep = true;
            break;
        case OPT_SPLIT_PARAMS:
            split_params = true;
            break;
        case OPT_MAX_HEADER_SIZE:
            if ((header_max = parse_size(optarg)) < 0) {
                free(extra);
                return usage_error("--max-header-size '%s': expected 1 to 1G octets, e.g. "
                                   "65536, 64k, 2M", optarg);
            }
            break;
        default:
            free(extra);
            fprintf(stderr, "(see fcgi request --help)\n");
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2) {
        free(extra);
        return usage_error("%s", "expected ADDRESS and SCRIPT_FILENAME");
    }
    const char *address = argv[optind], *script = argv[optind + 1];
    if (data_arg && role != FCGI_FILTER) {
        free(extra);
        return usage_error("%s", "--data is for --role filter (the body is -d)");
    }

    char err[320];
    net_addr addr;
    uint8_t *req = NULL;
    size_t req_len = 0;
    client_body body = {.fd = -1}, data = {.fd = -1};
    cgi_params params;
    cgi_params_init(&params);
    client_conn *conn = NULL;
    cgi_response *resp = NULL;

    /* The load generator sends the bodies many times, from memory; one
     * request streams a file from the disk. */
    if (body_arg && client_body_open(&body, body_arg, repeat > 0, err, sizeof err) != 0)
        goto usage_fail;
    if (data_arg && client_body_open(&data, data_arg, repeat > 0, err, sizeof err) != 0)
        goto usage_fail;

    cgi_request_spec spec = {
        .method = method,
        .script_filename = script,
        .uri = uri,
        .document_root = docroot,
        .content_length = body_arg ? (long long)body.len : -1,
    };
    if (cgi_params_standard(&params, &spec) != 0) {
        snprintf(err, sizeof err, "out of memory");
        goto usage_fail;
    }
    if (role == FCGI_FILTER) {
        char num[32], mod[32];
        snprintf(num, sizeof num, "%llu", (unsigned long long)data.len);
        time_t mtime = time(NULL);
        struct stat st;
        if (data_arg && data_arg[0] == '@' && stat(data_arg + 1, &st) == 0)
            mtime = st.st_mtime;
        snprintf(mod, sizeof mod, "%lld", (long long)mtime);
        cgi_params_set(&params, "FCGI_DATA_LENGTH", num);
        cgi_params_set(&params, "FCGI_DATA_LAST_MOD", mod);
    }
    for (size_t i = 0; i < nextra; i++) {
        int r = extra[i].kind == 'H' ? cgi_params_header(&params, extra[i].arg, err, sizeof err)
                                     : cgi_params_assign(&params, extra[i].arg, err, sizeof err);
        if (r != 0)
            goto usage_fail;
    }
    if (show_params) {
        for (size_t i = 0; i < params.n; i++)
            printf("%.*s=%.*s\n", (int)params.pairs[i].name.len,
                   (const char *)params.pairs[i].name.data, (int)params.pairs[i].value.len,
                   (const char *)params.pairs[i].value.data);
        rc = 0;
        goto out;
    }
    int parsed = net_parse_address(address, &addr, err, sizeof err);
    if (parsed != NET_ADDR_OK) {
        fprintf(stderr, "fcgi request: %s\n", err);
        rc = parsed == NET_ADDR_MALFORMED ? EXIT_USAGE : EXIT_CONNECT;
        goto out;
    }

    /* The spec sends FCGI_STDIN to responders and filters; an authorizer
     * gets none unless a body is given explicitly. */
    bool send_stdin = role != FCGI_AUTHORIZER || body_arg;
    bool send_data = role == FCGI_FILTER;

    client_trace tr;
    client_trace_init(&tr, common.trace ? stderr : NULL);
    client_timeouts to = {
        .connect_ms = connect_ms ? (int)connect_ms : -1,
        .read_ms = read_ms ? (int)read_ms : -1,
        .deadline = total_ms ? net_now_ms() + total_ms : -1,
    };
    client_arm_hard_stop(total_ms);

    if (repeat > 0) {
        fcgi_span body_span = {body.mem, (size_t)body.len};
        fcgi_span data_span = {data.mem, (size_t)data.len};
        client_load_opts lo = {
            .addr = &addr,
            .params = &params,
            .split_params = split_params,
            .role = role,
            .stdin_ = send_stdin ? &body_span : NULL,
            .data = send_data ? &data_span : NULL,
            .repeat = repeat,
            .concurrency = (int)concurrency,
            .connections = (int)connections,
            .mpx = no_mpx || no_keep ? MPX_OFF : MPX_AUTO,
            .fresh_conn = no_keep,
            .timeouts = to,
            .trace = &tr,
        };
        rc = client_load_run(&lo);
        goto out;
    }

    req = client_build_request((uint16_t)request_id, role, keep_conn, &params, split_params, NULL,
                               NULL, &req_len, err, sizeof err);
    if (!req)
        goto usage_fail;
    client_request rq = {
        .records = req,
        .len = req_len,
        .stdin_body = send_stdin ? &body : NULL,
        .data_body = send_data ? &data : NULL,
        .reset_hint = split_params ? " (servers such as php-fpm refuse a name-value pair split "
                                     "across FCGI_PARAMS records, as --split-params sends it)"
                                   : NULL,
    };

    client_result res = {0};
    int fd = client_connect(&addr, &to, &res);
    if (fd < 0) {
        fprintf(stderr, "fcgi request: %s\n", res.why);
        rc = res.exit_code;
        goto out;
    }
    client_trace_note(&tr, 1, "connected to %s", addr.text);
    conn = malloc(sizeof *conn);
    resp = calloc(1, sizeof *resp);
    if (!conn || !resp) {
        close(fd);
        snprintf(err, sizeof err, "out of memory");
        goto usage_fail;
    }
    client_conn_init(conn, fd, 1, &tr);
    cgi_response_init(resp, stdout, stderr, include, (size_t)header_max);
    resp->limit_hint = "; --max-header-size raises the limit";
    client_exchange(conn, (uint16_t)request_id, &rq, resp, &to, &res);
    close(fd);
    client_trace_note(&tr, 1, "closed");

    const char *hint = cgi_response_hint(resp);
    if (common.verbose)
        fprintf(stderr,
                "fcgi request: status %d, app status %u, protocol status %u, %llu body "
                "octets, %llu stderr octets, %lld ms\n",
                resp->status, res.app_status, res.protocol_status,
                (unsigned long long)resp->body_len, (unsigned long long)resp->stderr_len,
                (long long)res.elapsed_ms);
    if (res.exit_code != 0)
        fprintf(stderr, "fcgi request: %s\n", res.why);
    if (hint)
        fprintf(stderr, "fcgi request: %s\n", hint);
    rc = res.exit_code;
    goto out;

usage_fail:
    fprintf(stderr, "fcgi request: %s\n", err);
    rc = EXIT_USAGE;
out:
    free(conn);
    if (resp)
        cgi_response_free(resp);
    free(resp);
    free(req);
    client_body_close(&body);
    client_body_close(&data);
    free(extra);
    cgi_params_free(&params);
    return rc;
}

/* SPDX-License-Identifier: MIT */
/* proxy_capture.c - the proxy's pcapng output (see proxy_capture.h). */
#include "proxy_capture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/fcgi.h"

#define DEFAULT_SERVER_PORT 9000
#define SNAPLEN 262144

static const uint8_t CLIENT_FALLBACK[4] = {127, 0, 0, 1};
static const uint8_t SERVER_FALLBACK[4] = {127, 0, 0, 2};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void report_failure(proxy_capture *c)
{
    if (c->writer.failed && !c->warned) {
        c->warned = true;
        if (c->log)
            fprintf(c->log, "%s: capture: write failed (%s); relaying continues without it\n",
                    c->app, strerror(c->writer.error));
    }
}

static int emit(void *ctx, const uint8_t *packet, size_t len, const char *comment)
{
    proxy_capture *c = ctx;
    if (!c->file || c->writer.failed)
        return -1;
    int rc = pcapng_write_packet(&c->writer, c->ifid, now_ns(), packet, len, comment);
    report_failure(c);
    return rc;
}

static uint16_t port_of(const net_addr *a)
{
    if (a->family == AF_INET)
        return ntohs(((const struct sockaddr_in *)&a->ss)->sin_port);
    if (a->family == AF_INET6)
        return ntohs(((const struct sockaddr_in6 *)&a->ss)->sin6_port);
    return 0;
}

int proxy_capture_open(proxy_capture *c, const char *app, const char *path,
                       const net_addr *listen, const net_addr *upstream, uint16_t port,
                       char *err, size_t errcap)
{
    memset(c, 0, sizeof *c);
    c->app = app;
    c->log = stderr;
    if (!strcmp(path, "-")) {
        if (isatty(STDOUT_FILENO)) {
            snprintf(err, errcap, "--pcap -: standard output is a terminal; pipe it into "
                                  "`wireshark -k -i -` or redirect it to a file");
            return -1;
        }
        c->file = stdout;
        c->live = true;
    } else {
        c->file = fopen(path, "wb");
        if (!c->file) {
            snprintf(err, errcap, "--pcap %s: %s", path, strerror(errno));
            return -1;
        }
        struct stat st;
        c->live = fstat(fileno(c->file), &st) == 0 && S_ISFIFO(st.st_mode);
    }

    if (upstream->family == AF_INET)
        memcpy(c->server_addr, &((const struct sockaddr_in *)&upstream->ss)->sin_addr, 4);
    else
        memcpy(c->server_addr, SERVER_FALLBACK, 4);
    c->server_port = port ? port : port_of(upstream) ? port_of(upstream) : DEFAULT_SERVER_PORT;

    pcapng_writer_init(&c->writer, c->file, c->live);
    char comment[1024];
    snprintf(comment, sizeof comment,
             "%s: web server -> %s -> FastCGI application at %s. Each relayed "
             "connection is one synthetic TCP conversation (client = web server, server = "
             "application, port %u); the octets are the relayed ones, unchanged.",
             app, listen->text, upstream->text, c->server_port);
    char writer[64];
    snprintf(writer, sizeof writer, "%s %s", app, FCGI_CODEC_VERSION_STRING);
    pcapng_write_section(&c->writer, writer, NULL);
    char description[600];
    snprintf(description, sizeof description, "relay %s -> %s", listen->text, upstream->text);
    int id = pcapng_write_interface(&c->writer, PCAPNG_LINKTYPE_IPV4, SNAPLEN, "fcgi-proxy",
                                    description, comment);
    if (id < 0) {
        snprintf(err, errcap, "--pcap %s: %s", path, strerror(c->writer.error));
        if (c->file != stdout)
            fclose(c->file);
        c->file = NULL;
        return -1;
    }
    c->ifid = (uint32_t)id;
    return 0;
}

bool proxy_capture_enabled(const proxy_capture *c)
{
    return c->file && !c->writer.failed;
}

void proxy_capture_conversation(proxy_capture *c, proxy_tcp *t, unsigned no,
                                const struct sockaddr_storage *peer)
{
    uint8_t client[4];
    if (peer && peer->ss_family == AF_INET)
        memcpy(client, &((const struct sockaddr_in *)peer)->sin_addr, 4);
    else
        memcpy(client, CLIENT_FALLBACK, 4);
    /* Synthetic client ports 10000..59999 in turn, skipping the server's:
     * concurrent conversations never share a port pair. */
    uint16_t cport = (uint16_t)(10000 + (no - 1) % 50000);
    if (cport == c->server_port)
        cport = 60000;
    proxy_tcp_init(t, client, cport, c->server_addr, c->server_port, no, emit, c);
}

void proxy_capture_flush(proxy_capture *c)
{
    if (!c->file || c->live || c->writer.failed)
        return;
    pcapng_flush(&c->writer);
    report_failure(c);
}

void proxy_capture_close(proxy_capture *c)
{
    if (!c->file)
        return;
    if (!c->writer.failed)
        pcapng_flush(&c->writer);
    report_failure(c);
    if (c->file != stdout)
        fclose(c->file);
    c->file = NULL;
}

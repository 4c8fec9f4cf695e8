// SPDX-License-Identifier: MIT
/* cmd_dump.c - `fcgi dump [FILE]`: one line per record of a raw byte stream.
 *
 * The stream is read in pieces and fed to the codec's incremental parser,
 * so a live pipe is printed as records complete and memory stays bounded
 * (the connection buffer holds at most two records). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_options.h"
#include "client_conn.h"
#include "commands.h"

enum {
    DUMP_OK = 0,
    DUMP_MALFORMED = 1, /* a record header with a version other than 1 */
    DUMP_USAGE = 2,     /* bad arguments; the file cannot be read */
    DUMP_TRUNCATED = 3, /* the stream ends inside a record */
};

static const char usage_text[] =
    "usage: fcgi dump [options] [FILE]\n"
    "\n"
    "Read a raw FastCGI byte stream from FILE (default: standard input; '-' too)\n"
    "and print one line per record, exactly as Net::FastCGI's dump_record()\n"
    "prints it, e.g. {FCGI_BEGIN_REQUEST, 1, {FCGI_RESPONDER, FCGI_KEEP_CONN}}.\n"
    "A stream is one direction of a connection, e.g. what\n"
    "  tshark -r cap.pcapng -q -z follow,tcp,raw,0 | ...\n"
    "shows for one side, hex-decoded with xxd -r -p.\n"
    "\n"
    "options:\n"
    "  -o, --offsets   start each line with the record's stream offset and a tab\n"
    "      --id N      print only records with request id N\n"
    "  -h, --help      this text\n"
    "\n"
    "At a malformed record (version other than 1) or a stream that ends inside a\n"
    "record, every complete record before it is printed, then one line on\n"
    "standard error says what and where.\n"
    "\n"
    "exit codes:\n"
    "  0  the whole stream is complete records\n"
    "  1  a record header with a protocol version other than 1\n"
    "  2  usage error, or FILE cannot be read\n"
    "  3  the stream ends inside a record (truncated)\n";

static const struct option long_options[] = {
    {"offsets", no_argument, NULL, 'o'},
    {"id", required_argument, NULL, 'i'},
    CLI_OPTION_HELP,
    {NULL, 0, NULL, 0},
};

int cmd_dump(int argc, char **argv)
{
    bool offsets = false;
    long only_id = -1;
    cli_common common = {.name = "dump", .usage = usage_text};
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "oh", long_options, NULL)) != -1) {
        if (cli_step(&common, opt, optarg) == 0)
            return DUMP_OK;
        switch (opt) {
        case 'o':
            offsets = true;
            break;
        case 'i': {
            char *end;
            only_id = strtol(optarg, &end, 10);
            if (!*optarg || *end || only_id < 0 || only_id > 65535) {
                fprintf(stderr, "fcgi dump: --id '%s': expected 0..65535\n", optarg);
                return DUMP_USAGE;
            }
            break;
        }
        default:
            fprintf(stderr, "(see fcgi dump --help)\n");
            return DUMP_USAGE;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "fcgi dump: expected at most one FILE\n");
        return DUMP_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : "-";
    int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
    if (fd < 0) {
        fprintf(stderr, "fcgi dump: %s: %s\n", path, strerror(errno));
        return DUMP_USAGE;
    }
    client_conn *c = malloc(sizeof *c);
    if (!c) {
        fprintf(stderr, "fcgi dump: out of memory\n");
        return DUMP_USAGE;
    }
    client_conn_init(c, fd, 0, NULL);

    int rc = DUMP_OK;
    uint64_t records = 0;
    for (;;) {
        fcgi_chunk ch;
        const uint8_t *rec = NULL;
        size_t rec_len = 0;
        client_rx rx = client_conn_wait(c, &ch, &rec, &rec_len, -1, -1);
        if (rx == RX_CHUNK) {
            if (!ch.last || (only_id >= 0 && ch.header.request_id != only_id))
                continue;
            char line[FCGI_DUMP_MAX];
            size_t n = 0;
            if (fcgi_dump_record(line, sizeof line, rec, rec_len, &n) != FCGI_OK)
                snprintf(line, sizeof line, "{Malformed FCGI_Record}");
            if (offsets)
                printf("%llu\t", (unsigned long long)ch.record_offset);
            printf("%s\n", line);
            records++;
            continue;
        }
        fflush(stdout);
        if (rx == RX_EOF && client_conn_at_boundary(c))
            break;
        if (rx == RX_EOF) {
            uint64_t have = c->received - c->rec_start;
            size_t at = (size_t)(c->rec_start - c->base);
            size_t want = fcgi_get_record_length(c->buf + at, c->fill - at);
            if (want)
                fprintf(stderr,
                        "fcgi dump: truncated: the stream ends inside the record at offset "
                        "%llu (%llu of its %zu octets present)\n",
                        (unsigned long long)c->rec_start, (unsigned long long)have, want);
            else
                fprintf(stderr,
                        "fcgi dump: truncated: the stream ends inside the record header at "
                        "offset %llu (%llu of 8 octets present)\n",
                        (unsigned long long)c->rec_start, (unsigned long long)have);
            rc = DUMP_TRUNCATED;
        } else if (rx == RX_MALFORMED) {
            fprintf(stderr,
                    "fcgi dump: malformed: record header at offset %llu has protocol version "
                    "0x%02X (expected 0x01); stopping\n",
                    (unsigned long long)c->rec_start, c->bad_version);
            rc = DUMP_MALFORMED;
        } else {
            fprintf(stderr, "fcgi dump: %s: %s\n", path, strerror(errno));
            rc = DUMP_USAGE;
        }
        break;
    }
    fflush(stdout);
    (void)records;
    if (fd > 0)
        close(fd);
    free(c);
    return rc;
}

// SPDX-License-Identifier: MIT
//
// dump-request: the smallest tour of fcgicodec.  Builds the request a web
// server would send (BEGIN_REQUEST, PARAMS, STDIN) into a buffer, then reads
// it back with the incremental parser, fed 5 octets at a time as if they
// came from a slow socket, and prints each record as Net::FastCGI's
// dump_record() would.
#include <stdio.h>
#include <string.h>

#include <fcgi/fcgi.h>

#define SPAN(s) {(const uint8_t *)(s), sizeof(s) - 1}

int main(void)
{
    static const fcgi_nv_pair params[] = {
        {SPAN("REQUEST_METHOD"), SPAN("POST")},
        {SPAN("SCRIPT_NAME"), SPAN("/hello")},
        {SPAN("CONTENT_LENGTH"), SPAN("11")},
    };
    const fcgi_span body = SPAN("hello world");
    uint8_t wire[512];
    size_t wire_len;

    fcgi_status st = fcgi_build_begin_request(wire, sizeof wire, 1, FCGI_RESPONDER, FCGI_KEEP_CONN,
                                              params, 3, &body, NULL, &wire_len);
    if (st != FCGI_OK) {
        fprintf(stderr, "build: %s\n", fcgi_strerror(st));
        return 1;
    }

    fcgi_parser parser;
    fcgi_parser_init(&parser);
    size_t pos = 0;
    while (pos < wire_len) {
        size_t piece = wire_len - pos < 5 ? wire_len - pos : 5;
        size_t used;
        fcgi_chunk chunk;
        st = fcgi_parser_feed(&parser, wire + pos, piece, &used, &chunk);
        pos += used;
        if (st == FCGI_NEED_MORE)
            continue;
        if (st != FCGI_OK) {
            fprintf(stderr, "parse: %s\n", fcgi_strerror(st));
            return 1;
        }
        if (chunk.last) {
            // The parser hands out spans, not copies; the whole record is
            // still in `wire`, where record_offset says it starts.
            char line[FCGI_DUMP_MAX];
            size_t line_len;
            const uint8_t *rec = wire + chunk.record_offset;
            fcgi_dump_record(line, sizeof line, rec, (size_t)(wire + pos - rec), &line_len);
            printf("%s\n", line);
        }
    }
    return fcgi_parser_at_boundary(&parser) ? 0 : 1;
}

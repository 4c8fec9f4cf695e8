// SPDX-License-Identifier: MIT
/*
 * inputs.h - the octets every benchmark works on.
 *
 * Encoded here by hand (header and pair layouts straight from the spec), not
 * with the codec's builders, so the parse benchmarks do not depend on the
 * code they measure and the build benchmarks have something independent to
 * be compared with.
 */
#ifndef BENCH_INPUTS_H
#define BENCH_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include <fcgi/protocol.h>

/* The pairs nginx's fastcgi_params (plus SCRIPT_FILENAME and the browser's
 * headers) sends for a GET to a PHP front controller. */
extern const fcgi_nv_pair inputs_nginx_pairs[];
extern const size_t inputs_nginx_npairs;

/* A growable octet buffer. */
typedef struct inputs_buf {
    uint8_t *data;
    size_t len;
    size_t cap;
} inputs_buf;

void inputs_buf_free(inputs_buf *b);

/* Appends one record: header, content, zero padding to a multiple of 8. */
void inputs_put_record(inputs_buf *b, uint8_t type, uint16_t id, const void *content,
                       size_t len);

/* Appends the encoding of pairs[0..n). */
void inputs_put_params(inputs_buf *b, const fcgi_nv_pair *pairs, size_t n);

/* Appends the typical request message: BEGIN_REQUEST (responder,
 * keep-conn), one PARAMS record holding every nginx pair, empty PARAMS,
 * empty STDIN. */
void inputs_put_typical_request(inputs_buf *b, uint16_t id);

/* Appends `content` cut into records of `record_len` content octets (the
 * last one shorter), then the empty record that ends the stream. */
void inputs_put_stream(inputs_buf *b, uint8_t type, uint16_t id, const uint8_t *content,
                       size_t len, size_t record_len);

/* Fills buf[0..len) with printable, deterministic text (a CGI response
 * body does not matter to the codec, but dump_record escapes bytes, so keep
 * it realistic). */
void inputs_fill_text(uint8_t *buf, size_t len);

/* Writes buf to dir/name.  Returns 0, or -1 with errno set. */
int inputs_write_file(const char *dir, const char *name, const void *buf, size_t len);

#endif /* BENCH_INPUTS_H */

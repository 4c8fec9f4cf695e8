// SPDX-License-Identifier: MIT
/* fuzz_parse_record - fcgi_parse_record() on any octets.
 *
 * Properties:
 * - it agrees with fcgi_parse_header() + fcgi_parse_record_body() on the
 *   same octets, and *record_len with fcgi_get_record_length();
 * - spans stay inside the input;
 * - build(parse(x)) == x for a record in canonical form (padding present,
 *   zero, of the recommended length; reserved octet zero): the builder
 *   and the parser are each other's inverse. */
#include "fcgi/fcgi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool canonical_record(const uint8_t *x, size_t len, const fcgi_header *h)
{
    const size_t clen = h->content_length;
    const size_t want_pad = (8 - clen % 8) % 8;
    if (h->reserved != 0 || h->padding_length != want_pad)
        return false;
    if (len < FCGI_HEADER_LEN + clen + want_pad)
        return false;
    for (size_t i = 0; i < want_pad; i++)
        if (x[FCGI_HEADER_LEN + clen + i] != 0)
            return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_dup(data, size);
    fcgi_record rec;
    size_t rlen = 12345;
    fcgi_status st = fcgi_parse_record(buf, size, &rec, &rlen);
    FUZZ_CHECK(rlen == fcgi_get_record_length(buf, size));

    fcgi_header h;
    fcgi_status hst = fcgi_parse_header(buf, size, &h);
    if (hst != FCGI_OK) {
        FUZZ_CHECK(st == hst);
    } else if (size - FCGI_HEADER_LEN < h.content_length) {
        FUZZ_CHECK(st == FCGI_E_SHORT_RECORD);
    } else {
        fcgi_record body;
        fcgi_status bst = fcgi_parse_record_body(h.type, h.request_id, buf + FCGI_HEADER_LEN,
                                                 h.content_length, &body);
        FUZZ_CHECK(st == bst);
        /* Without a NULL record_len as well. */
        FUZZ_CHECK(fcgi_parse_record(buf, size, &rec, NULL) == st);
        if (st == FCGI_OK) {
            FUZZ_CHECK(rec.type == h.type && rec.request_id == h.request_id);
            FUZZ_CHECK(rec.content.data == buf + FCGI_HEADER_LEN);
            FUZZ_CHECK(rec.content.len == h.content_length);
            FUZZ_CHECK(memcmp(&rec, &body, sizeof rec) == 0);

            if (canonical_record(buf, size, &h)) {
                size_t need = 0;
                FUZZ_CHECK(fcgi_build_record(NULL, 0, rec.type, rec.request_id,
                                             rec.content.data, rec.content.len,
                                             &need) == FCGI_OK);
                FUZZ_CHECK(need == rlen);
                uint8_t *out = malloc(need);
                size_t len = 0;
                FUZZ_CHECK(out != NULL);
                FUZZ_CHECK(fcgi_build_record(out, need, rec.type, rec.request_id,
                                             rec.content.data, rec.content.len,
                                             &len) == FCGI_OK);
                FUZZ_CHECK(len == need && memcmp(out, buf, len) == 0);
                /* One octet short of room: refused, nothing written. */
                FUZZ_CHECK(fcgi_build_record(out, need - 1, rec.type, rec.request_id,
                                             rec.content.data, rec.content.len,
                                             &len) == FCGI_E_BUFFER_TOO_SMALL);
                free(out);
            }
        }
    }
    free(buf);
    return 0;
}

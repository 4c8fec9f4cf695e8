// SPDX-License-Identifier: MIT
/* fuzz_parse_header - fcgi_parse_header() and fcgi_get_record_length() on
 * any octets: they agree with a field-by-field decode written here, and
 * never read past the input. */
#include "fcgi/fcgi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_dup(data, size);
    fcgi_header h;
    memset(&h, 0xa5, sizeof h);
    fcgi_status st = fcgi_parse_header(buf, size, &h);
    size_t rlen = fcgi_get_record_length(buf, size);

    if (size < FCGI_HEADER_LEN) {
        FUZZ_CHECK(st == FCGI_E_SHORT_HEADER);
        FUZZ_CHECK(rlen == 0);
    } else {
        const size_t clen = (size_t)data[4] << 8 | data[5];
        FUZZ_CHECK(rlen == FCGI_HEADER_LEN + clen + data[6]);
        FUZZ_CHECK(h.version == data[0]);
        if (data[0] != FCGI_VERSION_1) {
            FUZZ_CHECK(st == FCGI_E_VERSION);
        } else {
            FUZZ_CHECK(st == FCGI_OK);
            FUZZ_CHECK(h.type == data[1]);
            FUZZ_CHECK(h.request_id == ((unsigned)data[2] << 8 | data[3]));
            FUZZ_CHECK(h.content_length == clen);
            FUZZ_CHECK(h.padding_length == data[6]);
            FUZZ_CHECK(h.reserved == data[7]);

            /* Building the decoded header gives the input back, except
             * for the reserved octet, which is always written as 0. */
            uint8_t out[FCGI_HEADER_LEN];
            size_t len = 0;
            FUZZ_CHECK(fcgi_build_header(out, sizeof out, h.type, h.request_id,
                                         h.content_length, h.padding_length, &len) == FCGI_OK);
            FUZZ_CHECK(len == FCGI_HEADER_LEN);
            FUZZ_CHECK(memcmp(out, data, 7) == 0 && out[7] == 0);
        }
    }
    free(buf);
    return 0;
}

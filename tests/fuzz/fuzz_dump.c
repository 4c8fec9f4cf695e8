// SPDX-License-Identifier: MIT
/* fuzz_dump - fcgi_dump_record() and fcgi_dump_record_body() on any octets.
 *
 * Properties: the line always fits FCGI_DUMP_MAX, is NUL-terminated,
 * printable ASCII only (every other octet is escaped), and *out_len is its
 * length; the builder convention holds (size query, one octet short,
 * exact fit); dump_record() of a complete record is dump_record_body() of
 * its parts, anything else is "{Malformed FCGI_Record}".
 *
 * The whole input is dumped as a record, and also as a body:
 * [type] [request id, 2 octets] [content ...]. */
#include "fcgi/fcgi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks the line in out (already produced with cap FCGI_DUMP_MAX) and the
 * builder convention by calling `again` with other capacities. */
#define CHECK_LINE(out, n, again)                                              \
    do {                                                                       \
        FUZZ_CHECK((n) < FCGI_DUMP_MAX);                                       \
        FUZZ_CHECK(strlen(out) == (n));                                        \
        for (size_t i_ = 0; i_ < (n); i_++)                                    \
            FUZZ_CHECK((out)[i_] >= 0x20 && (out)[i_] <= 0x7e);                \
        char *b_ = NULL;                                                       \
        size_t cap_ = 0, n2_ = 0;                                              \
        FUZZ_CHECK(again == FCGI_OK && n2_ == (n));                            \
        cap_ = (n);                                                            \
        b_ = malloc(cap_ ? cap_ : 1);                                          \
        FUZZ_CHECK(again == FCGI_E_BUFFER_TOO_SMALL && n2_ == (n));            \
        free(b_);                                                              \
        cap_ = (n) + 1;                                                        \
        b_ = malloc(cap_);                                                     \
        FUZZ_CHECK(again == FCGI_OK && n2_ == (n) && strcmp(b_, out) == 0);    \
        free(b_);                                                              \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = fuzz_dup(data, size);
    char line[FCGI_DUMP_MAX];
    size_t n = 0;

    /* As a record. */
    FUZZ_CHECK(fcgi_dump_record(line, sizeof line, buf, size, &n) == FCGI_OK);
    CHECK_LINE(line, n, fcgi_dump_record(b_, cap_, buf, size, &n2_));
    const size_t rlen = fcgi_get_record_length(buf, size);
    if (rlen == 0 || rlen > size || buf[0] != FCGI_VERSION_1) {
        FUZZ_CHECK(strcmp(line, "{Malformed FCGI_Record}") == 0);
    } else {
        char line2[FCGI_DUMP_MAX];
        size_t n2 = 0;
        FUZZ_CHECK(fcgi_dump_record_body(line2, sizeof line2, buf[1],
                                         (uint16_t)(buf[2] << 8 | buf[3]), buf + 8,
                                         (size_t)buf[4] << 8 | buf[5], &n2) == FCGI_OK);
        FUZZ_CHECK(n2 == n && strcmp(line, line2) == 0);
    }

    /* As a body. */
    fuzz_in in = {data, size};
    const uint8_t type = fuzz_u8(&in);
    const uint16_t id = fuzz_u16(&in);
    const size_t clen = in.left;
    uint8_t *content = fuzz_dup(in.p, clen);
    const void *c = clen ? content : NULL;
    FUZZ_CHECK(fcgi_dump_record_body(line, sizeof line, type, id, c, clen, &n) == FCGI_OK);
    CHECK_LINE(line, n, fcgi_dump_record_body(b_, cap_, type, id, c, clen, &n2_));

    free(content);
    free(buf);
    return 0;
}

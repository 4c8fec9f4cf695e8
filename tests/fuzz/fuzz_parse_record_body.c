// SPDX-License-Identifier: MIT
/* fuzz_parse_record_body - fcgi_parse_record_body() for any type, request
 * id and content, against the table of fcgi/protocol.h restated here
 * independently (which type needs which id and length).
 *
 * Input: [type] [request id, 2 octets] [content ...] */
#include "fcgi/fcgi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What fcgi/protocol.h promises for (type, id, content). */
static fcgi_status expected(uint8_t type, uint16_t id, const uint8_t *c, size_t n)
{
    const bool null_id = id == 0;
    if (n > 65535)
        return FCGI_E_CONTENT_TOO_LONG;
    switch (type) {
    case 1: return (null_id || n != 8) ? FCGI_E_MALFORMED_BEGIN_REQUEST : FCGI_OK;
    case 2: return (null_id || n != 0) ? FCGI_E_MALFORMED_ABORT_REQUEST : FCGI_OK;
    case 3: return (null_id || n != 8) ? FCGI_E_MALFORMED_END_REQUEST : FCGI_OK;
    case 4: return null_id ? FCGI_E_MALFORMED_PARAMS : FCGI_OK;
    case 5: return null_id ? FCGI_E_MALFORMED_STDIN : FCGI_OK;
    case 6: return null_id ? FCGI_E_MALFORMED_STDOUT : FCGI_OK;
    case 7: return null_id ? FCGI_E_MALFORMED_STDERR : FCGI_OK;
    case 8: return null_id ? FCGI_E_MALFORMED_DATA : FCGI_OK;
    case 9:
        if (!null_id)
            return FCGI_E_MALFORMED_GET_VALUES;
        return fcgi_check_params(c, n) ? FCGI_OK : FCGI_E_SHORT_NAME_VALUE_PAIR;
    case 10:
        if (!null_id)
            return FCGI_E_MALFORMED_GET_VALUES_RESULT;
        return fcgi_check_params(c, n) ? FCGI_OK : FCGI_E_SHORT_NAME_VALUE_PAIR;
    case 11: return (!null_id || n != 8) ? FCGI_E_MALFORMED_UNKNOWN_TYPE : FCGI_OK;
    default: return FCGI_OK;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    const uint8_t type = fuzz_u8(&in);
    const uint16_t id = fuzz_u16(&in);
    uint8_t *content = fuzz_dup(in.p, in.left);
    const size_t n = in.left;

    fcgi_record r;
    fcgi_status st = fcgi_parse_record_body(type, id, n ? content : NULL, n, &r);
    FUZZ_CHECK(st == expected(type, id, content, n));
    if (st == FCGI_OK) {
        FUZZ_CHECK(r.type == type && r.request_id == id);
        FUZZ_CHECK(r.content.len == n && (n == 0 || r.content.data == content));
        uint16_t role = 0;
        uint8_t flags = 0, pstat = 0, utype = 0;
        uint32_t app = 0;
        if (type == FCGI_BEGIN_REQUEST) {
            role = (uint16_t)(content[0] << 8 | content[1]);
            flags = content[2];
        } else if (type == FCGI_END_REQUEST) {
            app = (uint32_t)content[0] << 24 | (uint32_t)content[1] << 16 |
                  (uint32_t)content[2] << 8 | content[3];
            pstat = content[4];
        } else if (type == FCGI_UNKNOWN_TYPE) {
            utype = content[0];
        }
        FUZZ_CHECK(r.role == role && r.flags == flags);
        FUZZ_CHECK(r.app_status == app && r.protocol_status == pstat);
        FUZZ_CHECK(r.unknown_type == utype);
    }
    /* A NULL content with a non-zero length is an argument error. */
    if (n > 0)
        FUZZ_CHECK(fcgi_parse_record_body(type, id, NULL, n, &r) ==
                   (n > 65535 ? FCGI_E_CONTENT_TOO_LONG : FCGI_E_INVALID_ARGUMENT));
    free(content);
    return 0;
}

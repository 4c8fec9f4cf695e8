// SPDX-License-Identifier: MIT
/* protocol.c - FCGI_Header, the discrete bodies and records, whole records,
 * streams and the begin/end request messages, with Net::FastCGI::Protocol's
 * behaviour (see Net/FastCGI/Protocol/PP.pm) and fcgi/protocol.h's shapes.
 *
 * Builders first compute the exact size, then write in one pass, so a too
 * small buffer is detected before anything is written. */
#include <stdint.h>
#include <string.h>

#include "fcgi/protocol.h"
#include "internal.h"
#include "params_internal.h"

/* ---- helpers ------------------------------------------------------------ */

static void put_header(uint8_t *p, uint8_t type, uint16_t request_id, uint16_t content_length,
                       uint8_t padding_length)
{
    p[0] = FCGI_VERSION_1;
    p[1] = type;
    fcgi__put_u16(p + 2, request_id);
    fcgi__put_u16(p + 4, content_length);
    p[6] = padding_length;
    p[7] = 0;
}

/* The one place the builder convention of protocol.h is decided. */
static fcgi_status size_check(const void *buf, size_t cap, size_t need, size_t *len)
{
    *len = need;
    if (buf == NULL)
        return FCGI_OK;
    return cap < need ? FCGI_E_BUFFER_TOO_SMALL : FCGI_OK;
}

static int span_ok(const fcgi_span *s)
{
    return s == NULL || s->data != NULL || s->len == 0;
}

/* Adds b to *acc unless that overflows a size_t. */
static int add_size(size_t *acc, size_t b)
{
    if (b > SIZE_MAX - *acc)
        return 0;
    *acc += b;
    return 1;
}

/* Size of build_stream's output for `content_len` octets: full unpadded
 * records of FCGI_SEGMENT_LEN, a padded remainder, an optional empty
 * terminator.  0 when it does not fit a size_t (never a real stream size
 * when content_len > 0). */
static int stream_size(size_t content_len, bool terminate, size_t *size)
{
    size_t full = content_len / FCGI_SEGMENT_LEN;
    size_t rem = content_len % FCGI_SEGMENT_LEN;
    size_t total = 0;

    if (full > SIZE_MAX / (FCGI_SEGMENT_LEN + FCGI_HEADER_LEN))
        return 0;
    total = full * (FCGI_SEGMENT_LEN + FCGI_HEADER_LEN);
    if (rem > 0 && !add_size(&total, FCGI_HEADER_LEN + rem + fcgi__padding_for(rem)))
        return 0;
    if (terminate && !add_size(&total, FCGI_HEADER_LEN))
        return 0;
    *size = total;
    return 1;
}

/* Writes `content` as a stream of `type` records (see stream_size) and
 * returns the end. */
static uint8_t *write_stream(uint8_t *out, uint8_t type, uint16_t request_id, const void *content,
                             size_t content_len, bool terminate)
{
    const uint8_t *p = content;

    while (content_len > 0) {
        size_t seg = content_len < FCGI_SEGMENT_LEN ? content_len : FCGI_SEGMENT_LEN;
        uint8_t padding = fcgi__padding_for(seg);

        put_header(out, type, request_id, (uint16_t)seg, padding);
        memcpy(out + FCGI_HEADER_LEN, p, seg);
        memset(out + FCGI_HEADER_LEN + seg, 0, padding);
        out += FCGI_HEADER_LEN + seg + padding;
        p += seg;
        content_len -= seg;
    }
    if (terminate) {
        put_header(out, type, request_id, 0, 0);
        out += FCGI_HEADER_LEN;
    }
    return out;
}

/* Writes the terminated FCGI_PARAMS stream of pairs[0..n), whose encoding
 * (checked by fcgi__params_size) is params_len octets, and returns the end.
 *
 * The pairs are encoded in one pass, contiguously, right after the first
 * header; a stream writer that cut every name and value at record
 * boundaries as it went cost three calls per pair and was most of
 * build_begin_request's time.  Every real request fits one record.  For a
 * longer stream, the segments are then moved right, last first, to open
 * room for each record's header: record i's content moves by 8 * i octets,
 * onto octets whose own content has already moved, and its header lands
 * on octets of segment i's old place.  Only the last record can need
 * padding (FCGI_SEGMENT_LEN is a multiple of 8), and it lies past all the
 * content. */
static uint8_t *write_params_stream(uint8_t *out, uint16_t request_id, const fcgi_nv_pair *pairs,
                                    size_t n, size_t params_len)
{
    size_t full = params_len / FCGI_SEGMENT_LEN, rem = params_len % FCGI_SEGMENT_LEN;
    size_t records = full + (rem > 0), i;
    uint8_t last_padding = fcgi__padding_for(rem);

    fcgi__params_encode(out + FCGI_HEADER_LEN, pairs, n);
    for (i = records; i-- > 0;) {
        size_t seg = i < full ? FCGI_SEGMENT_LEN : rem;
        uint8_t padding = i < full ? 0 : last_padding;
        uint8_t *rec = out + i * (FCGI_HEADER_LEN + FCGI_SEGMENT_LEN);

        if (i > 0)
            memmove(rec + FCGI_HEADER_LEN, out + FCGI_HEADER_LEN + i * FCGI_SEGMENT_LEN, seg);
        put_header(rec, FCGI_PARAMS, request_id, (uint16_t)seg, padding);
        memset(rec + FCGI_HEADER_LEN + seg, 0, padding);
    }
    out += records * FCGI_HEADER_LEN + params_len + last_padding;
    put_header(out, FCGI_PARAMS, request_id, 0, 0);
    return out + FCGI_HEADER_LEN;
}

static void write_record(uint8_t *out, uint8_t type, uint16_t request_id, const void *content,
                         size_t content_len)
{
    uint8_t padding = fcgi__padding_for(content_len);

    put_header(out, type, request_id, (uint16_t)content_len, padding);
    if (content_len > 0)
        memcpy(out + FCGI_HEADER_LEN, content, content_len);
    memset(out + FCGI_HEADER_LEN + content_len, 0, padding);
}

/* ---- FCGI_Header -------------------------------------------------------- */

fcgi_status fcgi_build_header(void *buf, size_t cap, uint8_t type, uint16_t request_id,
                              uint16_t content_length, uint8_t padding_length, size_t *len)
{
    fcgi_status st = size_check(buf, cap, FCGI_HEADER_LEN, len);

    if (st == FCGI_OK && buf != NULL)
        put_header(buf, type, request_id, content_length, padding_length);
    return st;
}

fcgi_status fcgi_parse_header(const void *buf, size_t len, fcgi_header *out)
{
    const uint8_t *p = buf;

    if (len < FCGI_HEADER_LEN)
        return FCGI_E_SHORT_HEADER;
    fcgi__decode_header(p, out);
    return p[0] == FCGI_VERSION_1 ? FCGI_OK : FCGI_E_VERSION;
}

size_t fcgi_get_record_length(const void *buf, size_t len)
{
    const uint8_t *p = buf;

    if (len < FCGI_HEADER_LEN)
        return 0;
    return FCGI_HEADER_LEN + (size_t)fcgi__get_u16(p + 4) + p[6];
}

/* ---- discrete bodies ---------------------------------------------------- */

fcgi_status fcgi_build_begin_request_body(void *buf, size_t cap, uint16_t role, uint8_t flags,
                                          size_t *len)
{
    fcgi_status st = size_check(buf, cap, 8, len);
    uint8_t *p = buf;

    if (st == FCGI_OK && p != NULL) {
        memset(p, 0, 8);
        fcgi__put_u16(p, role);
        p[2] = flags;
    }
    return st;
}

fcgi_status fcgi_parse_begin_request_body(const void *buf, size_t len,
                                          fcgi_begin_request_body *out)
{
    const uint8_t *p = buf;

    if (len < 8)
        return FCGI_E_SHORT_BEGIN_REQUEST_BODY;
    out->role = fcgi__get_u16(p);
    out->flags = p[2];
    return FCGI_OK;
}

fcgi_status fcgi_build_end_request_body(void *buf, size_t cap, uint32_t app_status,
                                        uint8_t protocol_status, size_t *len)
{
    fcgi_status st = size_check(buf, cap, 8, len);
    uint8_t *p = buf;

    if (st == FCGI_OK && p != NULL) {
        memset(p, 0, 8);
        fcgi__put_u32(p, app_status);
        p[4] = protocol_status;
    }
    return st;
}

fcgi_status fcgi_parse_end_request_body(const void *buf, size_t len, fcgi_end_request_body *out)
{
    const uint8_t *p = buf;

    if (len < 8)
        return FCGI_E_SHORT_END_REQUEST_BODY;
    out->app_status = fcgi__get_u32(p);
    out->protocol_status = p[4];
    return FCGI_OK;
}

fcgi_status fcgi_build_unknown_type_body(void *buf, size_t cap, uint8_t type, size_t *len)
{
    fcgi_status st = size_check(buf, cap, 8, len);
    uint8_t *p = buf;

    if (st == FCGI_OK && p != NULL) {
        memset(p, 0, 8);
        p[0] = type;
    }
    return st;
}

fcgi_status fcgi_parse_unknown_type_body(const void *buf, size_t len, uint8_t *type)
{
    const uint8_t *p = buf;

    if (len < 8)
        return FCGI_E_SHORT_UNKNOWN_TYPE_BODY;
    *type = p[0];
    return FCGI_OK;
}

/* ---- discrete records (header + 8-octet body, never padded) ------------- */

fcgi_status fcgi_build_begin_request_record(void *buf, size_t cap, uint16_t request_id,
                                            uint16_t role, uint8_t flags, size_t *len)
{
    fcgi_status st = size_check(buf, cap, 16, len);
    size_t body;

    if (st == FCGI_OK && buf != NULL) {
        put_header(buf, FCGI_BEGIN_REQUEST, request_id, 8, 0);
        fcgi_build_begin_request_body((uint8_t *)buf + 8, 8, role, flags, &body);
    }
    return st;
}

fcgi_status fcgi_build_end_request_record(void *buf, size_t cap, uint16_t request_id,
                                          uint32_t app_status, uint8_t protocol_status,
                                          size_t *len)
{
    fcgi_status st = size_check(buf, cap, 16, len);
    size_t body;

    if (st == FCGI_OK && buf != NULL) {
        put_header(buf, FCGI_END_REQUEST, request_id, 8, 0);
        fcgi_build_end_request_body((uint8_t *)buf + 8, 8, app_status, protocol_status, &body);
    }
    return st;
}

fcgi_status fcgi_build_unknown_type_record(void *buf, size_t cap, uint8_t type, size_t *len)
{
    fcgi_status st = size_check(buf, cap, 16, len);
    size_t body;

    if (st == FCGI_OK && buf != NULL) {
        put_header(buf, FCGI_UNKNOWN_TYPE, FCGI_NULL_REQUEST_ID, 8, 0);
        fcgi_build_unknown_type_body((uint8_t *)buf + 8, 8, type, &body);
    }
    return st;
}

/* ---- records ------------------------------------------------------------ */

fcgi_status fcgi_build_record(void *buf, size_t cap, uint8_t type, uint16_t request_id,
                              const void *content, size_t content_len, size_t *len)
{
    if (content_len > FCGI_MAX_CONTENT_LEN) {
        *len = 0;
        return FCGI_E_CONTENT_TOO_LONG;
    }
    if (content == NULL && content_len > 0) {
        *len = 0;
        return FCGI_E_INVALID_ARGUMENT;
    }
    fcgi_status st = size_check(buf, cap,
                                FCGI_HEADER_LEN + content_len + fcgi__padding_for(content_len), len);
    if (st == FCGI_OK && buf != NULL)
        write_record(buf, type, request_id, content, content_len);
    return st;
}

/* What the specification asks of each known type, indexed by type: which
 * request ids (section 3.3: 0 for management records, any other for
 * application records), which content length (the discrete bodies are 8
 * octets, ABORT_REQUEST has none), and the status that names the type
 * when either is broken. */
enum { ID_APPLICATION, ID_MANAGEMENT };
enum { LEN_ANY = -1 };

static const struct record_rule {
    uint8_t id;
    int8_t length;
    fcgi_status malformed;
} record_rules[FCGI_MAXTYPE + 1] = {
    [FCGI_BEGIN_REQUEST] = {ID_APPLICATION, 8, FCGI_E_MALFORMED_BEGIN_REQUEST},
    [FCGI_ABORT_REQUEST] = {ID_APPLICATION, 0, FCGI_E_MALFORMED_ABORT_REQUEST},
    [FCGI_END_REQUEST] = {ID_APPLICATION, 8, FCGI_E_MALFORMED_END_REQUEST},
    [FCGI_PARAMS] = {ID_APPLICATION, LEN_ANY, FCGI_E_MALFORMED_PARAMS},
    [FCGI_STDIN] = {ID_APPLICATION, LEN_ANY, FCGI_E_MALFORMED_STDIN},
    [FCGI_STDOUT] = {ID_APPLICATION, LEN_ANY, FCGI_E_MALFORMED_STDOUT},
    [FCGI_STDERR] = {ID_APPLICATION, LEN_ANY, FCGI_E_MALFORMED_STDERR},
    [FCGI_DATA] = {ID_APPLICATION, LEN_ANY, FCGI_E_MALFORMED_DATA},
    [FCGI_GET_VALUES] = {ID_MANAGEMENT, LEN_ANY, FCGI_E_MALFORMED_GET_VALUES},
    [FCGI_GET_VALUES_RESULT] = {ID_MANAGEMENT, LEN_ANY, FCGI_E_MALFORMED_GET_VALUES_RESULT},
    [FCGI_UNKNOWN_TYPE] = {ID_MANAGEMENT, 8, FCGI_E_MALFORMED_UNKNOWN_TYPE},
};

fcgi_status fcgi_check_request_id(uint8_t type, uint16_t request_id)
{
    if (!fcgi_is_known_type(type))
        return FCGI_OK;
    if (record_rules[type].id == ID_MANAGEMENT)
        return request_id == FCGI_NULL_REQUEST_ID ? FCGI_OK : FCGI_E_REQUEST_ID_NOT_NULL;
    return request_id != FCGI_NULL_REQUEST_ID ? FCGI_OK : FCGI_E_REQUEST_ID_NULL;
}

fcgi_status fcgi_check_content_length(uint8_t type, size_t content_len)
{
    if (content_len > FCGI_MAX_CONTENT_LEN)
        return FCGI_E_CONTENT_TOO_LONG;
    if (!fcgi_is_known_type(type) || record_rules[type].length == LEN_ANY)
        return FCGI_OK;
    return content_len == (size_t)record_rules[type].length ? FCGI_OK : FCGI_E_CONTENT_LENGTH;
}

fcgi_status fcgi_parse_record_body(uint8_t type, uint16_t request_id, const void *content,
                                   size_t content_len, fcgi_record *out)
{
    const uint8_t *p = content;

    if (content_len > FCGI_MAX_CONTENT_LEN)
        return FCGI_E_CONTENT_TOO_LONG;
    if (p == NULL && content_len > 0)
        return FCGI_E_INVALID_ARGUMENT;

    memset(out, 0, sizeof *out);
    out->type = type;
    out->request_id = request_id;
    out->content.data = p;
    out->content.len = content_len;

    /* Unknown record types pass through: the caller decides. */
    if (!fcgi_is_known_type(type))
        return FCGI_OK;
    if (fcgi_check_request_id(type, request_id) != FCGI_OK ||
        fcgi_check_content_length(type, content_len) != FCGI_OK)
        return record_rules[type].malformed;

    switch (type) {
    case FCGI_BEGIN_REQUEST:
        out->role = fcgi__get_u16(p);
        out->flags = p[2];
        break;
    case FCGI_END_REQUEST:
        out->app_status = fcgi__get_u32(p);
        out->protocol_status = p[4];
        break;
    case FCGI_GET_VALUES:
    case FCGI_GET_VALUES_RESULT:
        return fcgi_check_params(p, content_len) ? FCGI_OK : FCGI_E_SHORT_NAME_VALUE_PAIR;
    case FCGI_UNKNOWN_TYPE:
        out->unknown_type = p[0];
        break;
    default: /* ABORT_REQUEST and the streams: the content is the body */
        break;
    }
    return FCGI_OK;
}

fcgi_status fcgi_parse_record(const void *buf, size_t len, fcgi_record *out, size_t *record_len)
{
    fcgi_header h;
    fcgi_status st;

    if (record_len != NULL)
        *record_len = fcgi_get_record_length(buf, len);
    st = fcgi_parse_header(buf, len, &h);
    if (st != FCGI_OK)
        return st;
    /* As in Perl, the padding need not be present. */
    if (len - FCGI_HEADER_LEN < h.content_length)
        return FCGI_E_SHORT_RECORD;
    return fcgi_parse_record_body(h.type, h.request_id, (const uint8_t *)buf + FCGI_HEADER_LEN,
                                  h.content_length, out);
}

/* ---- streams and whole messages ----------------------------------------- */

fcgi_status fcgi_build_stream(void *buf, size_t cap, uint8_t type, uint16_t request_id,
                              const void *content, size_t content_len, bool terminate, size_t *len)
{
    size_t need;
    fcgi_status st;

    *len = 0;
    if (content == NULL && content_len > 0)
        return FCGI_E_INVALID_ARGUMENT;
    if (!stream_size(content_len, terminate, &need))
        return FCGI_E_INVALID_ARGUMENT;
    st = size_check(buf, cap, need, len);
    if (st == FCGI_OK && buf != NULL)
        write_stream(buf, type, request_id, content, content_len, terminate);
    return st;
}

fcgi_status fcgi_build_begin_request(void *buf, size_t cap, uint16_t request_id, uint16_t role,
                                     uint8_t flags, const fcgi_nv_pair *params, size_t nparams,
                                     const fcgi_span *stdin_, const fcgi_span *data, size_t *len)
{
    size_t params_len, need = 16, part;
    fcgi_status st;
    uint8_t *p = buf;

    *len = 0;
    if (data != NULL && stdin_ == NULL)
        return FCGI_E_INVALID_ARGUMENT;
    if (!span_ok(stdin_) || !span_ok(data))
        return FCGI_E_INVALID_ARGUMENT;
    st = fcgi__params_size(params, nparams, &params_len);
    if (st != FCGI_OK)
        return st;
    if (!stream_size(params_len, true, &part) || !add_size(&need, part))
        return FCGI_E_INVALID_ARGUMENT;
    if (stdin_ != NULL && (!stream_size(stdin_->len, true, &part) || !add_size(&need, part)))
        return FCGI_E_INVALID_ARGUMENT;
    if (data != NULL && (!stream_size(data->len, true, &part) || !add_size(&need, part)))
        return FCGI_E_INVALID_ARGUMENT;
    st = size_check(buf, cap, need, len);
    if (st != FCGI_OK || buf == NULL)
        return st;

    put_header(p, FCGI_BEGIN_REQUEST, request_id, 8, 0);
    fcgi_build_begin_request_body(p + 8, 8, role, flags, &part);
    p = write_params_stream(p + 16, request_id, params, nparams, params_len);

    if (stdin_ != NULL)
        p = write_stream(p, FCGI_STDIN, request_id, stdin_->data, stdin_->len, true);
    if (data != NULL)
        write_stream(p, FCGI_DATA, request_id, data->data, data->len, true);
    return FCGI_OK;
}

/* The record writer behind fcgi_build_params_records().  One pass both
 * counts (out NULL) and writes, so the size query and the octets written
 * cannot disagree.  A record's header is written when the record is closed,
 * once its content length is known. */
typedef struct params_packer {
    uint8_t *out;       /* NULL: count only */
    size_t size;        /* octets so far, closed records and open content */
    size_t rec;         /* offset of the open record's header */
    size_t fill;        /* content octets in the open record; 0: none open */
    size_t max;
    uint16_t request_id;
    int overflow;       /* the size does not fit a size_t */
} params_packer;

static void packer_close(params_packer *k)
{
    uint8_t padding = fcgi__padding_for(k->fill);

    if (k->fill == 0)
        return;
    if (k->out != NULL) {
        put_header(k->out + k->rec, FCGI_PARAMS, k->request_id, (uint16_t)k->fill, padding);
        memset(k->out + k->size, 0, padding);
    }
    if (!add_size(&k->size, padding))
        k->overflow = 1;
    k->fill = 0;
}

/* Appends src[0..n) as content, opening records (and closing full ones)
 * as needed. */
static void packer_put(params_packer *k, const uint8_t *src, size_t n)
{
    while (n > 0 && !k->overflow) {
        size_t take;

        if (k->fill == k->max)
            packer_close(k);
        if (k->fill == 0) {
            k->rec = k->size;
            if (!add_size(&k->size, FCGI_HEADER_LEN)) {
                k->overflow = 1;
                return;
            }
        }
        take = k->max - k->fill < n ? k->max - k->fill : n;
        if (k->out != NULL)
            memcpy(k->out + k->size, src, take);
        if (!add_size(&k->size, take)) {
            k->overflow = 1;
            return;
        }
        k->fill += take;
        src += take;
        n -= take;
    }
}

/* Packs every pair (checked by fcgi__params_size() first);
 * FCGI_E_PAIR_TOO_LONG when one exceeds a record and splitting is not
 * allowed. */
static fcgi_status pack_params(params_packer *k, const fcgi_nv_pair *pairs, size_t n,
                               unsigned flags)
{
    size_t i;

    for (i = 0; i < n && !k->overflow; i++) {
        size_t nlen = pairs[i].name.len, vlen = pairs[i].value.len;
        uint8_t prefix[8];
        /* fcgi__params_size() has checked that all the pairs together
         * fit a size_t, so one pair does. */
        size_t pair = fcgi__nv_len_size(nlen) + fcgi__nv_len_size(vlen) + nlen + vlen;
        size_t plen;

        if (pair > k->max && !(flags & FCGI_PARAMS_SPLIT))
            return FCGI_E_PAIR_TOO_LONG;
        if (pair <= k->max && pair > k->max - k->fill)
            packer_close(k);
        plen = fcgi__nv_put_len(prefix, nlen);
        plen += fcgi__nv_put_len(prefix + plen, vlen);
        packer_put(k, prefix, plen);
        packer_put(k, pairs[i].name.data, nlen);
        packer_put(k, pairs[i].value.data, vlen);
    }
    packer_close(k);
    if (!k->overflow && (flags & FCGI_PARAMS_TERMINATE)) {
        if (k->out != NULL)
            put_header(k->out + k->size, FCGI_PARAMS, k->request_id, 0, 0);
        if (!add_size(&k->size, FCGI_HEADER_LEN))
            k->overflow = 1;
    }
    return k->overflow ? FCGI_E_INVALID_ARGUMENT : FCGI_OK;
}

fcgi_status fcgi_build_params_records(void *buf, size_t cap, uint16_t request_id,
                                      const fcgi_nv_pair *pairs, size_t n, size_t max_content,
                                      unsigned flags, size_t *len)
{
    params_packer k = {NULL, 0, 0, 0, max_content, request_id, 0};
    size_t encoded;
    fcgi_status st;

    *len = 0;
    if (max_content == 0 || max_content > FCGI_MAX_CONTENT_LEN ||
        (flags & ~(FCGI_PARAMS_TERMINATE | FCGI_PARAMS_SPLIT)) != 0)
        return FCGI_E_INVALID_ARGUMENT;
    st = fcgi__params_size(pairs, n, &encoded);
    if (st != FCGI_OK)
        return st;
    st = pack_params(&k, pairs, n, flags);
    if (st != FCGI_OK)
        return st;
    st = size_check(buf, cap, k.size, len);
    if (st != FCGI_OK || buf == NULL)
        return st;
    k = (params_packer){buf, 0, 0, 0, max_content, request_id, 0};
    return pack_params(&k, pairs, n, flags);
}

fcgi_status fcgi_build_end_request(void *buf, size_t cap, uint16_t request_id,
                                   uint32_t app_status, uint8_t protocol_status,
                                   const fcgi_span *stdout_, const fcgi_span *stderr_, size_t *len)
{
    size_t need = 16, part;
    fcgi_status st;
    uint8_t *p = buf;

    *len = 0;
    if (stderr_ != NULL && stdout_ == NULL)
        return FCGI_E_INVALID_ARGUMENT;
    if (!span_ok(stdout_) || !span_ok(stderr_))
        return FCGI_E_INVALID_ARGUMENT;
    if (stdout_ != NULL && (!stream_size(stdout_->len, true, &part) || !add_size(&need, part)))
        return FCGI_E_INVALID_ARGUMENT;
    if (stderr_ != NULL && (!stream_size(stderr_->len, true, &part) || !add_size(&need, part)))
        return FCGI_E_INVALID_ARGUMENT;
    st = size_check(buf, cap, need, len);
    if (st != FCGI_OK || buf == NULL)
        return st;

    if (stdout_ != NULL)
        p = write_stream(p, FCGI_STDOUT, request_id, stdout_->data, stdout_->len, true);
    if (stderr_ != NULL)
        p = write_stream(p, FCGI_STDERR, request_id, stderr_->data, stderr_->len, true);
    put_header(p, FCGI_END_REQUEST, request_id, 8, 0);
    fcgi_build_end_request_body(p + 8, 8, app_status, protocol_status, &part);
    return FCGI_OK;
}

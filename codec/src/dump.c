// SPDX-License-Identifier: MIT
/* dump.c - one-line descriptions of records, byte for byte those of
 * Net::FastCGI::Protocol's dump_record() and dump_record_body() (with
 * $DUMP_RECORD_MAX = 78 and $DUMP_RECORD_ALIGN off, their defaults).
 *
 * Perl escapes a prefix of the content, then replaces everything from
 * character 73 on with " ... " when the escaped text is longer than 78.
 * That result depends only on the first 79 escaped characters, so we
 * escape octets until we have 79 characters and stop.
 *
 * Deliberate difference: a name-value length sent in the 4-octet form with
 * a value below 128 is decoded correctly here; Perl advances one octet
 * instead of four and prints garbage (see fcgi/protocol.h). */
#include <stdio.h>
#include <string.h>

#include "fcgi/protocol.h"
#include "internal.h"
#include "params_internal.h"

#define DUMP_RECORD_MAX 78

/* The first DUMP_RECORD_MAX + 1 characters of an escaped text. */
typedef struct esc_text {
    char s[DUMP_RECORD_MAX + 1];
    size_t n;
} esc_text;

static const char hex_digits[] = "0123456789ABCDEF";

static bool et_full(const esc_text *t)
{
    return t->n > DUMP_RECORD_MAX;
}

static void et_put(esc_text *t, char c)
{
    if (t->n <= DUMP_RECORD_MAX)
        t->s[t->n++] = c;
}

/* \xNN, upper case, as sprintf('\\x%.2X'). */
static void et_hex(esc_text *t, uint8_t c)
{
    et_put(t, '\\');
    et_put(t, 'x');
    et_put(t, hex_digits[c >> 4]);
    et_put(t, hex_digits[c & 0xf]);
}

/* \ooo, as sprintf('\\%.3o') on a length octet. */
static void et_octal(esc_text *t, uint8_t c)
{
    et_put(t, '\\');
    et_put(t, (char)('0' + (c >> 6)));
    et_put(t, (char)('0' + ((c >> 3) & 7)));
    et_put(t, (char)('0' + (c & 7)));
}

/* Perl's three substitutions in order: backslash and double quote get a
 * backslash; \a \b \t \n \f \r their C escape; anything else outside
 * 0x20..0x7E becomes \xNN. */
static void et_text(esc_text *t, uint8_t c)
{
    char e = 0;

    switch (c) {
    case '\\': e = '\\'; break;
    case '"': e = '"'; break;
    case '\a': e = 'a'; break;
    case '\b': e = 'b'; break;
    case '\t': e = 't'; break;
    case '\n': e = 'n'; break;
    case '\f': e = 'f'; break;
    case '\r': e = 'r'; break;
    default:
        if (c >= 0x20 && c <= 0x7e)
            et_put(t, (char)c);
        else
            et_hex(t, c);
        return;
    }
    et_put(t, '\\');
    et_put(t, e);
}

/* Quotes the text into out, truncating as Perl's
 * substr($out, $max - 5) = ' ... ' if length $out > $max. */
static void et_finish(const esc_text *t, char *out, size_t cap)
{
    if (t->n > DUMP_RECORD_MAX)
        snprintf(out, cap, "\"%.*s ... \"", DUMP_RECORD_MAX - 5, t->s);
    else
        snprintf(out, cap, "\"%.*s\"", (int)t->n, t->s);
}

static void dump_params(char *out, size_t cap, const uint8_t *p, size_t len)
{
    esc_text t = {.n = 0};
    size_t left = len;

    if (len == 0) {
        snprintf(out, cap, "\"\"");
        return;
    }
    if (!fcgi_check_params(p, len)) {
        snprintf(out, cap, "Malformed FCGI_NameValuePair(s)");
        return;
    }
    while (left > 0 && !et_full(&t)) {
        const uint8_t *head = p;
        fcgi_nv_pair pr;
        size_t i, body;

        if (!fcgi__nv_next(&p, &left, &pr))
            break; /* cannot happen: checked above */
        for (; head < pr.name.data; head++)
            et_octal(&t, *head);
        /* name and value are adjacent: escape them as one run */
        body = pr.name.len + pr.value.len;
        for (i = 0; i < body && !et_full(&t); i++)
            et_text(&t, pr.name.data[i]);
    }
    et_finish(&t, out, cap);
}

static void dump_content(char *out, size_t cap, const uint8_t *p, size_t len)
{
    esc_text t = {.n = 0};
    size_t count = 0, i;
    bool binary;

    if (len == 0) {
        snprintf(out, cap, "\"\"");
        return;
    }
    /* Perl counts /[\r\n\t\x20-\x7E]/ over the whole content and compares
     * the ratio in floating point; so do we. */
    for (i = 0; i < len; i++)
        count += (p[i] >= 0x20 && p[i] <= 0x7e) || p[i] == '\r' || p[i] == '\n' || p[i] == '\t';
    binary = (double)count / (double)len < 0.7;
    for (i = 0; i < len && !et_full(&t); i++) {
        if (binary)
            et_hex(&t, p[i]);
        else
            et_text(&t, p[i]);
    }
    et_finish(&t, out, cap);
}

static void dump_discrete(char *out, size_t cap, uint8_t type, const uint8_t *p, size_t len)
{
    char name[FCGI_NAME_BUF_LEN];

    if (len != 8) {
        const char *body = type == FCGI_BEGIN_REQUEST ? "FCGI_BeginRequestBody"
                           : type == FCGI_END_REQUEST ? "FCGI_EndRequestBody"
                                                      : "FCGI_UnknownTypeBody";
        snprintf(out, cap, "{Malformed %s (expected 8 octets got %zu)}", body, len);
    } else if (type == FCGI_BEGIN_REQUEST) {
        uint8_t flags = p[2];
        char flag_text[32];

        if (flags == 0)
            snprintf(flag_text, sizeof flag_text, "0");
        else if (flags == FCGI_KEEP_CONN)
            snprintf(flag_text, sizeof flag_text, "FCGI_KEEP_CONN");
        else if (flags & FCGI_KEEP_CONN)
            snprintf(flag_text, sizeof flag_text, "FCGI_KEEP_CONN|0x%.2X",
                     (unsigned)(flags & ~FCGI_KEEP_CONN));
        else
            snprintf(flag_text, sizeof flag_text, "0x%.2X", (unsigned)flags);
        snprintf(out, cap, "{%s, %s}", fcgi_get_role_name(fcgi__get_u16(p), name), flag_text);
    } else if (type == FCGI_END_REQUEST) {
        /* Perl prints the unsigned 32-bit app_status with %d on a 64-bit
         * IV, i.e. as an unsigned decimal. */
        snprintf(out, cap, "{%lu, %s}", (unsigned long)fcgi__get_u32(p),
                 fcgi_get_protocol_status_name(p[4], name));
    } else {
        snprintf(out, cap, "{%s}", fcgi_get_type_name(p[0], name));
    }
}

/* The builder convention of protocol.h for a NUL-terminated string. */
static fcgi_status emit(char *buf_out, size_t cap, const char *s, size_t *out_len)
{
    size_t n = strlen(s);

    *out_len = n;
    if (buf_out == NULL)
        return FCGI_OK;
    if (cap <= n)
        return FCGI_E_BUFFER_TOO_SMALL;
    memcpy(buf_out, s, n + 1);
    return FCGI_OK;
}

fcgi_status fcgi_dump_record_body(char *buf_out, size_t cap, uint8_t type, uint16_t request_id,
                                  const void *content, size_t content_len, size_t *out_len)
{
    const uint8_t *p = content;
    /* body: at most 78 + 2 quotes, or a malformed-body message with a
     * 20-digit length; the line adds at most 22 + 5 + 7. */
    char body[88];
    char line[FCGI_DUMP_MAX];
    char name[FCGI_NAME_BUF_LEN];

    if (p == NULL && content_len > 0) {
        *out_len = 0;
        return FCGI_E_INVALID_ARGUMENT;
    }
    switch (type) {
    case FCGI_PARAMS:
    case FCGI_GET_VALUES:
    case FCGI_GET_VALUES_RESULT:
        dump_params(body, sizeof body, p, content_len);
        break;
    case FCGI_BEGIN_REQUEST:
    case FCGI_END_REQUEST:
    case FCGI_UNKNOWN_TYPE:
        dump_discrete(body, sizeof body, type, p, content_len);
        break;
    default:
        dump_content(body, sizeof body, p, content_len);
        break;
    }
    snprintf(line, sizeof line, "{%s, %u, %s}", fcgi_get_type_name(type, name),
             (unsigned)request_id, body);
    return emit(buf_out, cap, line, out_len);
}

fcgi_status fcgi_dump_record(char *buf_out, size_t cap, const void *buf, size_t len,
                             size_t *out_len)
{
    const uint8_t *p = buf;
    size_t rlen = fcgi_get_record_length(buf, len);

    /* Unlike parse_record, dump_record wants the padding present too. */
    if (rlen == 0 || rlen > len || p[0] != FCGI_VERSION_1)
        return emit(buf_out, cap, "{Malformed FCGI_Record}", out_len);
    return fcgi_dump_record_body(buf_out, cap, p[1], fcgi__get_u16(p + 2), p + FCGI_HEADER_LEN,
                                 fcgi__get_u16(p + 4), out_len);
}

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
 * The line is assembled by hand in a local buffer, left to right: this
 * runs once per record in the dissector and in `fcgi dump`, where snprintf
 * (three calls per record) would take half the time of a BEGIN_REQUEST or
 * END_REQUEST dump.  The buffer is larger than any line, so pieces may be
 * written with fixed-size moves that run a little past their end (names
 * as whole slots, escapes as up to 4 characters) and the line is then
 * measured by where the writing pointer stopped.
 *
 * Deliberate difference: a name-value length sent in the 4-octet form with
 * a value below 128 is decoded correctly here; Perl advances one octet
 * instead of four and prints garbage (see fcgi/protocol.h). */
#include <string.h>

#include "fcgi/protocol.h"
#include "internal.h"
#include "names_internal.h"
#include "params_internal.h"

#define DUMP_RECORD_MAX 78
/* Where Perl cuts a long text: substr($out, $max - 5) = ' ... '. */
#define DUMP_CUT (DUMP_RECORD_MAX - 5)

/* Longest line: "{" + a type name (22) + ", 65535, " + a malformed-body
 * message with a 20-digit length (77) + "}" = 110 characters, below
 * FCGI_DUMP_MAX.  Escaped text starts at most at column 33 and is written
 * until it reaches 79 characters; a block of 8 octets may then add up to
 * 31 more (see escape_text): 143, plus the closing characters. */
#define LINE_CAP 160

/* Octet classes, one table lookup instead of a chain of comparisons:
 *   TEXT   counts as text for the 70 % rule (Perl: /[\r\n\t\x20-\x7E]/);
 *   PLAIN  printed as itself by the text escaping (0x20..0x7E except
 *          backslash and double quote, which get a backslash). */
enum { TEXT = 1, PLAIN = 2, TP = TEXT | PLAIN };

static const uint8_t octet_class[256] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, TEXT, TEXT, 0, 0, TEXT, 0, 0,
    /* 0x10 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x20 */ TP, TP, TEXT, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP,
    /* 0x30 */ TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP,
    /* 0x40 */ TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP,
    /* 0x50 */ TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TEXT, TP, TP, TP,
    /* 0x60 */ TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP,
    /* 0x70 */ TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, TP, 0,
    /* 0x80 and up: 0 */
};

static const char hex_digits[] = "0123456789ABCDEF";

/* ---- eight octets at a time --------------------------------------------
 * Counting text octets and finding octets that need escaping are the two
 * loops whose length grows with the content; both test 8 octets per step
 * in a 64-bit word ("SIMD within a register", plain C).  Each test leaves
 * the high bit of an octet's lane set where the test holds.  Lanes never
 * carry into each other: the additions are done on the low 7 bits of each
 * octet (y) with addends below 0x80, so no lane exceeds 0xFE.  The octet
 * order inside the word does not matter to either use. */
#define LANES(b) (UINT64_C(0x0101010101010101) * (b))

static inline uint64_t load8(const uint8_t *p)
{
    uint64_t x;

    memcpy(&x, p, 8);
    return x;
}

/* Lanes where the 7-bit value y equals c (< 0x80): y ^ c is zero there,
 * and only zero stays below 0x80 after adding 0x7F. */
static inline uint64_t lanes_eq(uint64_t y, uint8_t c)
{
    return ~((y ^ LANES(c)) + LANES(0x7f)) & LANES(0x80);
}

/* Lanes holding 0x20..0x7E. */
static inline uint64_t lanes_printable(uint64_t x)
{
    uint64_t y = x & LANES(0x7f);
    uint64_t ascii = ~x & LANES(0x80);
    uint64_t ge20 = (y + LANES(0x60)) & LANES(0x80);
    uint64_t is7f = (y + LANES(0x01)) & LANES(0x80);

    return ascii & ge20 & ~is7f;
}

/* Lanes holding TEXT octets. */
static inline uint64_t lanes_text(uint64_t x)
{
    uint64_t y = x & LANES(0x7f);
    uint64_t ws = lanes_eq(y, '\t') | lanes_eq(y, '\n') | lanes_eq(y, '\r');

    return lanes_printable(x) | (ws & ~x);
}

/* Lanes holding PLAIN octets. */
static inline uint64_t lanes_plain(uint64_t x)
{
    uint64_t y = x & LANES(0x7f);

    return lanes_printable(x) & ~(lanes_eq(y, '\\') | lanes_eq(y, '"'));
}

/* Number of lanes set in a lane mask: the multiplication adds all eight
 * 0/1 lanes into the top octet. */
static inline unsigned lanes_count(uint64_t m)
{
    return (unsigned)(((m >> 7) * LANES(1)) >> 56);
}

/* Copies a string literal (constant size: a few plain moves). */
#define PUT_LIT(q, lit) (memcpy((q), (lit), sizeof(lit) - 1), (q) + sizeof(lit) - 1)

/* Unsigned decimal, as Perl's %d/%u of these values prints it. */
static char *put_dec(char *q, uint64_t v)
{
    uint64_t t = v;
    char *end = q + 1;

    while (t >= 10) {
        t /= 10;
        end++;
    }
    q = end;
    do {
        *--q = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    return end;
}

/* \xNN, upper case, as sprintf('\\x%.2X'). */
static char *put_hex_escape(char *q, uint8_t c)
{
    q[0] = '\\';
    q[1] = 'x';
    q[2] = hex_digits[c >> 4];
    q[3] = hex_digits[c & 0xf];
    return q + 4;
}

/* \ooo, as sprintf('\\%.3o') on a length octet. */
static char *put_octal_escape(char *q, uint8_t c)
{
    q[0] = '\\';
    q[1] = (char)('0' + (c >> 6));
    q[2] = (char)('0' + ((c >> 3) & 7));
    q[3] = (char)('0' + (c & 7));
    return q + 4;
}

/* Perl's three substitutions in order, for an octet that is not PLAIN:
 * backslash and double quote get a backslash; \a \b \t \n \f \r their C
 * escape; anything else becomes \xNN. */
static char *put_special(char *q, uint8_t c)
{
    char e;

    switch (c) {
    case '\\': e = '\\'; break;
    case '"': e = '"'; break;
    case '\a': e = 'a'; break;
    case '\b': e = 'b'; break;
    case '\t': e = 't'; break;
    case '\n': e = 'n'; break;
    case '\f': e = 'f'; break;
    case '\r': e = 'r'; break;
    default: return put_hex_escape(q, c);
    }
    q[0] = '\\';
    q[1] = e;
    return q + 2;
}

static char *put_text_octet(char *q, uint8_t c)
{
    if (octet_class[c] & PLAIN) {
        *q = (char)c;
        return q + 1;
    }
    return put_special(q, c);
}

/* Text-escapes s[0..len) at q until the input ends or q reaches limit;
 * returns the end.  Runs of 8 plain octets (most of a text) are copied
 * as one word; a block of 8 with something to escape is done octet by
 * octet without looking at limit, so q may pass limit by up to 31
 * characters (8 octets of up to 4 each, less one). */
static char *escape_text(char *q, const char *limit, const uint8_t *s, size_t len)
{
    const uint8_t *end = s + len;

    while (end - s >= 8 && q < limit) {
        uint64_t x = load8(s);

        if (lanes_plain(x) == LANES(0x80)) {
            memcpy(q, &x, 8);
            q += 8;
        } else {
            for (int i = 0; i < 8; i++)
                q = put_text_octet(q, s[i]);
        }
        s += 8;
    }
    while (s < end && q < limit)
        q = put_text_octet(q, *s++);
    return q;
}

/* Closes the escaped text that starts at `text` and ends at q: quoted,
 * and cut as Perl cuts it when longer than DUMP_RECORD_MAX.  The opening
 * quote is at text[-1]. */
static char *close_text(char *text, char *q)
{
    if (q - text > DUMP_RECORD_MAX)
        q = PUT_LIT(text + DUMP_CUT, " ... ");
    *q++ = '"';
    return q;
}

static char *dump_params(char *q, const uint8_t *p, size_t len)
{
    char *text, *limit;
    size_t left = len;

    if (len == 0)
        return PUT_LIT(q, "\"\"");
    if (!fcgi_check_params(p, len))
        return PUT_LIT(q, "Malformed FCGI_NameValuePair(s)");
    *q++ = '"';
    text = q;
    limit = text + DUMP_RECORD_MAX + 1;
    while (left > 0 && q < limit) {
        const uint8_t *head = p;
        fcgi_nv_pair pr;

        if (!fcgi__nv_next(&p, &left, &pr))
            break; /* cannot happen: checked above */
        for (; head < pr.name.data && q < limit; head++)
            q = put_octal_escape(q, *head);
        /* name and value are adjacent: escape them as one run */
        q = escape_text(q, limit, pr.name.data, pr.name.len + pr.value.len);
    }
    return close_text(text, q);
}

/* Smallest count of text octets for which Perl's `count / len < 0.7`
 * (in floating point) is false, i.e. the content is shown as text.  The
 * quotient is monotonic in count, so the first estimate only needs a
 * nudge either way to land on the exact boundary. */
static size_t text_threshold(size_t len)
{
    size_t c = (size_t)(0.7 * (double)len);

    while (c > 0 && (double)(c - 1) / (double)len >= 0.7)
        c--;
    while ((double)c / (double)len < 0.7)
        c++;
    return c;
}

/* Perl's decision text or binary depends on the share of text octets in
 * the WHOLE content, but only as far as which side of the threshold it
 * falls: the count stops once the octets left can no longer move it
 * across (already enough text, or too few octets left to get there).
 * Counted 16 octets (two words) at a time, checked after each step. */
static bool is_binary(const uint8_t *p, size_t len)
{
    size_t need = text_threshold(len), count = 0, i = 0;

    for (; len - i >= 16; i += 16) {
        count += lanes_count(lanes_text(load8(p + i))) + lanes_count(lanes_text(load8(p + i + 8)));
        if (count >= need || len - i - 16 < need - count)
            return count < need;
    }
    for (; i < len; i++)
        count += octet_class[p[i]] & TEXT;
    return count < need;
}

static char *dump_content(char *q, const uint8_t *p, size_t len)
{
    char *text, *limit;

    if (len == 0)
        return PUT_LIT(q, "\"\"");
    *q++ = '"';
    text = q;
    limit = text + DUMP_RECORD_MAX + 1;
    if (is_binary(p, len)) {
        const uint8_t *end = p + len;

        while (p < end && q < limit)
            q = put_hex_escape(q, *p++);
    } else {
        q = escape_text(q, limit, p, len);
    }
    return close_text(text, q);
}

/* Perl's FCGI_BeginRequestBody flags: 0, FCGI_KEEP_CONN,
 * FCGI_KEEP_CONN|0xNN or 0xNN. */
static char *put_flags(char *q, uint8_t flags)
{
    uint8_t rest = flags & (uint8_t)~FCGI_KEEP_CONN;

    if (flags == 0) {
        *q++ = '0';
        return q;
    }
    if (flags & FCGI_KEEP_CONN) {
        q = PUT_LIT(q, "FCGI_KEEP_CONN");
        if (rest == 0)
            return q;
        *q++ = '|';
    }
    q = PUT_LIT(q, "0x");
    *q++ = hex_digits[rest >> 4];
    *q++ = hex_digits[rest & 0xf];
    return q;
}

static char *dump_discrete(char *q, uint8_t type, const uint8_t *p, size_t len)
{
    *q++ = '{';
    if (len != 8) {
        q = PUT_LIT(q, "Malformed ");
        if (type == FCGI_BEGIN_REQUEST)
            q = PUT_LIT(q, "FCGI_BeginRequestBody");
        else if (type == FCGI_END_REQUEST)
            q = PUT_LIT(q, "FCGI_EndRequestBody");
        else
            q = PUT_LIT(q, "FCGI_UnknownTypeBody");
        q = PUT_LIT(q, " (expected 8 octets got ");
        q = put_dec(q, len);
        *q++ = ')';
    } else if (type == FCGI_BEGIN_REQUEST) {
        q = fcgi__put_role_name(q, fcgi__get_u16(p));
        q = PUT_LIT(q, ", ");
        q = put_flags(q, p[2]);
    } else if (type == FCGI_END_REQUEST) {
        /* Perl prints the unsigned 32-bit app_status with %d on a 64-bit
         * IV, i.e. as an unsigned decimal. */
        q = put_dec(q, fcgi__get_u32(p));
        q = PUT_LIT(q, ", ");
        q = fcgi__put_protocol_status_name(q, p[4]);
    } else {
        q = fcgi__put_type_name(q, p[0]);
    }
    *q++ = '}';
    return q;
}

/* The builder convention of protocol.h for the n characters at s. */
static fcgi_status emit(char *buf_out, size_t cap, const char *s, size_t n, size_t *out_len)
{
    *out_len = n;
    if (buf_out == NULL)
        return FCGI_OK;
    if (cap <= n)
        return FCGI_E_BUFFER_TOO_SMALL;
    memcpy(buf_out, s, n);
    buf_out[n] = '\0';
    return FCGI_OK;
}

fcgi_status fcgi_dump_record_body(char *buf_out, size_t cap, uint8_t type, uint16_t request_id,
                                  const void *content, size_t content_len, size_t *out_len)
{
    const uint8_t *p = content;
    char line[LINE_CAP];
    char *q = line;

    if (p == NULL && content_len > 0) {
        *out_len = 0;
        return FCGI_E_INVALID_ARGUMENT;
    }
    *q++ = '{';
    q = fcgi__put_type_name(q, type);
    q = PUT_LIT(q, ", ");
    q = put_dec(q, request_id);
    q = PUT_LIT(q, ", ");
    switch (type) {
    case FCGI_PARAMS:
    case FCGI_GET_VALUES:
    case FCGI_GET_VALUES_RESULT:
        q = dump_params(q, p, content_len);
        break;
    case FCGI_BEGIN_REQUEST:
    case FCGI_END_REQUEST:
    case FCGI_UNKNOWN_TYPE:
        q = dump_discrete(q, type, p, content_len);
        break;
    default:
        q = dump_content(q, p, content_len);
        break;
    }
    *q++ = '}';
    return emit(buf_out, cap, line, (size_t)(q - line), out_len);
}

fcgi_status fcgi_dump_record(char *buf_out, size_t cap, const void *buf, size_t len,
                             size_t *out_len)
{
    static const char malformed[] = "{Malformed FCGI_Record}";
    const uint8_t *p = buf;
    size_t rlen = fcgi_get_record_length(buf, len);

    /* Unlike parse_record, dump_record wants the padding present too. */
    if (rlen == 0 || rlen > len || p[0] != FCGI_VERSION_1)
        return emit(buf_out, cap, malformed, sizeof malformed - 1, out_len);
    return fcgi_dump_record_body(buf_out, cap, p[1], fcgi__get_u16(p + 2), p + FCGI_HEADER_LEN,
                                 fcgi__get_u16(p + 4), out_len);
}

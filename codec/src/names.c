// SPDX-License-Identifier: MIT
/* names.c - names of types, roles and protocol statuses, and the record
 * type classes, as Net::FastCGI::Protocol's get_*_name() and is_*_type().
 *
 * Unknown values get Net::FastCGI's hexadecimal fallback: "0x%.2X" for
 * types and protocol statuses, "0x%.4X" for roles (note that type 0 and
 * role 0 are unknown, while protocol status 0 is FCGI_REQUEST_COMPLETE). */
#include <string.h>

#include "fcgi/protocol.h"
#include "names_internal.h"

/* A name in a fixed-size slot, NUL-terminated, with its length (0 for a
 * value without a name).  See FCGI__NAME_SLOT for why fixed slots. */
typedef struct name_slot {
    char s[FCGI__NAME_SLOT];
    uint8_t len;
} name_slot;

#define NAME(lit) { lit, sizeof(lit) - 1 }

static const name_slot type_names[] = {
    { "", 0 },
    NAME("FCGI_BEGIN_REQUEST"),
    NAME("FCGI_ABORT_REQUEST"),
    NAME("FCGI_END_REQUEST"),
    NAME("FCGI_PARAMS"),
    NAME("FCGI_STDIN"),
    NAME("FCGI_STDOUT"),
    NAME("FCGI_STDERR"),
    NAME("FCGI_DATA"),
    NAME("FCGI_GET_VALUES"),
    NAME("FCGI_GET_VALUES_RESULT"),
    NAME("FCGI_UNKNOWN_TYPE"),
};

static const name_slot role_names[] = {
    { "", 0 },
    NAME("FCGI_RESPONDER"),
    NAME("FCGI_AUTHORIZER"),
    NAME("FCGI_FILTER"),
};

static const name_slot protocol_status_names[] = {
    NAME("FCGI_REQUEST_COMPLETE"),
    NAME("FCGI_CANT_MPX_CONN"),
    NAME("FCGI_OVERLOADED"),
    NAME("FCGI_UNKNOWN_ROLE"),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The slot of v in table[0..n), or NULL when v has no name. */
static const name_slot *lookup(const name_slot *table, size_t n, unsigned v)
{
    return v < n && table[v].len > 0 ? &table[v] : NULL;
}

/* "0x" + `digits` upper-case hex digits of v at q; returns the end.  Done
 * by hand because it is trivial and keeps printf (and its locale) out of
 * the dissector's path. */
static char *put_hex(char *q, unsigned v, unsigned digits)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned i;

    q[0] = '0';
    q[1] = 'x';
    for (i = 0; i < digits; i++)
        q[2 + i] = hex[(v >> (4 * (digits - 1 - i))) & 0xfu];
    return q + 2 + digits;
}

static const char *get_name(const name_slot *table, size_t n, unsigned v, unsigned digits,
                            char *buf)
{
    const name_slot *slot = lookup(table, n, v);

    if (slot != NULL)
        return slot->s;
    if (buf == NULL)
        return NULL;
    *put_hex(buf, v, digits) = '\0';
    return buf;
}

static char *put_name(char *q, const name_slot *table, size_t n, unsigned v, unsigned digits)
{
    const name_slot *slot = lookup(table, n, v);

    if (slot == NULL)
        return put_hex(q, v, digits);
    memcpy(q, slot->s, FCGI__NAME_SLOT);
    return q + slot->len;
}

const char *fcgi_get_type_name(uint8_t type, char *buf)
{
    return get_name(type_names, COUNT(type_names), type, 2, buf);
}

const char *fcgi_get_role_name(uint16_t role, char *buf)
{
    return get_name(role_names, COUNT(role_names), role, 4, buf);
}

const char *fcgi_get_protocol_status_name(uint8_t protocol_status, char *buf)
{
    return get_name(protocol_status_names, COUNT(protocol_status_names), protocol_status, 2, buf);
}

char *fcgi__put_type_name(char *q, uint8_t type)
{
    return put_name(q, type_names, COUNT(type_names), type, 2);
}

char *fcgi__put_role_name(char *q, uint16_t role)
{
    return put_name(q, role_names, COUNT(role_names), role, 4);
}

char *fcgi__put_protocol_status_name(char *q, uint8_t protocol_status)
{
    return put_name(q, protocol_status_names, COUNT(protocol_status_names), protocol_status, 2);
}

bool fcgi_is_known_type(uint8_t type)
{
    return type >= 1 && type <= FCGI_MAXTYPE;
}

bool fcgi_is_management_type(uint8_t type)
{
    return type == FCGI_GET_VALUES || type == FCGI_GET_VALUES_RESULT || type == FCGI_UNKNOWN_TYPE;
}

bool fcgi_is_discrete_type(uint8_t type)
{
    return type == FCGI_BEGIN_REQUEST || type == FCGI_ABORT_REQUEST || type == FCGI_END_REQUEST
        || fcgi_is_management_type(type);
}

bool fcgi_is_stream_type(uint8_t type)
{
    return type >= FCGI_PARAMS && type <= FCGI_DATA;
}

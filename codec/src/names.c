// SPDX-License-Identifier: MIT
/* names.c - names of types, roles and protocol statuses, and the record
 * type classes, as Net::FastCGI::Protocol's get_*_name() and is_*_type().
 *
 * Unknown values get Net::FastCGI's hexadecimal fallback: "0x%.2X" for
 * types and protocol statuses, "0x%.4X" for roles (note that type 0 and
 * role 0 are unknown, while protocol status 0 is FCGI_REQUEST_COMPLETE). */
#include "fcgi/protocol.h"

static const char *const type_names[] = {
    NULL,
    "FCGI_BEGIN_REQUEST",
    "FCGI_ABORT_REQUEST",
    "FCGI_END_REQUEST",
    "FCGI_PARAMS",
    "FCGI_STDIN",
    "FCGI_STDOUT",
    "FCGI_STDERR",
    "FCGI_DATA",
    "FCGI_GET_VALUES",
    "FCGI_GET_VALUES_RESULT",
    "FCGI_UNKNOWN_TYPE",
};

static const char *const role_names[] = {
    NULL,
    "FCGI_RESPONDER",
    "FCGI_AUTHORIZER",
    "FCGI_FILTER",
};

static const char *const protocol_status_names[] = {
    "FCGI_REQUEST_COMPLETE",
    "FCGI_CANT_MPX_CONN",
    "FCGI_OVERLOADED",
    "FCGI_UNKNOWN_ROLE",
};

/* "0x" + `digits` upper-case hex digits of v; done by hand because it is
 * trivial and keeps printf (and its locale) out of the dissector's path. */
static char *hex_fallback(char *buf, unsigned v, unsigned digits)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned i;

    if (buf == NULL)
        return NULL;
    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < digits; i++)
        buf[2 + i] = hex[(v >> (4 * (digits - 1 - i))) & 0xfu];
    buf[2 + digits] = '\0';
    return buf;
}

const char *fcgi_get_type_name(uint8_t type, char *buf)
{
    if (type < sizeof type_names / sizeof type_names[0] && type_names[type] != NULL)
        return type_names[type];
    return hex_fallback(buf, type, 2);
}

const char *fcgi_get_role_name(uint16_t role, char *buf)
{
    if (role < sizeof role_names / sizeof role_names[0] && role_names[role] != NULL)
        return role_names[role];
    return hex_fallback(buf, role, 4);
}

const char *fcgi_get_protocol_status_name(uint8_t protocol_status, char *buf)
{
    if (protocol_status < sizeof protocol_status_names / sizeof protocol_status_names[0])
        return protocol_status_names[protocol_status];
    return hex_fallback(buf, protocol_status, 2);
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

// SPDX-License-Identifier: MIT
/* status.c - names and messages of fcgi_status, generated from the one
 * table in fcgi/status.h so the enum, the names and the messages cannot
 * drift apart. */
#include <stdio.h>

#include "fcgi/status.h"

const char *fcgi_strerror(fcgi_status st)
{
    switch (st) {
#define FCGI_STATUS_MSG_(name, num, msg) \
    case FCGI_##name:                    \
        return msg;
        FCGI_STATUS_TABLE(FCGI_STATUS_MSG_)
#undef FCGI_STATUS_MSG_
    }
    return "Unknown status";
}

const char *fcgi_status_name(fcgi_status st)
{
    switch (st) {
#define FCGI_STATUS_NAME_(name, num, msg) \
    case FCGI_##name:                     \
        return #name;
        FCGI_STATUS_TABLE(FCGI_STATUS_NAME_)
#undef FCGI_STATUS_NAME_
    }
    return "UNKNOWN";
}

size_t fcgi_format_status(char *buf, size_t cap, fcgi_status st, unsigned detail)
{
    int n;

    /* The version octet is the only detail Net::FastCGI puts in a message;
     * it masks it to one octet implicitly (unpack 'C'), so do we. */
    if (st == FCGI_E_VERSION)
        n = snprintf(buf, cap, "%s (0x%.2X)", fcgi_strerror(st), detail & 0xffu);
    else
        n = snprintf(buf, cap, "%s", fcgi_strerror(st));
    return n < 0 ? 0 : (size_t)n;
}

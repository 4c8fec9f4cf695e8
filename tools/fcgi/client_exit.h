/* SPDX-License-Identifier: MIT */
/* client_exit.h - the exit codes shared by `fcgi request`, `values`, `ping`
 * and `status`, so that a script or a container probe can tell failures
 * apart without parsing messages.  tools/README.md documents the same
 * table; keep them in step. */
#ifndef FCGI_TOOL_CLIENT_EXIT_H
#define FCGI_TOOL_CLIENT_EXIT_H

enum client_exit {
    EXIT_OK_ = 0,          /* success / healthy */
    EXIT_HTTP_ERROR = 1,   /* answered, but HTTP status >= 400 / unhealthy /
                            * (values) only part of the names answered */
    EXIT_USAGE = 2,        /* bad arguments (a malformed address, a port
                            * outside 1..65535 too), unreadable input file */
    EXIT_CONNECT = 3,      /* could not connect: refused, no such socket, a
                            * host name that does not resolve, no socket
                            * matched a glob */
    EXIT_PROTOCOL = 4,     /* connection closed early, malformed or
                            * unexpected records, a CGI header block that
                            * is malformed (a bad Status), missing or over
                            * its limit; (probes) a body over theirs */
    EXIT_TIMEOUT = 5,      /* connect, read or total timeout */
    EXIT_FCGI_STATUS = 6,  /* END_REQUEST protocol status other than
                            * FCGI_REQUEST_COMPLETE */
};

/* The text printed by --help for the table above. */
#define CLIENT_EXIT_HELP                                                       \
    "exit codes:\n"                                                            \
    "  0  success (HTTP status below 400; healthy)\n"                          \
    "  1  HTTP status 400 or above / check failed (unhealthy)\n"               \
    "  2  usage error (also a malformed address, a param too large for one\n"   \
    "     PARAMS record without --split-params) or unreadable input file\n"     \
    "  3  cannot connect (refused, no such socket, unknown host)\n"            \
    "  4  connection closed early, malformed response, or a CGI header block\n" \
    "     that is malformed (Status not 3 digits 100-999), missing or larger\n" \
    "     than --max-header-size\n"                                            \
    "  5  timeout (connect, read or total)\n"                                  \
    "  6  END_REQUEST protocol status not FCGI_REQUEST_COMPLETE\n"

#endif

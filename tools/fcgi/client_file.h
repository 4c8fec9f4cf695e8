/* SPDX-License-Identifier: MIT */
/* client_file.h - the octets of a body argument (-d, --data), and sending
 * them as a FastCGI stream.
 *
 * A regular file ("@FILE") is never read into memory: its size is known
 * up front (CONTENT_LENGTH must go out before the body) and its octets are
 * read and sent one record at a time, so a 200 MB upload costs the tool a
 * record buffer, not 200 MB twice.  Standard input, other files (pipes,
 * devices) and literal text are held in memory. */
#ifndef FCGI_TOOL_CLIENT_FILE_H
#define FCGI_TOOL_CLIENT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "client_conn.h"

typedef struct client_body {
    uint8_t *mem;      /* the octets, malloc()ed; NULL for a streamed file */
    int fd;            /* a regular file read while sending; -1 otherwise */
    uint64_t len;      /* octets of the body */
    char name[256];    /* what to call it in messages */
} client_body;

/* Opens a curl-style body argument: "@FILE", "-" (all of standard input)
 * or anything else (the argument itself).  With in_memory, a regular file
 * is read whole too (the load generator sends it many times).  0, or -1
 * with err set. */
int client_body_open(client_body *b, const char *arg, bool in_memory, char *err, size_t errcap);

void client_body_close(client_body *b);

/* Sends the body on c as a terminated `type` stream of request `id`:
 * records of 32760 octets, as fcgi_build_stream() cuts them, read from the
 * file one record at a time.  0; -1 when sending failed (errno set, as by
 * client_conn_send); -2 when the file could not be read or no longer has
 * `len` octets (err set). */
int client_body_send(const client_body *b, client_conn *c, uint8_t type, uint16_t id,
                     int64_t deadline_ms, char *err, size_t errcap);

/* Reads a whole stream or file (path "-" or NULL: standard input). */
uint8_t *client_read_all(const char *path, size_t *len, char *err, size_t errcap);

#endif

/* SPDX-License-Identifier: MIT */
/* client_file.h - reading the octets of a body argument. */
#ifndef FCGI_TOOL_CLIENT_FILE_H
#define FCGI_TOOL_CLIENT_FILE_H

#include <stddef.h>
#include <stdint.h>

/* Reads a curl-style body argument: "@FILE" (the file's octets), "-" (all
 * of standard input) or anything else (the argument itself).  Returns a
 * malloc()ed buffer (length in *len) or NULL with err set. */
uint8_t *client_read_body_arg(const char *arg, size_t *len, char *err, size_t errcap);

/* Reads a whole stream or file (path "-" or NULL: standard input). */
uint8_t *client_read_all(const char *path, size_t *len, char *err, size_t errcap);

#endif

/* SPDX-License-Identifier: MIT */
/* client_json.h - just enough JSON to read php-fpm's status page
 * (pm.status_path?json): numbers and strings that are members of the
 * top-level object.  Nested values are skipped, never interpreted. */
#ifndef FCGI_TOOL_CLIENT_JSON_H
#define FCGI_TOOL_CLIENT_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the top-level member `key` of the object in json[0..len).  For a
 * number, stores it in *num and returns 1; for a string, copies it
 * (escapes other than \" and \\ kept as written, truncated to cap) into
 * str and returns 2; returns 0 when the key is absent or has another type,
 * -1 when the text is not a JSON object. */
int client_json_member(const char *json, size_t len, const char *key, double *num, char *str,
                       size_t cap);

#endif

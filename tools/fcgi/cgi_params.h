/* SPDX-License-Identifier: MIT */
/* cgi_params.h - the CGI/1.1 parameters a FastCGI client sends.
 *
 * The list is built from explicit inputs only, the way nginx's
 * fastcgi_params file does it; the caller's environment is never read
 * (libfcgi's cgi-fcgi sends the whole environment, which breaks php-fpm
 * past ~8 KB).  Names are unique: setting a name again replaces its value
 * in place, so the wire order stays that of first appearance. */
#ifndef FCGI_TOOL_CGI_PARAMS_H
#define FCGI_TOOL_CGI_PARAMS_H

#include <stddef.h>

#include "fcgi/fcgi.h"

typedef struct cgi_params {
    fcgi_nv_pair *pairs; /* spans over strings owned by the list */
    size_t n, cap;
} cgi_params;

/* What a request looks like; NULL fields take their defaults. */
typedef struct cgi_request_spec {
    const char *method;          /* default GET, or POST when a body is sent */
    const char *script_filename; /* required */
    const char *uri;             /* default "/" + basename(script_filename) */
    const char *document_root;   /* default: script_filename minus the URI path
                                  * when it ends with it, else its directory */
    const char *content_type;    /* default for a body:
                                  * application/x-www-form-urlencoded */
    long long content_length;    /* -1: no body */
    const char *server_name;     /* default localhost */
    const char *server_port;     /* default 80 */
    const char *remote_addr;     /* default 127.0.0.1 */
} cgi_request_spec;

void cgi_params_init(cgi_params *p);
void cgi_params_free(cgi_params *p);

/* Sets name to value (copies both).  0, or -1 when out of memory. */
int cgi_params_set(cgi_params *p, const char *name, const char *value);

/* Removes name when present. */
void cgi_params_unset(cgi_params *p, const char *name);

/* The value of name (NUL-terminated, owned by the list) or NULL. */
const char *cgi_params_get(const cgi_params *p, const char *name);

/* Adds the nginx-like standard set for spec.  0, or -1 when out of memory. */
int cgi_params_standard(cgi_params *p, const cgi_request_spec *spec);

/* Adds an HTTP header given as "Name: value": HTTP_NAME (upper case, '-'
 * becomes '_'), and CONTENT_TYPE / CONTENT_LENGTH for those two headers as
 * nginx does.  0, or -1 with a message in err for a line without ':'. */
int cgi_params_header(cgi_params *p, const char *line, char *err, size_t errcap);

/* Applies "NAME=VALUE" (set; "NAME=" sets an empty value) or "-NAME"
 * (removes the parameter).  0, or -1 with a message in err. */
int cgi_params_assign(cgi_params *p, const char *assignment, char *err, size_t errcap);

#endif

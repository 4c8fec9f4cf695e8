// SPDX-License-Identifier: MIT
/* cgi_params.c - see cgi_params.h. */
#include "cgi_params.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cgi_params_init(cgi_params *p)
{
    p->pairs = NULL;
    p->n = p->cap = 0;
}

void cgi_params_free(cgi_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free((void *)p->pairs[i].name.data);
        free((void *)p->pairs[i].value.data);
    }
    free(p->pairs);
    cgi_params_init(p);
}

static long find(const cgi_params *p, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < p->n; i++)
        if (p->pairs[i].name.len == len && !memcmp(p->pairs[i].name.data, name, len))
            return (long)i;
    return -1;
}

static fcgi_span dup_span(const char *s)
{
    size_t len = strlen(s);
    char *copy = malloc(len + 1);
    if (copy)
        memcpy(copy, s, len + 1);
    return (fcgi_span){(const uint8_t *)copy, copy ? len : 0};
}

int cgi_params_set(cgi_params *p, const char *name, const char *value)
{
    fcgi_span v = dup_span(value);
    if (!v.data)
        return -1;
    long at = find(p, name);
    if (at >= 0) {
        free((void *)p->pairs[at].value.data);
        p->pairs[at].value = v;
        return 0;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        fcgi_nv_pair *grown = realloc(p->pairs, cap * sizeof *grown);
        if (!grown) {
            free((void *)v.data);
            return -1;
        }
        p->pairs = grown;
        p->cap = cap;
    }
    fcgi_span n = dup_span(name);
    if (!n.data) {
        free((void *)v.data);
        return -1;
    }
    p->pairs[p->n].name = n;
    p->pairs[p->n].value = v;
    p->n++;
    return 0;
}

void cgi_params_unset(cgi_params *p, const char *name)
{
    long at = find(p, name);
    if (at < 0)
        return;
    free((void *)p->pairs[at].name.data);
    free((void *)p->pairs[at].value.data);
    memmove(&p->pairs[at], &p->pairs[at + 1], (p->n - (size_t)at - 1) * sizeof p->pairs[0]);
    p->n--;
}

const char *cgi_params_get(const cgi_params *p, const char *name)
{
    long at = find(p, name);
    return at < 0 ? NULL : (const char *)p->pairs[at].value.data;
}

/* The part of a URI before '?' and '#'. */
static size_t uri_path_len(const char *uri)
{
    return strcspn(uri, "?#");
}

int cgi_params_standard(cgi_params *p, const cgi_request_spec *s)
{
    const char *script = s->script_filename;
    const char *base = strrchr(script, '/');
    base = base ? base + 1 : script;

    char *default_uri = NULL;
    const char *uri = s->uri;
    if (!uri) {
        default_uri = malloc(strlen(base) + 2);
        if (!default_uri)
            return -1;
        sprintf(default_uri, "/%s", base);
        uri = default_uri;
    }
    size_t plen = uri_path_len(uri);
    char *path = strndup(uri, plen);
    const char *q = uri[plen] == '?' ? uri + plen + 1 : "";
    char *query = strndup(q, strcspn(q, "#"));

    /* nginx: SCRIPT_FILENAME = $document_root$fastcgi_script_name.  Undo that
     * when the URI path is a suffix of the script; otherwise the script's
     * directory is the best guess. */
    char *docroot;
    size_t slen = strlen(script);
    if (s->document_root)
        docroot = strdup(s->document_root);
    else if (path && plen > 0 && plen <= slen && !strcmp(script + slen - plen, path))
        docroot = strndup(script, slen - plen);
    else
        docroot = strndup(script, (size_t)(base - script > 1 ? base - script - 1 : base - script));
    if (docroot && !*docroot && script[0] == '/') {
        free(docroot);
        docroot = strdup("/");
    }

    char clen[32] = "";
    if (s->content_length >= 0)
        snprintf(clen, sizeof clen, "%lld", s->content_length);
    const char *ctype = s->content_type;
    if (!ctype && s->content_length >= 0)
        ctype = "application/x-www-form-urlencoded";
    const char *method = s->method ? s->method : s->content_length >= 0 ? "POST" : "GET";

    int rc = -1;
    if (!path || !query || !docroot)
        goto out;
    const char *kv[][2] = {
        {"GATEWAY_INTERFACE", "CGI/1.1"},
        {"SERVER_SOFTWARE", "fcgi/" FCGI_CODEC_VERSION_STRING},
        {"QUERY_STRING", query},
        {"REQUEST_METHOD", method},
        {"CONTENT_TYPE", ctype ? ctype : ""},
        {"CONTENT_LENGTH", clen},
        {"SCRIPT_FILENAME", script},
        {"SCRIPT_NAME", path},
        {"REQUEST_URI", uri},
        {"DOCUMENT_URI", path},
        {"DOCUMENT_ROOT", docroot},
        {"SERVER_PROTOCOL", "HTTP/1.1"},
        {"REQUEST_SCHEME", "http"},
        {"REMOTE_ADDR", s->remote_addr ? s->remote_addr : "127.0.0.1"},
        {"REMOTE_PORT", "0"},
        {"SERVER_ADDR", "127.0.0.1"},
        {"SERVER_PORT", s->server_port ? s->server_port : "80"},
        {"SERVER_NAME", s->server_name ? s->server_name : "localhost"},
        /* PHP built with --enable-force-cgi-redirect insists on it. */
        {"REDIRECT_STATUS", "200"},
    };
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        if (cgi_params_set(p, kv[i][0], kv[i][1]) != 0)
            goto out;
    rc = 0;
out:
    free(default_uri);
    free(path);
    free(query);
    free(docroot);
    return rc;
}

int cgi_params_header(cgi_params *p, const char *line, char *err, size_t errcap)
{
    const char *colon = strchr(line, ':');
    if (!colon || colon == line) {
        snprintf(err, errcap, "header '%s': expected 'Name: value'", line);
        return -1;
    }
    size_t nlen = (size_t)(colon - line);
    const char *value = colon + 1;
    while (*value == ' ' || *value == '\t')
        value++;
    char *name = malloc(nlen + 6);
    if (!name)
        return -1;
    memcpy(name, "HTTP_", 5);
    for (size_t i = 0; i < nlen; i++) {
        unsigned char ch = (unsigned char)line[i];
        name[5 + i] = ch == '-' ? '_' : (char)toupper(ch);
    }
    name[5 + nlen] = '\0';
    int rc = cgi_params_set(p, name, value);
    if (rc == 0 && !strcmp(name, "HTTP_CONTENT_TYPE"))
        rc = cgi_params_set(p, "CONTENT_TYPE", value);
    if (rc == 0 && !strcmp(name, "HTTP_CONTENT_LENGTH"))
        rc = cgi_params_set(p, "CONTENT_LENGTH", value);
    free(name);
    if (rc != 0)
        snprintf(err, errcap, "out of memory");
    return rc;
}

int cgi_params_assign(cgi_params *p, const char *a, char *err, size_t errcap)
{
    if (a[0] == '-' && a[1] && !strchr(a, '=')) {
        cgi_params_unset(p, a + 1);
        return 0;
    }
    const char *eq = strchr(a, '=');
    if (!eq || eq == a) {
        snprintf(err, errcap, "param '%s': expected NAME=VALUE or -NAME", a);
        return -1;
    }
    char *name = strndup(a, (size_t)(eq - a));
    int rc = name ? cgi_params_set(p, name, eq + 1) : -1;
    free(name);
    if (rc != 0)
        snprintf(err, errcap, "out of memory");
    return rc;
}

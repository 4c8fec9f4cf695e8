// SPDX-License-Identifier: MIT
#include "inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgi/constant.h>

#define S(lit) { (const uint8_t *)(lit), sizeof(lit) - 1 }
#define PAIR(n, v) { S(n), S(v) }

const fcgi_nv_pair inputs_nginx_pairs[] = {
    PAIR("SCRIPT_FILENAME", "/srv/www/index.php"),
    PAIR("QUERY_STRING", "page=2&sort=date"),
    PAIR("REQUEST_METHOD", "GET"),
    PAIR("CONTENT_TYPE", ""),
    PAIR("CONTENT_LENGTH", ""),
    PAIR("SCRIPT_NAME", "/index.php"),
    PAIR("REQUEST_URI", "/blog/?page=2&sort=date"),
    PAIR("DOCUMENT_URI", "/index.php"),
    PAIR("DOCUMENT_ROOT", "/srv/www"),
    PAIR("SERVER_PROTOCOL", "HTTP/1.1"),
    PAIR("REQUEST_SCHEME", "http"),
    PAIR("GATEWAY_INTERFACE", "CGI/1.1"),
    PAIR("SERVER_SOFTWARE", "nginx/1.22.1"),
    PAIR("REMOTE_ADDR", "203.0.113.57"),
    PAIR("REMOTE_PORT", "51234"),
    PAIR("SERVER_ADDR", "192.0.2.10"),
    PAIR("SERVER_PORT", "80"),
    PAIR("SERVER_NAME", "example.org"),
    PAIR("REDIRECT_STATUS", "200"),
    PAIR("HTTP_HOST", "example.org"),
    PAIR("HTTP_USER_AGENT", "Mozilla/5.0 Firefox/115.0"),
    PAIR("HTTP_ACCEPT", "*/*"),
    PAIR("HTTP_ACCEPT_LANGUAGE", "en-US"),
    PAIR("HTTP_ACCEPT_ENCODING", "gzip"),
    PAIR("HTTP_CONNECTION", "keep-alive"),
};
const size_t inputs_nginx_npairs = sizeof inputs_nginx_pairs / sizeof inputs_nginx_pairs[0];

void inputs_buf_free(inputs_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static uint8_t *grow(inputs_buf *b, size_t more)
{
    if (b->cap - b->len < more) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < more)
            cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) {
            perror("realloc");
            exit(2);
        }
        b->data = p;
        b->cap = cap;
    }
    uint8_t *at = b->data + b->len;
    b->len += more;
    return at;
}

void inputs_put_record(inputs_buf *b, uint8_t type, uint16_t id, const void *content,
                       size_t len)
{
    size_t pad = (8 - len % 8) % 8;
    uint8_t *h = grow(b, FCGI_HEADER_LEN + len + pad);
    h[0] = FCGI_VERSION_1;
    h[1] = type;
    h[2] = (uint8_t)(id >> 8);
    h[3] = (uint8_t)id;
    h[4] = (uint8_t)(len >> 8);
    h[5] = (uint8_t)len;
    h[6] = (uint8_t)pad;
    h[7] = 0;
    if (len)
        memcpy(h + FCGI_HEADER_LEN, content, len);
    memset(h + FCGI_HEADER_LEN + len, 0, pad);
}

static void put_length(inputs_buf *b, size_t n)
{
    if (n < 0x80) {
        *grow(b, 1) = (uint8_t)n;
    } else {
        uint8_t *p = grow(b, 4);
        p[0] = (uint8_t)(0x80 | (n >> 24));
        p[1] = (uint8_t)(n >> 16);
        p[2] = (uint8_t)(n >> 8);
        p[3] = (uint8_t)n;
    }
}

void inputs_put_params(inputs_buf *b, const fcgi_nv_pair *pairs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        put_length(b, pairs[i].name.len);
        put_length(b, pairs[i].value.len);
        memcpy(grow(b, pairs[i].name.len), pairs[i].name.data, pairs[i].name.len);
        if (pairs[i].value.len)
            memcpy(grow(b, pairs[i].value.len), pairs[i].value.data, pairs[i].value.len);
    }
}

void inputs_put_typical_request(inputs_buf *b, uint16_t id)
{
    static const uint8_t begin[8] = { 0, FCGI_RESPONDER, FCGI_KEEP_CONN, 0, 0, 0, 0, 0 };
    inputs_buf params = { 0 };
    inputs_put_params(&params, inputs_nginx_pairs, inputs_nginx_npairs);
    inputs_put_record(b, FCGI_BEGIN_REQUEST, id, begin, sizeof begin);
    inputs_put_record(b, FCGI_PARAMS, id, params.data, params.len);
    inputs_put_record(b, FCGI_PARAMS, id, NULL, 0);
    inputs_put_record(b, FCGI_STDIN, id, NULL, 0);
    inputs_buf_free(&params);
}

void inputs_put_stream(inputs_buf *b, uint8_t type, uint16_t id, const uint8_t *content,
                       size_t len, size_t record_len)
{
    for (size_t off = 0; off < len; off += record_len) {
        size_t n = len - off < record_len ? len - off : record_len;
        inputs_put_record(b, type, id, content + off, n);
    }
    inputs_put_record(b, type, id, NULL, 0);
}

void inputs_fill_text(uint8_t *buf, size_t len)
{
    static const char head[] = "Status: 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n";
    static const char line[] = "<p>FastCGI benchmark body, deterministic filler text.</p>\n";
    size_t off = 0;
    for (size_t i = 0; i < sizeof head - 1 && off < len; i++)
        buf[off++] = (uint8_t)head[i];
    while (off < len) {
        for (size_t i = 0; i < sizeof line - 1 && off < len; i++)
            buf[off++] = (uint8_t)line[i];
    }
}

int inputs_write_file(const char *dir, const char *name, const void *buf, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = len ? fwrite(buf, 1, len, f) : 0;
    if (fclose(f) != 0 || w != len)
        return -1;
    return 0;
}

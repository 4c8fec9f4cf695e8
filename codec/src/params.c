// SPDX-License-Identifier: MIT
/* params.c - FCGI_NameValuePair encoding and decoding (Net::FastCGI's
 * build_params, parse_params and check_params) and a pair iterator.
 *
 * The iterator is on the dissector's per-record path and in the benchmark,
 * so decoding is one straight-line inline function (params_internal.h). */
#include <stdint.h>
#include <string.h>

#include "fcgi/protocol.h"
#include "params_internal.h"

static int span_ok(const fcgi_span *s)
{
    return s->data != NULL || s->len == 0;
}

fcgi_status fcgi__params_size(const fcgi_nv_pair *pairs, size_t n, size_t *size)
{
    size_t total = 0;
    size_t i;

    if (pairs == NULL && n > 0)
        return FCGI_E_INVALID_ARGUMENT;
    for (i = 0; i < n; i++) {
        size_t nlen = pairs[i].name.len, vlen = pairs[i].value.len, head;

        if (!span_ok(&pairs[i].name) || !span_ok(&pairs[i].value))
            return FCGI_E_INVALID_ARGUMENT;
        if ((nlen | vlen) > FCGI_MAX_NV_LEN)
            return FCGI_E_NV_TOO_LONG;
        /* Both lengths are below 2^31, so head (at most 2^31 + 7) fits
         * even a 32-bit size_t.  An unsigned sum that wraps comes out
         * smaller than what was added: one comparison per addition. */
        head = 2 + nlen;
        if (!fcgi__nv_short_form(nlen, vlen)) /* rare: a 4-octet length prefix */
            head = fcgi__nv_len_size(nlen) + fcgi__nv_len_size(vlen) + nlen;
        total += head;
        if (total < head)
            return FCGI_E_INVALID_ARGUMENT;
        total += vlen;
        if (total < vlen)
            return FCGI_E_INVALID_ARGUMENT;
    }
    *size = total;
    return FCGI_OK;
}

/* Copies n octets from s to d and returns d + n.  Names and values are
 * mostly a few to a few dozen octets, where a call to memcpy costs more
 * than the copy: up to 32 octets are moved as two overlapping fixed-size
 * blocks (first and last 16, 8, 4 octets; 1 to 3 octets as first, middle
 * and last), which the compiler turns into a couple of plain loads and
 * stores.  Every access stays inside s[0..n) and d[0..n). */
static inline uint8_t *copy_span(uint8_t *d, const uint8_t *s, size_t n)
{
    if (n > 32) {
        memcpy(d, s, n);
    } else if (n >= 16) {
        uint8_t a[16], b[16];

        memcpy(a, s, 16);
        memcpy(b, s + n - 16, 16);
        memcpy(d, a, 16);
        memcpy(d + n - 16, b, 16);
    } else if (n >= 8) {
        uint64_t a, b;

        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;

        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n > 0) {
        uint8_t a = s[0], b = s[n / 2], c = s[n - 1];

        d[0] = a;
        d[n / 2] = b;
        d[n - 1] = c;
    }
    return d + n;
}

uint8_t *fcgi__params_encode(uint8_t *p, const fcgi_nv_pair *pairs, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        size_t nlen = pairs[i].name.len, vlen = pairs[i].value.len;

        /* Typical names and values are short: both prefixes in one go. */
        if (fcgi__nv_short_form(nlen, vlen)) {
            p[0] = (uint8_t)nlen;
            p[1] = (uint8_t)vlen;
            p += 2;
        } else {
            p += fcgi__nv_put_len(p, nlen);
            p += fcgi__nv_put_len(p, vlen);
        }
        p = copy_span(p, pairs[i].name.data, nlen);
        p = copy_span(p, pairs[i].value.data, vlen);
    }
    return p;
}

fcgi_status fcgi_build_params(void *buf, size_t cap, const fcgi_nv_pair *pairs, size_t n,
                              size_t *len)
{
    size_t need = 0;
    fcgi_status st = fcgi__params_size(pairs, n, &need);

    *len = need;
    if (st != FCGI_OK) {
        *len = 0;
        return st;
    }
    if (buf == NULL)
        return FCGI_OK;
    if (cap < need)
        return FCGI_E_BUFFER_TOO_SMALL;
    fcgi__params_encode(buf, pairs, n);
    return FCGI_OK;
}

fcgi_status fcgi_parse_params(const void *buf, size_t len, fcgi_nv_pair *pairs, size_t max,
                              size_t *count)
{
    const uint8_t *p = buf;
    size_t left = len;
    size_t k = 0;
    fcgi_nv_pair pr;

    while (left > 0) {
        if (!fcgi__nv_next(&p, &left, &pr)) {
            *count = k;
            return FCGI_E_SHORT_NAME_VALUE_PAIR;
        }
        if (k < max)
            pairs[k] = pr;
        k++;
    }
    *count = k;
    return k > max ? FCGI_E_BUFFER_TOO_SMALL : FCGI_OK;
}

bool fcgi_check_params(const void *buf, size_t len)
{
    const uint8_t *p = buf;
    size_t left = len;
    fcgi_nv_pair pr;

    while (left > 0) {
        size_t n;

        /* Almost every pair is in the short form: no spans to fill. */
        if (fcgi__nv_short_pair(p, left, &n)) {
            p += n;
            left -= n;
        } else if (!fcgi__nv_next(&p, &left, &pr)) {
            return false;
        }
    }
    return true;
}

void fcgi_params_iter_init(fcgi_params_iter *it, const void *buf, size_t len)
{
    it->_p = buf;
    it->_left = len;
}

fcgi_status fcgi_params_next(fcgi_params_iter *it, fcgi_nv_pair *out)
{
    if (it->_left == 0)
        return FCGI_DONE;
    /* On failure fcgi__nv_next leaves the iterator at the bad pair, which
     * makes the error sticky. */
    return fcgi__nv_next(&it->_p, &it->_left, out) ? FCGI_OK : FCGI_E_SHORT_NAME_VALUE_PAIR;
}

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
        const fcgi_nv_pair *pr = &pairs[i];
        size_t one;

        if (!span_ok(&pr->name) || !span_ok(&pr->value))
            return FCGI_E_INVALID_ARGUMENT;
        if (pr->name.len > FCGI_MAX_NV_LEN || pr->value.len > FCGI_MAX_NV_LEN)
            return FCGI_E_NV_TOO_LONG;
        /* Each length is below 2^31, so one pair fits 64 bits; the running
         * total is checked by subtraction (and matters on 32-bit). */
        one = fcgi__nv_len_size(pr->name.len) + fcgi__nv_len_size(pr->value.len);
        if (pr->name.len > SIZE_MAX - one)
            return FCGI_E_INVALID_ARGUMENT;
        one += pr->name.len;
        if (pr->value.len > SIZE_MAX - one)
            return FCGI_E_INVALID_ARGUMENT;
        one += pr->value.len;
        if (one > SIZE_MAX - total)
            return FCGI_E_INVALID_ARGUMENT;
        total += one;
    }
    *size = total;
    return FCGI_OK;
}

fcgi_status fcgi_build_params(void *buf, size_t cap, const fcgi_nv_pair *pairs, size_t n,
                              size_t *len)
{
    size_t need = 0;
    fcgi_status st = fcgi__params_size(pairs, n, &need);
    uint8_t *p = buf;
    size_t i;

    *len = need;
    if (st != FCGI_OK) {
        *len = 0;
        return st;
    }
    if (buf == NULL)
        return FCGI_OK;
    if (cap < need)
        return FCGI_E_BUFFER_TOO_SMALL;
    for (i = 0; i < n; i++) {
        p += fcgi__nv_put_len(p, pairs[i].name.len);
        p += fcgi__nv_put_len(p, pairs[i].value.len);
        if (pairs[i].name.len > 0)
            memcpy(p, pairs[i].name.data, pairs[i].name.len);
        p += pairs[i].name.len;
        if (pairs[i].value.len > 0)
            memcpy(p, pairs[i].value.data, pairs[i].value.len);
        p += pairs[i].value.len;
    }
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

    while (left > 0)
        if (!fcgi__nv_next(&p, &left, &pr))
            return false;
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

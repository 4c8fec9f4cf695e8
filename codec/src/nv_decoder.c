// SPDX-License-Identifier: MIT
/*
 * nv_decoder.c - fcgi_nv_decoder: name-value pairs from a PARAMS or
 * GET_VALUES stream that arrives record by record.
 *
 * Wire format (spec section 3.4): nameLength, valueLength, each one octet
 * below 128 or four octets with the high bit set (31 bits), then the name
 * octets, then the value octets.
 *
 * A pair wholly inside one feed is decoded in place, by the fast path of
 * fcgi/parser_inline.h when both lengths use the one-octet form, else by
 * decode_whole().  The slow paths are kept out of line so the fast path
 * needs no stack frame.  A pair cut by the end of a feed is carried by a
 * state machine: its length prefix (at most 8 octets) is gathered in _lbuf,
 * then its name and value are copied into the caller's scratch buffer, up
 * to the buffer's size; whatever does not fit is counted off in _skip and
 * never touched, so a 2 GiB value costs no memory and no per-octet work.
 *
 * Lengths are 31-bit; two of them are only ever added in 64 bits, and
 * compared against what is available by subtraction (libfcgi's
 * CVE-2025-23016 was nameLen + valueLen + 2 wrapping in 32 bits).
 */
#include <string.h>

#include "fcgi/parser.h"
#include "internal.h"
#include "params_internal.h"
#include "stream_pos.h"

/* Values of fcgi_nv_decoder._state. */
enum {
    NV_IDLE = 0, /* between pairs, nothing of the next one seen */
    NV_PREFIX,   /* _llen of _lneed length-prefix octets gathered */
    NV_BODY,     /* lengths known, no name/value octet seen yet */
    NV_COPY      /* _used octets in scratch, then _skip octets to drop */
};

void fcgi_nv_decoder_init(fcgi_nv_decoder *d, void *scratch, size_t cap)
{
    memset(d, 0, sizeof *d);
    d->_scratch = scratch;
    d->_cap = scratch != NULL ? cap : 0;
    d->_state = NV_IDLE;
}

static inline size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* true when name and value fit in the scratch buffer together. */
static inline bool fits(const fcgi_nv_decoder *d)
{
    return d->_name_len <= d->_cap && d->_value_len <= d->_cap - d->_name_len;
}

/* Ends a call that used `pos` octets of b. */
static inline fcgi_status leave(fcgi_nv_decoder *d, const uint8_t *b, size_t pos,
                                size_t *consumed, fcgi_status st)
{
    fcgi__pos_leave(&d->_pos, b, pos, d->_state == NV_IDLE);
    *consumed = pos;
    return st;
}

static fcgi_status emit_in_place(fcgi_nv_decoder *d, const uint8_t *b, uint64_t at,
                                 const uint8_t *body, size_t pos, size_t *consumed,
                                 fcgi_nv_event *ev)
{
    ev->pair.name.data = body;
    ev->pair.name.len = d->_name_len;
    ev->pair.value.data = body + d->_name_len;
    ev->pair.value.len = d->_value_len;
    ev->name_len = d->_name_len;
    ev->value_len = d->_value_len;
    ev->truncated = false;
    ev->split = true;
    ev->start_offset = d->_pair_offset;
    ev->end_offset = at + pos;
    d->_state = NV_IDLE;
    return leave(d, b, pos, consumed, FCGI_OK);
}

static fcgi_status emit_scratch(fcgi_nv_decoder *d, const uint8_t *b, uint64_t at, size_t pos,
                                size_t *consumed, fcgi_nv_event *ev)
{
    const bool whole = fits(d);
    size_t nlen = d->_name_len, vlen = d->_value_len;
    if (!whole) {
        nlen = min_size(nlen, d->_cap);
        vlen = min_size(vlen, d->_cap - nlen);
    }
    /* scratch is NULL only with cap 0, where both spans are empty. */
    ev->pair.name.data = d->_scratch;
    ev->pair.name.len = nlen;
    ev->pair.value.data = d->_scratch != NULL ? d->_scratch + nlen : NULL;
    ev->pair.value.len = vlen;
    ev->name_len = d->_name_len;
    ev->value_len = d->_value_len;
    ev->truncated = !whole;
    ev->split = true;
    ev->start_offset = d->_pair_offset;
    ev->end_offset = at + pos;
    d->_state = NV_IDLE;
    return leave(d, b, pos, consumed, FCGI_OK);
}

/* The state machine for pairs cut across feeds. */
FCGI__NOINLINE static fcgi_status feed_slow(fcgi_nv_decoder *d, const uint8_t *b, size_t len,
                                            size_t *consumed, fcgi_nv_event *ev)
{
    const uint64_t at = fcgi__pos_enter(&d->_pos, b); /* stream offset of b[0] */
    size_t pos = 0;

    if (d->_state == NV_IDLE) {
        if (len == 0) /* e.g. the empty record ending the stream */
            return leave(d, b, 0, consumed, FCGI_NEED_MORE);
        d->_pair_offset = at;
        d->_lneed = 2; /* two one-octet lengths, until a high bit says otherwise */
        if (len >= 2 && fcgi__nv_short_form(b[0], b[1])) {
            /* The usual cut: both lengths here, name or value cut short.
             * No need to gather the prefix octet by octet. */
            d->_name_len = b[0];
            d->_value_len = b[1];
            d->_llen = 2;
            pos = 2;
            d->_state = NV_BODY;
        } else {
            d->_llen = 0;
            d->_state = NV_PREFIX;
        }
    }

    if (d->_state == NV_PREFIX) {
        while (d->_llen < d->_lneed) {
            if (pos == len)
                return leave(d, b, pos, consumed, FCGI_NEED_MORE);
            const uint8_t o = b[pos++];
            const unsigned idx = d->_llen;
            d->_lbuf[d->_llen++] = o;
            /* The first octet of each length decides its size. */
            if (idx == 0 || idx == fcgi__nv_prefix_size(d->_lbuf[0]))
                d->_lneed = (uint8_t)(d->_lneed + fcgi__nv_prefix_size(o) - 1);
        }
        d->_name_len = fcgi__nv_get_len(d->_lbuf);
        d->_value_len = fcgi__nv_get_len(d->_lbuf + fcgi__nv_prefix_size(d->_lbuf[0]));
        d->_state = NV_BODY;
    }

    if (d->_state == NV_BODY) {
        const size_t avail = len - pos;
        /* The length prefix came in an earlier feed but name and value
         * are all here: no need to copy them. */
        if (d->_name_len <= avail && d->_value_len <= avail - d->_name_len)
            return emit_in_place(d, b, at, b + pos, pos + d->_name_len + d->_value_len,
                                 consumed, ev);
        if (avail == 0)
            return leave(d, b, pos, consumed, FCGI_NEED_MORE);
        d->_used = 0;
        d->_skip = fits(d) ? 0
                           : (uint32_t)((uint64_t)d->_name_len + d->_value_len - d->_cap);
        d->_state = NV_COPY;
    }

    /* NV_COPY: fill scratch with the pair's first octets, drop the rest. */
    const size_t target = fits(d) ? (size_t)d->_name_len + d->_value_len : d->_cap;
    const size_t k = min_size(target - d->_used, len - pos);
    if (k > 0) {
        memcpy(d->_scratch + d->_used, b + pos, k);
        d->_used += k;
        pos += k;
    }
    const size_t s = min_size(d->_skip, len - pos);
    d->_skip = (uint32_t)(d->_skip - s);
    pos += s;
    if (d->_used == target && d->_skip == 0)
        return emit_scratch(d, b, at, pos, consumed, ev);
    return leave(d, b, pos, consumed, FCGI_NEED_MORE);
}

/* A pair whole in the input at b[0..len), whatever its length forms:
 * decoded in place.  Returns false when the pair is not all there. */
static inline bool decode_whole(fcgi_nv_decoder *d, const uint8_t *b, size_t len,
                                size_t *consumed, fcgi_nv_event *ev)
{
    size_t nlen, vlen;
    const size_t h = fcgi__nv_get_lens(b, len, &nlen, &vlen);
    if (h == 0)
        return false;
    const size_t avail = len - h;
    if (nlen > avail || vlen > avail - nlen)
        return false;
    const size_t n = h + nlen + vlen;
    const uint64_t start = fcgi__pos_enter(&d->_pos, b);
    fcgi__pos_leave(&d->_pos, b, n, true);
    *consumed = n;
    *ev = (fcgi_nv_event){
        .pair = {{b + h, nlen}, {b + h + nlen, vlen}},
        .name_len = (uint32_t)nlen,
        .value_len = (uint32_t)vlen,
        .truncated = false,
        .split = false,
        .start_offset = start,
        .end_offset = start + n,
    };
    return true;
}

/* Everything but the commonest case: 4-octet lengths, pairs cut by the end
 * of the input, resuming a cut pair. */
FCGI__NOINLINE static fcgi_status feed_other(fcgi_nv_decoder *d, const uint8_t *b, size_t len,
                                             size_t *consumed, fcgi_nv_event *ev)
{
    if (d->_state == NV_IDLE && decode_whole(d, b, len, consumed, ev))
        return FCGI_OK;
    return feed_slow(d, b, len, consumed, ev);
}

fcgi_status fcgi_nv_decoder_feed(fcgi_nv_decoder *d, const void *buf, size_t len,
                                 size_t *consumed, fcgi_nv_event *ev)
{
    /* Most pairs of a real request: between pairs, both lengths in their
     * one-octet form and the whole pair in this feed.  The loop over a
     * record's pairs is bound by the latency of this path. */
    if (FCGI__LIKELY(fcgi__nv_decoder_feed_short(d, buf, len, consumed, ev)))
        return FCGI_OK;
    return feed_other(d, buf, len, consumed, ev);
}

fcgi_status fcgi_nv_decoder_finish(const fcgi_nv_decoder *d, uint64_t *have, uint64_t *want)
{
    uint64_t h = 0, w = 0;
    fcgi_status st = FCGI_OK;
    if (d->_state != NV_IDLE) {
        st = FCGI_E_SHORT_NAME_VALUE_PAIR;
        h = fcgi__pos_offset(&d->_pos) - d->_pair_offset;
        if (d->_state != NV_PREFIX)
            w = (uint64_t)d->_lneed + d->_name_len + d->_value_len;
    }
    if (have != NULL)
        *have = h;
    if (want != NULL)
        *want = w;
    return st;
}

fcgi_status fcgi_nv_decoder_peek(const fcgi_nv_decoder *d, const void *buf, size_t len,
                                 uint64_t *need)
{
    const uint8_t *b = buf;
    size_t pos = 0;
    uint64_t rest = 0; /* octets of the open pair still to come */

    *need = 0;
    if (d->_state == NV_PREFIX) {
        /* Finish the prefix on a copy of what was gathered. */
        uint8_t lbuf[8];
        unsigned llen = d->_llen, lneed = d->_lneed;
        memcpy(lbuf, d->_lbuf, sizeof lbuf);
        while (llen < lneed) {
            if (pos == len)
                return FCGI_NEED_MORE;
            const uint8_t o = b[pos++];
            if (llen == 0 || llen == fcgi__nv_prefix_size(lbuf[0]))
                lneed += (unsigned)fcgi__nv_prefix_size(o) - 1;
            lbuf[llen++] = o;
        }
        *need = (uint64_t)fcgi__nv_get_len(lbuf) +
                fcgi__nv_get_len(lbuf + fcgi__nv_prefix_size(lbuf[0]));
        rest = *need;
    } else if (d->_state == NV_BODY) {
        *need = (uint64_t)d->_name_len + d->_value_len;
        rest = *need;
    } else if (d->_state == NV_COPY) {
        /* Octets are copied up to the target, then skipped. */
        const size_t target = fits(d) ? (size_t)d->_name_len + d->_value_len : d->_cap;
        *need = (uint64_t)d->_name_len + d->_value_len;
        rest = (uint64_t)(target - d->_used) + d->_skip;
    }
    if (rest > len - pos)
        return FCGI_NEED_MORE;
    pos += (size_t)rest;

    /* Whole pairs, until one is cut by the end of the input. */
    while (pos < len) {
        size_t nlen, vlen;
        const size_t h = fcgi__nv_get_lens(b + pos, len - pos, &nlen, &vlen);
        *need = 0;
        if (h == 0)
            return FCGI_NEED_MORE;
        const size_t avail = len - pos - h;
        if (nlen > avail || vlen > avail - nlen) {
            *need = (uint64_t)nlen + vlen;
            return FCGI_NEED_MORE;
        }
        pos += h + nlen + vlen;
    }
    *need = 0;
    return FCGI_OK;
}

fcgi_status fcgi_nv_decoder_set_scratch(fcgi_nv_decoder *d, void *scratch, size_t cap)
{
    if (d->_state == NV_COPY)
        return FCGI_E_INVALID_ARGUMENT;
    d->_scratch = scratch;
    d->_cap = scratch != NULL ? cap : 0;
    return FCGI_OK;
}

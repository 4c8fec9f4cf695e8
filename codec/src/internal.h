/* SPDX-License-Identifier: MIT */
/* internal.h - helpers shared by the codec's modules; not installed. */
#ifndef FCGI_INTERNAL_H
#define FCGI_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "fcgi/protocol.h"

static inline uint16_t fcgi__get_u16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t fcgi__get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void fcgi__put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void fcgi__put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* The eight header octets at h, field by field; nothing is checked. */
static inline void fcgi__decode_header(const uint8_t *h, fcgi_header *out)
{
    out->version = h[0];
    out->type = h[1];
    out->request_id = fcgi__get_u16(h + 2);
    out->content_length = fcgi__get_u16(h + 4);
    out->padding_length = h[6];
    out->reserved = h[7];
}

/* Zero padding octets fcgi_build_record appends after `content_len`. */
static inline uint8_t fcgi__padding_for(size_t content_len)
{
    return (uint8_t)((8 - (content_len % 8)) % 8);
}

#endif /* FCGI_INTERNAL_H */

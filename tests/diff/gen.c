// SPDX-License-Identifier: MIT
#include "gen.h"

/* splitmix64: tiny, fast, and good enough to spread cases around. */
uint64_t rng_next(rng *g)
{
    uint64_t z = (g->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint32_t rng_below(rng *g, uint32_t n)
{
    return (uint32_t)(rng_next(g) % n);
}

bool rng_percent(rng *g, unsigned percent)
{
    return rng_below(g, 100) < percent;
}

uint32_t rng_pick(rng *g, const uint32_t *list, size_t n)
{
    return list[rng_below(g, (uint32_t)n)];
}

uint8_t gen_text_octet(rng *g)
{
    /* Mostly plain printable, but every escape dump_record knows shows up
     * often: \r \n \t are text, \\ and " are printable and escaped. */
    static const uint8_t special[] = {'\r', '\n', '\t', '\\', '"', ' ', '~'};
    if (rng_percent(g, 15))
        return special[rng_below(g, sizeof special)];
    return (uint8_t)(0x20 + rng_below(g, 0x7f - 0x20));
}

uint8_t gen_binary_octet(rng *g)
{
    /* Everything else, with \a \b \f (named escapes that are not text) and
     * NUL and 0x7f favoured. */
    static const uint8_t special[] = {'\a', '\b', '\f', 0, 0x7f, 0x80, 0xff, 0x0b};
    if (rng_percent(g, 30))
        return special[rng_below(g, sizeof special)];
    for (;;) {
        uint8_t b = (uint8_t)rng_below(g, 256);
        if (!(b == '\r' || b == '\n' || b == '\t' || (b >= 0x20 && b <= 0x7e)))
            return b;
    }
}

void gen_bytes(rng *g, strbuf *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)rng_next(g);
        sb_put(out, &b, 1);
    }
}

void gen_text(rng *g, strbuf *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t b = gen_text_octet(g);
        sb_put(out, &b, 1);
    }
}

void gen_mixed(rng *g, strbuf *out, size_t n, size_t ntext)
{
    size_t start = out->len;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = i < ntext ? gen_text_octet(g) : gen_binary_octet(g);
        sb_put(out, &b, 1);
    }
    if (n < 2)
        return; /* nothing to shuffle; out->p may still be NULL */
    uint8_t *p = (uint8_t *)out->p + start;
    for (size_t i = n; i > 1; i--) {
        size_t j = rng_below(g, (uint32_t)i);
        uint8_t t = p[i - 1];
        p[i - 1] = p[j];
        p[j] = t;
    }
}

void gen_content(rng *g, strbuf *out, size_t n)
{
    switch (rng_below(g, 4)) {
    case 0:
        gen_bytes(g, out, n);
        break;
    case 1:
        gen_text(g, out, n);
        break;
    default: {
        /* Right around dump_record's 70% threshold. */
        long t = (long)((n * 7 + 5) / 10) + (long)rng_below(g, 5) - 2;
        if (t < 0)
            t = 0;
        if ((size_t)t > n)
            t = (long)n;
        gen_mixed(g, out, n, (size_t)t);
        break;
    }
    }
}

static size_t gen_nv_len(rng *g)
{
    switch (rng_below(g, 10)) {
    case 0:
        return 0;
    case 1:
        return 120 + rng_below(g, 16); /* both sides of 127/128 */
    case 2:
        return 128 + rng_below(g, 400);
    default:
        return rng_below(g, 24);
    }
}

static void put_nv_len(rng *g, strbuf *out, size_t len, unsigned wasteful_percent)
{
    if (len < 0x80 && !rng_percent(g, wasteful_percent)) {
        uint8_t b = (uint8_t)len;
        sb_put(out, &b, 1);
    } else {
        uint8_t b[4] = {(uint8_t)(0x80 | len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8),
                        (uint8_t)len};
        sb_put(out, b, 4);
    }
}

void gen_params(rng *g, strbuf *out, unsigned npairs, unsigned wasteful_percent)
{
    for (unsigned i = 0; i < npairs; i++) {
        size_t k = gen_nv_len(g), v = gen_nv_len(g);
        put_nv_len(g, out, k, wasteful_percent);
        put_nv_len(g, out, v, wasteful_percent);
        if (rng_percent(g, 70)) {
            gen_text(g, out, k);
            gen_text(g, out, v);
        } else {
            gen_content(g, out, k + v);
        }
    }
}

void gen_mutate(rng *g, strbuf *s)
{
    uint8_t *p = (uint8_t *)s->p;
    switch (rng_below(g, 5)) {
    case 0:
        if (s->len)
            s->len = rng_below(g, (uint32_t)s->len);
        break;
    case 1:
        if (s->len)
            p[rng_below(g, (uint32_t)s->len)] ^= (uint8_t)(1u << rng_below(g, 8));
        break;
    case 2: {
        size_t at = rng_below(g, (uint32_t)s->len + 1);
        uint8_t b = (uint8_t)rng_next(g);
        sb_put(s, &b, 1);
        p = (uint8_t *)s->p;
        for (size_t i = s->len - 1; i > at; i--)
            p[i] = p[i - 1];
        p[at] = b;
        break;
    }
    case 3:
        gen_bytes(g, s, 1 + rng_below(g, 6));
        break;
    default:
        if (s->len)
            p[rng_below(g, (uint32_t)s->len)] |= 0x80;
        break;
    }
}

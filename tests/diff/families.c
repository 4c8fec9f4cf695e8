// SPDX-License-Identifier: MIT
/*
 * families.c - what is asked.  Every family mixes fixed edge values (the
 * boundaries in the spec and in Net::FastCGI's code) with seeded random
 * inputs, several thousand cases each.
 */
#include "families.h"

#include <stdlib.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const uint32_t IDS[] = {0, 1, 2, 255, 256, 32767, 32768, 65534, 65535};
static const uint32_t CLENS[] = {0, 1, 7, 8, 9, 255, 256, 32760, 65535};
static const uint32_t ROLES[] = {0, 1, 2, 3, 4, 255, 256, 65535};
static const uint32_t APP_STATUSES[] = {0,           1,           127,         128,
                                        0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};

static dcase mk(dkind k)
{
    dcase c;
    memset(&c, 0, sizeof c);
    c.kind = k;
    return c;
}

static uint32_t rid(rng *g)
{
    return rng_percent(g, 30) ? rng_pick(g, IDS, N_OF(IDS)) : rng_below(g, 65536);
}

/* Adds a one-octet-argument case. */
static void ask_octets(runner *r, dkind k, const strbuf *s)
{
    dcase c = mk(k);
    case_set_octets(&c, 0, s->p, s->len);
    runner_add(r, &c);
}

/* A record's octets: header, content, then `present` octets of padding
 * (the header announces plen). */
static void put_record(strbuf *out, uint8_t version, uint8_t type, uint16_t id, const strbuf *content,
                       uint8_t plen, uint8_t reserved, size_t present)
{
    uint8_t h[8] = {version, type, (uint8_t)(id >> 8), (uint8_t)id, (uint8_t)(content->len >> 8),
                    (uint8_t)content->len, plen, reserved};
    sb_put(out, h, 8);
    sb_put(out, content->p, content->len);
    for (size_t i = 0; i < present; i++) {
        uint8_t z = 0;
        sb_put(out, &z, 1);
    }
}

/* ---- header ---------------------------------------------------------- */

static void family_header(runner *r, rng *g)
{
    for (uint32_t t = 0; t < 256; t++) {
        dcase c = mk(K_BUILD_HEADER);
        uint32_t a[4] = {t, rid(g), rng_below(g, 65536), rng_below(g, 256)};
        memcpy(c.a, a, sizeof a);
        runner_add(r, &c);
    }
    static const uint32_t plens[] = {0, 1, 7, 255};
    for (size_t i = 0; i < N_OF(IDS); i++)
        for (size_t j = 0; j < N_OF(CLENS); j++)
            for (size_t k = 0; k < N_OF(plens); k++) {
                dcase c = mk(K_BUILD_HEADER);
                uint32_t a[4] = {rng_below(g, 256), IDS[i], CLENS[j], plens[k]};
                memcpy(c.a, a, sizeof a);
                runner_add(r, &c);
            }
    for (int i = 0; i < 2500; i++) {
        dcase c = mk(K_BUILD_HEADER);
        uint32_t a[4] = {rng_below(g, 256), rng_below(g, 65536), rng_below(g, 65536),
                         rng_below(g, 256)};
        memcpy(c.a, a, sizeof a);
        runner_add(r, &c);
    }

    strbuf s = {0};
    /* Every short length, and every version octet. */
    for (size_t n = 0; n <= 9; n++)
        for (int i = 0; i < 40; i++) {
            sb_reset(&s);
            gen_bytes(g, &s, n);
            if (n && rng_percent(g, 80))
                s.p[0] = 1;
            ask_octets(r, K_PARSE_HEADER, &s);
        }
    for (uint32_t v = 0; v < 256; v++) {
        sb_reset(&s);
        gen_bytes(g, &s, 8 + rng_below(g, 3));
        s.p[0] = (char)v;
        ask_octets(r, K_PARSE_HEADER, &s);
    }
    for (int i = 0; i < 2500; i++) {
        sb_reset(&s);
        gen_bytes(g, &s, rng_below(g, 21));
        if (s.len && rng_percent(g, 85))
            s.p[0] = 1;
        ask_octets(r, K_PARSE_HEADER, &s);
    }
    sb_free(&s);
}

/* ---- bodies and discrete records ---------------------------------------- */

static void family_bodies(runner *r, rng *g)
{
    static const uint32_t flags[] = {0, 1, 2, 3, 0x80, 0x81, 0xfe, 0xff};
    for (size_t i = 0; i < N_OF(ROLES); i++)
        for (size_t j = 0; j < N_OF(flags); j++) {
            dcase c = mk(K_BUILD_BEGIN_BODY);
            c.a[0] = ROLES[i], c.a[1] = flags[j];
            runner_add(r, &c);
            c = mk(K_BUILD_BEGIN_RECORD);
            c.a[0] = rid(g), c.a[1] = ROLES[i], c.a[2] = flags[j];
            runner_add(r, &c);
        }
    for (size_t i = 0; i < N_OF(APP_STATUSES); i++)
        for (uint32_t ps = 0; ps < 6; ps++) {
            dcase c = mk(K_BUILD_END_BODY);
            c.a[0] = APP_STATUSES[i], c.a[1] = ps == 5 ? 255 : ps;
            runner_add(r, &c);
            c = mk(K_BUILD_END_RECORD);
            c.a[0] = rid(g), c.a[1] = APP_STATUSES[i], c.a[2] = ps == 5 ? 255 : ps;
            runner_add(r, &c);
        }
    for (uint32_t t = 0; t < 256; t++) {
        dcase c = mk(K_BUILD_UNKNOWN_BODY);
        c.a[0] = t;
        runner_add(r, &c);
        c = mk(K_BUILD_UNKNOWN_RECORD);
        c.a[0] = t;
        runner_add(r, &c);
    }
    for (int i = 0; i < 500; i++) {
        dcase c = mk(K_BUILD_BEGIN_BODY);
        c.a[0] = rng_below(g, 65536), c.a[1] = rng_below(g, 256);
        runner_add(r, &c);
        c = mk(K_BUILD_BEGIN_RECORD);
        c.a[0] = rid(g), c.a[1] = rng_below(g, 65536), c.a[2] = rng_below(g, 256);
        runner_add(r, &c);
        c = mk(K_BUILD_END_BODY);
        c.a[0] = (uint32_t)rng_next(g), c.a[1] = rng_below(g, 256);
        runner_add(r, &c);
        c = mk(K_BUILD_END_RECORD);
        c.a[0] = rid(g), c.a[1] = (uint32_t)rng_next(g), c.a[2] = rng_below(g, 256);
        runner_add(r, &c);
    }

    static const dkind parsers[] = {K_PARSE_BEGIN_BODY, K_PARSE_END_BODY, K_PARSE_UNKNOWN_BODY};
    strbuf s = {0};
    for (size_t k = 0; k < N_OF(parsers); k++)
        for (size_t n = 0; n <= 16; n++)
            for (int i = 0; i < 40; i++) {
                sb_reset(&s);
                gen_bytes(g, &s, n);
                ask_octets(r, parsers[k], &s);
            }
    sb_free(&s);
}

/* ---- build_record ------------------------------------------------------- */

static void family_build_record(runner *r, rng *g)
{
    static const uint32_t lens[] = {0,     1,     2,     3,     4,     5,     6,     7,
                                    8,     9,     10,    11,    12,    13,    14,    15,
                                    16,    127,   128,   255,   256,   32759, 32760, 32761,
                                    65534, 65535, 65536, 65537, 70000};
    strbuf s = {0};
    for (size_t i = 0; i < N_OF(lens); i++)
        for (int rep = 0; rep < (lens[i] > 1000 ? 2 : 20); rep++) {
            dcase c = mk(K_BUILD_RECORD);
            c.a[0] = rng_below(g, 256), c.a[1] = rid(g);
            sb_reset(&s);
            gen_content(g, &s, lens[i]);
            case_set_octets(&c, 0, s.p, s.len);
            runner_add(r, &c);
        }
    for (uint32_t t = 0; t < 256; t++) {
        dcase c = mk(K_BUILD_RECORD); /* content left out */
        c.a[0] = t, c.a[1] = rid(g);
        runner_add(r, &c);
    }
    for (int i = 0; i < 3500; i++) {
        dcase c = mk(K_BUILD_RECORD);
        c.a[0] = rng_below(g, 256), c.a[1] = rid(g);
        sb_reset(&s);
        gen_content(g, &s, rng_below(g, 300));
        case_set_octets(&c, 0, s.p, s.len);
        runner_add(r, &c);
    }
    sb_free(&s);
}

/* ---- parse_record and parse_record_body --------------------------------- */

/* Content that suits `type` most of the time, so that the type-specific
 * paths are reached, and anything at all otherwise. */
static void content_for(rng *g, uint8_t type, size_t hint, strbuf *out)
{
    if ((type == FCGI_GET_VALUES || type == FCGI_GET_VALUES_RESULT || type == FCGI_PARAMS) &&
        rng_percent(g, 70)) {
        gen_params(g, out, rng_below(g, 5), 10);
        if (rng_percent(g, 20))
            gen_mutate(g, out);
        return;
    }
    gen_content(g, out, hint);
}

static void family_parse_record(runner *r, rng *g)
{
    static const uint32_t ids[] = {0, 1, 65535};
    strbuf content = {0}, rec = {0};
    for (uint32_t t = 0; t < 256; t++)
        for (size_t i = 0; i < N_OF(ids); i++)
            for (int form = 0; form < 3; form++) {
                sb_reset(&content);
                if (form == 1)
                    gen_bytes(g, &content, 8);
                else if (form == 2)
                    content_for(g, (uint8_t)t, 1 + rng_below(g, 100), &content);
                uint8_t plen = (uint8_t)((8 - content.len % 8) % 8);
                if (rng_percent(g, 10))
                    plen = (uint8_t)rng_below(g, 256);
                size_t present = rng_percent(g, 80) ? plen : rng_below(g, plen + 1u);
                sb_reset(&rec);
                put_record(&rec, 1, (uint8_t)t, (uint16_t)ids[i], &content, plen,
                           (uint8_t)(rng_percent(g, 80) ? 0 : rng_next(g)), present);
                if (rng_percent(g, 10))
                    gen_bytes(g, &rec, 1 + rng_below(g, 20)); /* the next record */
                ask_octets(r, K_PARSE_RECORD, &rec);

                dcase c = mk(K_PARSE_RECORD_BODY);
                c.a[0] = t, c.a[1] = ids[i];
                case_set_octets(&c, 0, content.p, content.len);
                runner_add(r, &c);
            }
    /* Truncated records, and records with a wrong version. */
    for (int i = 0; i < 1200; i++) {
        uint8_t t = (uint8_t)(rng_percent(g, 60) ? 1 + rng_below(g, 11) : rng_below(g, 256));
        sb_reset(&content);
        content_for(g, t, rng_below(g, 40), &content);
        sb_reset(&rec);
        put_record(&rec, rng_percent(g, 85) ? 1 : (uint8_t)rng_next(g), t,
                   (uint16_t)(rng_percent(g, 50) ? 0 : rid(g)), &content,
                   (uint8_t)((8 - content.len % 8) % 8), 0, (8 - content.len % 8) % 8);
        if (rng_percent(g, 60))
            rec.len = rng_below(g, (uint32_t)rec.len + 1);
        ask_octets(r, K_PARSE_RECORD, &rec);
    }
    /* Garbage that mostly starts like a record. */
    for (int i = 0; i < 1500; i++) {
        sb_reset(&rec);
        gen_bytes(g, &rec, rng_below(g, 48));
        if (rec.len > 4 && rng_percent(g, 85)) {
            rec.p[0] = 1;
            rec.p[4] = 0; /* keep most content lengths reachable */
            if (rng_percent(g, 50))
                rec.p[1] = (char)(1 + rng_below(g, 11));
        }
        ask_octets(r, K_PARSE_RECORD, &rec);
    }
    /* Content over 65535 octets, only reachable through parse_record_body. */
    static const uint32_t big_types[] = {0, 1, 2, 4, 9, 11, 200};
    for (size_t i = 0; i < N_OF(big_types); i++)
        for (uint32_t len = 65535; len <= 65537; len++) {
            dcase c = mk(K_PARSE_RECORD_BODY);
            c.a[0] = big_types[i], c.a[1] = 1;
            sb_reset(&content);
            gen_bytes(g, &content, len);
            case_set_octets(&c, 0, content.p, content.len);
            runner_add(r, &c);
        }
    sb_free(&content);
    sb_free(&rec);
}

/* ---- build_stream ------------------------------------------------------- */

static void family_stream(runner *r, rng *g)
{
    static const uint32_t lens[] = {0,     1,     7,     8,     9,     32759,  32760, 32761,
                                    65519, 65520, 65521, 65535, 65536, 98279,  98280, 98281,
                                    131040};
    strbuf s = {0};
    for (size_t i = 0; i < N_OF(lens); i++)
        for (uint32_t term = 0; term < 2; term++) {
            dcase c = mk(K_BUILD_STREAM);
            c.a[0] = rng_below(g, 256), c.a[1] = rid(g), c.a[2] = term;
            sb_reset(&s);
            gen_bytes(g, &s, lens[i]);
            case_set_octets(&c, 0, s.p, s.len);
            runner_add(r, &c);
        }
    for (int i = 0; i < 3000; i++) {
        dcase c = mk(K_BUILD_STREAM);
        c.a[0] = rng_percent(g, 70) ? 4 + rng_below(g, 5) : rng_below(g, 256);
        c.a[1] = rid(g), c.a[2] = rng_below(g, 2);
        sb_reset(&s);
        gen_content(g, &s, rng_percent(g, 95) ? rng_below(g, 600) : rng_below(g, 70000));
        case_set_octets(&c, 0, s.p, s.len);
        runner_add(r, &c);
    }
    sb_free(&s);
}

/* ---- build_begin_request / build_end_request ----------------------------- */

static size_t stream_len(rng *g)
{
    static const uint32_t big[] = {32759, 32760, 32761, 65520, 65521};
    if (rng_percent(g, 3))
        return rng_pick(g, big, N_OF(big));
    return rng_percent(g, 20) ? 0 : rng_below(g, 200);
}

/* The message's streams, as case octets 0 and 1: the first in 70 % of
 * cases, the second in half of those.  tmp is scratch. */
static void maybe_streams(rng *g, dcase *c, strbuf *tmp)
{
    for (int i = 0; i < 2 && rng_percent(g, i == 0 ? 70 : 50); i++) {
        sb_reset(tmp);
        gen_content(g, tmp, stream_len(g));
        case_set_octets(c, i, tmp->p, tmp->len);
    }
}

static void family_requests(runner *r, rng *g)
{
    strbuf a = {0}, b = {0};
    for (int i = 0; i < 3000; i++) {
        dcase c = mk(K_BUILD_BEGIN_REQUEST);
        c.a[0] = rid(g);
        c.a[1] = rng_percent(g, 30) ? rng_pick(g, ROLES, N_OF(ROLES)) : rng_below(g, 65536);
        c.a[2] = rng_below(g, 256);
        if (rng_percent(g, 85)) { /* one pair: Perl's hash order cannot matter */
            static const uint32_t nvl[] = {0, 1, 126, 127, 128, 129, 300, 40000};
            size_t kl = rng_percent(g, 20) ? rng_pick(g, nvl, N_OF(nvl)) : rng_below(g, 30);
            size_t vl = rng_percent(g, 20) ? rng_pick(g, nvl, N_OF(nvl)) : rng_below(g, 60);
            sb_reset(&a), sb_reset(&b);
            gen_content(g, &a, kl);
            gen_content(g, &b, vl);
            case_add_pair(&c, a.p, a.len, b.p, b.len);
        }
        maybe_streams(g, &c, &a);
        runner_add(r, &c);
    }
    for (int i = 0; i < 3000; i++) {
        dcase c = mk(K_BUILD_END_REQUEST);
        c.a[0] = rid(g);
        c.a[1] = rng_percent(g, 30) ? rng_pick(g, APP_STATUSES, N_OF(APP_STATUSES))
                                    : (uint32_t)rng_next(g);
        c.a[2] = rng_percent(g, 80) ? rng_below(g, 4) : rng_below(g, 256);
        maybe_streams(g, &c, &a);
        runner_add(r, &c);
    }
    sb_free(&a);
    sb_free(&b);
}

/* ---- params ------------------------------------------------------------- */

static void family_params(runner *r, rng *g)
{
    static const uint32_t nvl[] = {0, 1, 126, 127, 128, 129, 255, 256, 65535, 65536, 200000};
    strbuf a = {0}, b = {0}, s = {0};
    for (size_t i = 0; i < N_OF(nvl); i++)
        for (size_t j = 0; j < N_OF(nvl); j++) {
            if (nvl[i] + nvl[j] > 300000)
                continue;
            dcase c = mk(K_BUILD_PARAMS);
            sb_reset(&a), sb_reset(&b);
            gen_text(g, &a, nvl[i]);
            gen_content(g, &b, nvl[j]);
            case_add_pair(&c, a.p, a.len, b.p, b.len);
            runner_add(r, &c);
        }
    dcase none = mk(K_BUILD_PARAMS);
    runner_add(r, &none);
    for (int i = 0; i < 2000; i++) {
        dcase c = mk(K_BUILD_PARAMS);
        sb_reset(&a), sb_reset(&b);
        gen_content(g, &a, rng_percent(g, 10) ? 120 + rng_below(g, 16) : rng_below(g, 20));
        gen_content(g, &b, rng_percent(g, 10) ? 120 + rng_below(g, 300) : rng_below(g, 50));
        case_add_pair(&c, a.p, a.len, b.p, b.len);
        runner_add(r, &c);
    }
    /* Several pairs with distinct names: compared as sets of encodings. */
    for (int i = 0; i < 1000; i++) {
        dcase c = mk(K_BUILD_PARAMS);
        unsigned n = 2 + rng_below(g, DIFF_MAX_PAIRS - 1);
        for (unsigned k = 0; k < n; k++) {
            sb_reset(&a), sb_reset(&b);
            sb_printf(&a, "N%u_", k); /* distinct by construction */
            gen_content(g, &a, rng_percent(g, 10) ? 130 : rng_below(g, 12));
            gen_content(g, &b, rng_percent(g, 10) ? 128 + rng_below(g, 200) : rng_below(g, 40));
            case_add_pair(&c, a.p, a.len, b.p, b.len);
        }
        runner_add(r, &c);
    }

    /* Hand-picked: the largest lengths (no overflow when added), 4-octet
     * forms of small values, and every cut of a 4-octet length. */
    static const char *const edges[] = {
        "", "00", "0000", "000000", "0100", "010061", "01016161", "0001",
        "80", "8000", "800000", "80000000", "8000000080000000", "8000000180000001", "6161",
        "80000001800000016162", "ffffffff", "ffffffffffffffff", "ffffffff00", "00ffffffff",
        "7f7f", "80000080", "8000008000", "7fffffffffffffff", "0180000001616200",
    };
    for (size_t i = 0; i < N_OF(edges); i++) {
        uint8_t *bin;
        size_t n = hex_decode(edges[i], strlen(edges[i]), &bin);
        sb_reset(&s);
        sb_put(&s, bin, n);
        free(bin);
        ask_octets(r, K_PARSE_PARAMS, &s);
        ask_octets(r, K_CHECK_PARAMS, &s);
        for (uint32_t t = 4; t <= 10; t += 3) { /* PARAMS, STDERR, GET_VALUES_RESULT */
            dcase c = mk(K_DUMP_RECORD_BODY);
            c.a[0] = t == 7 ? FCGI_GET_VALUES : t, c.a[1] = 1;
            case_set_octets(&c, 0, s.p, s.len);
            runner_add(r, &c);
        }
    }

    /* parse_params and check_params see the same inputs. */
    for (int i = 0; i < 3500; i++) {
        sb_reset(&s);
        switch (rng_below(g, 6)) {
        case 0:
            gen_bytes(g, &s, rng_below(g, 14));
            break;
        case 1: /* duplicate names: Perl keeps the last value */
            for (unsigned k = 0, n = 2 + rng_below(g, 4); k < n; k++) {
                uint8_t hdr[2] = {1, (uint8_t)rng_below(g, 4)};
                sb_put(&s, hdr, 2);
                uint8_t name = (uint8_t)('a' + rng_below(g, 2));
                sb_put(&s, &name, 1);
                gen_content(g, &s, hdr[1]);
            }
            break;
        case 2:
        case 3:
            gen_params(g, &s, rng_below(g, 6), 10);
            break;
        default:
            gen_params(g, &s, 1 + rng_below(g, 5), 10);
            for (unsigned m = 0, n = 1 + rng_below(g, 2); m < n; m++)
                gen_mutate(g, &s);
            break;
        }
        ask_octets(r, K_PARSE_PARAMS, &s);
        ask_octets(r, K_CHECK_PARAMS, &s);
    }
    sb_free(&a);
    sb_free(&b);
    sb_free(&s);
}

/* ---- get_record_length -------------------------------------------------- */

static void family_record_length(runner *r, rng *g)
{
    strbuf s = {0};
    for (size_t n = 0; n <= 12; n++)
        for (int i = 0; i < 100; i++) {
            sb_reset(&s);
            gen_bytes(g, &s, n);
            ask_octets(r, K_GET_RECORD_LENGTH, &s);
        }
    for (int i = 0; i < 2000; i++) {
        sb_reset(&s);
        gen_bytes(g, &s, 8 + rng_below(g, 64));
        if (rng_percent(g, 30))
            s.p[4] = (char)0xff, s.p[6] = (char)0xff; /* the largest lengths */
        ask_octets(r, K_GET_RECORD_LENGTH, &s);
    }
    sb_free(&s);
}

/* ---- names and classes -------------------------------------------------- */

static void family_names(runner *r, rng *g)
{
    (void)g;
    static const dkind per_type[] = {K_TYPE_NAME, K_PSTATUS_NAME, K_IS_KNOWN,
                                     K_IS_MANAGEMENT, K_IS_DISCRETE, K_IS_STREAM};
    for (size_t k = 0; k < N_OF(per_type); k++)
        for (uint32_t v = 0; v < 256; v++) {
            dcase c = mk(per_type[k]);
            c.a[0] = v;
            runner_add(r, &c);
        }
    for (uint32_t v = 0; v < 65536; v++) {
        dcase c = mk(K_ROLE_NAME);
        c.a[0] = v;
        runner_add(r, &c);
    }
}

/* ---- dump_record / dump_record_body ------------------------------------- */

static void dump_content(rng *g, uint8_t type, strbuf *out)
{
    switch (type) {
    case FCGI_PARAMS:
    case FCGI_GET_VALUES:
    case FCGI_GET_VALUES_RESULT:
        if (rng_percent(g, 75)) {
            /* Some 4-octet lengths below 128: the one explained difference. */
            gen_params(g, out, rng_below(g, 6), rng_percent(g, 15) ? 25 : 0);
            if (rng_percent(g, 15))
                gen_mutate(g, out);
            return;
        }
        break;
    case FCGI_BEGIN_REQUEST:
    case FCGI_END_REQUEST:
    case FCGI_UNKNOWN_TYPE:
        if (rng_percent(g, 80)) {
            gen_bytes(g, out, 8);
            uint8_t *p = (uint8_t *)out->p + out->len - 8;
            if (type == FCGI_BEGIN_REQUEST && rng_percent(g, 50)) {
                p[0] = 0, p[1] = (uint8_t)rng_below(g, 5); /* known roles, often */
                p[2] = (uint8_t)(rng_percent(g, 50) ? rng_below(g, 2) : p[2]);
            }
            if (type == FCGI_END_REQUEST && rng_percent(g, 50))
                p[4] = (uint8_t)rng_below(g, 5);
            if (type == FCGI_UNKNOWN_TYPE && rng_percent(g, 50))
                p[0] = (uint8_t)rng_below(g, 13);
            return;
        }
        gen_bytes(g, out, rng_below(g, 17));
        return;
    default:
        break;
    }
    static const uint32_t longs[] = {72, 73, 74, 77, 78, 79, 80, 500, 65535};
    size_t n = rng_percent(g, 15) ? rng_pick(g, longs, N_OF(longs)) : rng_below(g, 120);
    gen_content(g, out, n);
}

static uint8_t dump_type(rng *g)
{
    return (uint8_t)(rng_percent(g, 85) ? 1 + rng_below(g, 11) : rng_below(g, 256));
}

static void family_dump(runner *r, rng *g)
{
    static const uint32_t ids[] = {0, 1, 65535};
    strbuf content = {0}, rec = {0};
    for (uint32_t t = 0; t < 256; t++)
        for (size_t i = 0; i < N_OF(ids); i++) {
            dcase c = mk(K_DUMP_RECORD_BODY);
            c.a[0] = t, c.a[1] = ids[i];
            sb_reset(&content);
            dump_content(g, (uint8_t)t, &content);
            if (rng_percent(g, 90))
                case_set_octets(&c, 0, content.p, content.len);
            runner_add(r, &c);
        }
    for (int i = 0; i < 3000; i++) {
        dcase c = mk(K_DUMP_RECORD_BODY);
        c.a[0] = dump_type(g), c.a[1] = rid(g);
        sb_reset(&content);
        dump_content(g, (uint8_t)c.a[0], &content);
        case_set_octets(&c, 0, content.p, content.len);
        runner_add(r, &c);
    }
    /* Exactly at the 70% threshold, for every length up to 200. */
    for (size_t n = 1; n <= 200; n++) {
        size_t t7 = (n * 7 + 9) / 10; /* smallest count with count/n >= 0.7 */
        for (size_t t = t7 ? t7 - 1 : 0; t <= t7 && t <= n; t++) {
            dcase c = mk(K_DUMP_RECORD_BODY);
            c.a[0] = 4 + rng_below(g, 5);
            if (c.a[0] == FCGI_PARAMS)
                c.a[0] = 0x42;
            c.a[1] = rid(g);
            sb_reset(&content);
            gen_mixed(g, &content, n, t);
            case_set_octets(&c, 0, content.p, content.len);
            runner_add(r, &c);
        }
    }
    /* Bodies longer than any record can carry: Perl dumps them anyway. */
    static const uint32_t over_types[] = {0, 2, 4, 5, 9, 200};
    for (size_t i = 0; i < N_OF(over_types); i++) {
        dcase c = mk(K_DUMP_RECORD_BODY);
        c.a[0] = over_types[i], c.a[1] = 7;
        sb_reset(&content);
        if (over_types[i] == 4 || over_types[i] == 9)
            while (content.len < 70000)
                gen_params(g, &content, 1, 0);
        else
            gen_content(g, &content, 65536 + rng_below(g, 5000));
        case_set_octets(&c, 0, content.p, content.len);
        runner_add(r, &c);
    }
    /* Whole records: well-formed, padding short, version wrong, cut. */
    for (int i = 0; i < 3500; i++) {
        uint8_t t = dump_type(g);
        sb_reset(&content);
        dump_content(g, t, &content);
        uint8_t plen = (uint8_t)((8 - content.len % 8) % 8);
        if (rng_percent(g, 10))
            plen = (uint8_t)rng_below(g, 256);
        size_t present = rng_percent(g, 85) ? plen : rng_below(g, plen + 1u);
        sb_reset(&rec);
        put_record(&rec, rng_percent(g, 92) ? 1 : (uint8_t)rng_next(g), t, (uint16_t)rid(g),
                   &content, plen, (uint8_t)rng_below(g, 2), present);
        if (rng_percent(g, 8))
            rec.len = rng_below(g, (uint32_t)rec.len + 1);
        if (rng_percent(g, 10))
            gen_bytes(g, &rec, rng_below(g, 9));
        ask_octets(r, K_DUMP_RECORD, &rec);
    }
    for (size_t n = 0; n <= 9; n++)
        for (int i = 0; i < 20; i++) {
            sb_reset(&rec);
            gen_bytes(g, &rec, n);
            if (n && rng_percent(g, 80))
                rec.p[0] = 1;
            if (n > 5 && rng_percent(g, 80))
                rec.p[4] = rec.p[5] = rec.p[6] = 0;
            ask_octets(r, K_DUMP_RECORD, &rec);
        }
    sb_free(&content);
    sb_free(&rec);
}

const family_def DIFF_FAMILIES[] = {
    {"header", family_header},
    {"bodies", family_bodies},
    {"build_record", family_build_record},
    {"parse_record", family_parse_record},
    {"build_stream", family_stream},
    {"requests", family_requests},
    {"params", family_params},
    {"record_length", family_record_length},
    {"names", family_names},
    {"dump", family_dump},
};
const size_t DIFF_FAMILY_COUNT = N_OF(DIFF_FAMILIES);

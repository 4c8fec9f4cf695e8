// SPDX-License-Identifier: MIT
/*
 * cases.c - asking the C codec what oracle.pl asks Net::FastCGI, and
 * judging the two answers.
 *
 * Besides the answer itself, every C call is held to its header's contract
 * on the way (size queries, exact-capacity and one-short buffers that must
 * stay untouched, parse_params against its iterator and check_params, the
 * name functions with and without a buffer).  A broken contract becomes an
 * answer starting with "CONTRACT", which can never equal Perl's.
 */
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *perl;
    int nint;
    int noct;
    int pairs; /* 0: none, 1: count then pairs (build_begin_request), 2: pairs only */
} KIND[] = {
#define DIFF_KIND_ROW_(k, perl, ni, no, pairs) {perl, ni, no, pairs},
    DIFF_KINDS(DIFF_KIND_ROW_)
#undef DIFF_KIND_ROW_
};

void case_set_octets(dcase *c, int i, const void *data, size_t n)
{
    free(c->o[i].p);
    c->o[i].p = xmemdup(data, n);
    c->o[i].n = n;
    c->o[i].given = true;
}

void case_add_pair(dcase *c, const void *name, size_t nlen, const void *value, size_t vlen)
{
    if (c->npairs == DIFF_MAX_PAIRS)
        abort();
    fcgi_nv_pair *p = &c->pairs[c->npairs++];
    p->name.data = xmemdup(name, nlen);
    p->name.len = nlen;
    p->value.data = xmemdup(value, vlen);
    p->value.len = vlen;
}

void case_free(dcase *c)
{
    for (int i = 0; i < 2; i++)
        free(c->o[i].p);
    for (size_t i = 0; i < c->npairs; i++) {
        free((void *)(uintptr_t)c->pairs[i].name.data);
        free((void *)(uintptr_t)c->pairs[i].value.data);
    }
    memset(c, 0, sizeof *c);
}

/* ---- the one deliberate difference ------------------------------------ */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads one name-value length at *off (the test's own decoder, so that the
 * explanation does not lean on the code under test).  Returns false when it
 * does not fit; *wasteful tells a 4-octet form holding a value below 128. */
static bool nv_length(const uint8_t *p, size_t n, size_t *off, uint64_t *v, bool *wasteful)
{
    if (*off >= n)
        return false;
    if (p[*off] < 0x80) {
        *v = p[*off];
        *off += 1;
        *wasteful = false;
        return true;
    }
    if (n - *off < 4)
        return false;
    *v = be32(p + *off) & 0x7fffffffu;
    *off += 4;
    *wasteful = *v < 0x80;
    return true;
}

static bool params_well_formed(const uint8_t *p, size_t n)
{
    size_t off = 0;
    while (off < n) {
        uint64_t k, v;
        bool w;
        if (!nv_length(p, n, &off, &k, &w) || !nv_length(p, n, &off, &v, &w))
            return false;
        if (k + v > n - off)
            return false;
        off += (size_t)(k + v);
    }
    return true;
}

/* Net::FastCGI 0.14's dump_record_body() walks well-formed params content
 * pair by pair and stops after the pair that ends beyond offset 78; it goes
 * wrong at the first 4-octet length below 128 it meets.  True when it meets
 * one (up to that point its walk and the correct one agree). */
static bool perl_dump_misstep(uint8_t type, const uint8_t *p, size_t n)
{
    if (type != FCGI_PARAMS && type != FCGI_GET_VALUES && type != FCGI_GET_VALUES_RESULT)
        return false;
    if (n == 0 || !params_well_formed(p, n))
        return false;
    size_t off = 0;
    while (off < n) {
        uint64_t k, v;
        bool wk, wv;
        nv_length(p, n, &off, &k, &wk);
        nv_length(p, n, &off, &v, &wv);
        if (wk || wv)
            return true;
        off += (size_t)(k + v);
        if (off > 78)
            break;
    }
    return false;
}

/* The record a dump_record case dumps, when Perl would dump its body:
 * version 1 and the whole record, padding included, present. */
static bool dumped_record(const dcase *c, uint8_t *type, uint16_t *id, const uint8_t **content,
                          size_t *clen)
{
    const uint8_t *p = c->o[0].p;
    size_t n = c->o[0].n;
    if (n < 8 || p[0] != FCGI_VERSION_1)
        return false;
    size_t cl = (size_t)p[4] << 8 | p[5];
    if (8 + cl + p[6] > n)
        return false;
    *type = p[1];
    *id = (uint16_t)(p[2] << 8 | p[3]);
    *content = p + 8;
    *clen = cl;
    return true;
}

void case_prepare(dcase *c)
{
    c->perl_dump_bug = false;
    if (c->kind == K_DUMP_RECORD) {
        uint8_t type;
        uint16_t id;
        const uint8_t *content;
        size_t clen;
        if (dumped_record(c, &type, &id, &content, &clen))
            c->perl_dump_bug = perl_dump_misstep(type, content, clen);
    } else if (c->kind == K_DUMP_RECORD_BODY && c->o[0].given) {
        c->perl_dump_bug = perl_dump_misstep((uint8_t)c->a[0], c->o[0].p, c->o[0].n);
    }
}

/* ---- requests ---------------------------------------------------------- */

size_t case_request(const dcase *c, strbuf *req)
{
    sb_puts(req, KIND[c->kind].perl);
    for (int i = 0; i < KIND[c->kind].nint; i++)
        sb_printf(req, "\t%u", (unsigned)c->a[i]);
    if (KIND[c->kind].pairs == 1)
        sb_printf(req, "\t%zu", c->npairs);
    if (KIND[c->kind].pairs)
        for (size_t i = 0; i < c->npairs; i++) {
            sb_puts(req, "\t");
            sb_hex(req, c->pairs[i].name.data, c->pairs[i].name.len);
            sb_puts(req, "\t");
            sb_hex(req, c->pairs[i].value.data, c->pairs[i].value.len);
        }
    for (int i = 0; i < KIND[c->kind].noct; i++) {
        sb_puts(req, "\t");
        if (c->o[i].given)
            sb_hex(req, c->o[i].p, c->o[i].n);
        else
            sb_puts(req, "~");
    }
    sb_puts(req, "\n");
    if (!c->perl_dump_bug)
        return 1;

    uint8_t type = (uint8_t)c->a[0];
    uint16_t id = (uint16_t)c->a[1];
    const uint8_t *content = c->o[0].p;
    size_t clen = c->o[0].n;
    if (c->kind == K_DUMP_RECORD)
        dumped_record(c, &type, &id, &content, &clen);
    sb_printf(req, "dump_params_fixed\t%u\t%u\t", type, id);
    sb_hex(req, content, clen);
    sb_puts(req, "\n");
    return 2;
}

/* ---- C answers ---------------------------------------------------------- */

static void answer_error(strbuf *out, fcgi_status st, unsigned detail)
{
    char m[FCGI_STATUS_MESSAGE_MAX];
    fcgi_format_status(m, sizeof m, st, detail);
    sb_printf(out, "ERR\t%s", m);
}

static fcgi_span span_of(const doctets *o)
{
    fcgi_span s = {o->p, o->n};
    return s;
}

static fcgi_status c_build(const dcase *c, void *buf, size_t cap, size_t *len)
{
    const uint32_t *a = c->a;
    fcgi_span s0 = span_of(&c->o[0]), s1 = span_of(&c->o[1]);
    const fcgi_span *p0 = c->o[0].given ? &s0 : NULL;
    const fcgi_span *p1 = c->o[1].given ? &s1 : NULL;
    switch (c->kind) {
    case K_BUILD_HEADER:
        return fcgi_build_header(buf, cap, (uint8_t)a[0], (uint16_t)a[1], (uint16_t)a[2],
                                 (uint8_t)a[3], len);
    case K_BUILD_BEGIN_BODY:
        return fcgi_build_begin_request_body(buf, cap, (uint16_t)a[0], (uint8_t)a[1], len);
    case K_BUILD_END_BODY:
        return fcgi_build_end_request_body(buf, cap, a[0], (uint8_t)a[1], len);
    case K_BUILD_UNKNOWN_BODY:
        return fcgi_build_unknown_type_body(buf, cap, (uint8_t)a[0], len);
    case K_BUILD_BEGIN_RECORD:
        return fcgi_build_begin_request_record(buf, cap, (uint16_t)a[0], (uint16_t)a[1],
                                               (uint8_t)a[2], len);
    case K_BUILD_END_RECORD:
        return fcgi_build_end_request_record(buf, cap, (uint16_t)a[0], a[1], (uint8_t)a[2], len);
    case K_BUILD_UNKNOWN_RECORD:
        return fcgi_build_unknown_type_record(buf, cap, (uint8_t)a[0], len);
    case K_BUILD_RECORD:
        return fcgi_build_record(buf, cap, (uint8_t)a[0], (uint16_t)a[1],
                                 c->o[0].given ? c->o[0].p : NULL, c->o[0].n, len);
    case K_BUILD_STREAM:
        return fcgi_build_stream(buf, cap, (uint8_t)a[0], (uint16_t)a[1], c->o[0].p, c->o[0].n,
                                 a[2] != 0, len);
    case K_BUILD_BEGIN_REQUEST:
        return fcgi_build_begin_request(buf, cap, (uint16_t)a[0], (uint16_t)a[1], (uint8_t)a[2],
                                        c->pairs, c->npairs, p0, p1, len);
    case K_BUILD_END_REQUEST:
        return fcgi_build_end_request(buf, cap, (uint16_t)a[0], a[1], (uint8_t)a[2], p0, p1, len);
    case K_BUILD_PARAMS:
        return fcgi_build_params(buf, cap, c->pairs, c->npairs, len);
    default:
        abort();
    }
}

#define POISON 0xA5

static bool all_poison(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != POISON)
            return false;
    return true;
}

/* The builder convention, checked whole: a size query, then a buffer one
 * octet short (must fail and write nothing), then the exact size. */
static void answer_build(const dcase *c, strbuf *out)
{
    size_t len = (size_t)-1;
    fcgi_status st = c_build(c, NULL, 0, &len);
    if (st != FCGI_OK) {
        answer_error(out, st, 0);
        return;
    }
    if (len == (size_t)-1) {
        sb_puts(out, "CONTRACT\tsize query left *len unset");
        return;
    }
    uint8_t *buf = xmalloc(len);
    memset(buf, POISON, len);
    if (len > 0) {
        size_t l2 = 0;
        st = c_build(c, buf, len - 1, &l2);
        if (st != FCGI_E_BUFFER_TOO_SMALL || l2 != len || !all_poison(buf, len)) {
            sb_printf(out, "CONTRACT\tcap %zu of %zu: %s, *len %zu%s", len - 1, len,
                      fcgi_status_name(st), l2, all_poison(buf, len) ? "" : ", wrote");
            free(buf);
            return;
        }
    }
    size_t l3 = 0;
    st = c_build(c, buf, len, &l3);
    if (st != FCGI_OK || l3 != len) {
        sb_printf(out, "CONTRACT\texact cap %zu: %s, *len %zu", len, fcgi_status_name(st), l3);
    } else {
        sb_puts(out, "OK\t");
        sb_hex(out, buf, len);
    }
    free(buf);
}

typedef struct hexpair {
    strbuf name, value;
} hexpair;

static int hexpair_cmp(const void *a, const void *b)
{
    return strcmp(((const hexpair *)a)->name.p, ((const hexpair *)b)->name.p);
}

static bool span_eq(fcgi_span a, fcgi_span b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
}

/* Params as Perl's hash shows them (last value wins), in oracle.pl's
 * canonical text; also holds fcgi_parse_params to its iterator and to
 * fcgi_check_params.  Returns the parse status; on a broken contract it
 * appends "CONTRACT..." and returns FCGI_E_INVALID_ARGUMENT. */
static fcgi_status canon_params(const uint8_t *p, size_t n, strbuf *out)
{
    size_t count = (size_t)-1;
    fcgi_status st = fcgi_parse_params(p, n, NULL, 0, &count);
    bool ok = fcgi_check_params(p, n);
    if (st == FCGI_E_SHORT_NAME_VALUE_PAIR) {
        fcgi_params_iter it;
        fcgi_nv_pair pr;
        fcgi_status s;
        fcgi_params_iter_init(&it, p, n);
        while ((s = fcgi_params_next(&it, &pr)) == FCGI_OK)
            ;
        if (ok || s != FCGI_E_SHORT_NAME_VALUE_PAIR ||
            fcgi_params_next(&it, &pr) != FCGI_E_SHORT_NAME_VALUE_PAIR) {
            sb_printf(out, "CONTRACT\tparse_params short, but check_params %d, iterator %s", ok,
                      fcgi_status_name(s));
            return FCGI_E_INVALID_ARGUMENT;
        }
        return st;
    }
    if (!((count == 0 && st == FCGI_OK) || (count > 0 && st == FCGI_E_BUFFER_TOO_SMALL)) || !ok) {
        sb_printf(out, "CONTRACT\tcounting parse_params: %s, count %zu, check_params %d",
                  fcgi_status_name(st), count, ok);
        return FCGI_E_INVALID_ARGUMENT;
    }
    fcgi_nv_pair *pairs = xmalloc(count * sizeof *pairs);
    size_t again = 0;
    st = fcgi_parse_params(p, n, pairs, count, &again);
    if (st != FCGI_OK || again != count) {
        sb_printf(out, "CONTRACT\tparse_params into %zu: %s, count %zu", count,
                  fcgi_status_name(st), again);
        free(pairs);
        return FCGI_E_INVALID_ARGUMENT;
    }
    fcgi_params_iter it;
    fcgi_params_iter_init(&it, p, n);
    for (size_t i = 0; i <= count; i++) {
        fcgi_nv_pair pr;
        fcgi_status s = fcgi_params_next(&it, &pr);
        bool good = i < count ? s == FCGI_OK && span_eq(pr.name, pairs[i].name) &&
                                    span_eq(pr.value, pairs[i].value)
                              : s == FCGI_DONE;
        if (!good) {
            sb_printf(out, "CONTRACT\titerator disagrees with parse_params at pair %zu (%s)", i,
                      fcgi_status_name(s));
            free(pairs);
            return FCGI_E_INVALID_ARGUMENT;
        }
    }

    /* Last value wins: walk backwards, keep the first of each name. */
    hexpair *hp = xmalloc(count * sizeof *hp);
    size_t nh = 0;
    for (size_t i = count; i-- > 0;) {
        bool seen = false;
        for (size_t j = count; j-- > i + 1 && !seen;)
            seen = span_eq(pairs[j].name, pairs[i].name);
        if (seen)
            continue;
        memset(&hp[nh], 0, sizeof hp[nh]);
        sb_hex(&hp[nh].name, pairs[i].name.data, pairs[i].name.len);
        sb_hex(&hp[nh].value, pairs[i].value.data, pairs[i].value.len);
        sb_puts(&hp[nh].name, ""); /* an empty name still needs its NUL */
        sb_puts(&hp[nh].value, "");
        nh++;
    }
    qsort(hp, nh, sizeof *hp, hexpair_cmp);
    sb_puts(out, "{");
    for (size_t i = 0; i < nh; i++) {
        sb_printf(out, "%s%s:%s", i ? "," : "", hp[i].name.p, hp[i].value.p);
        sb_free(&hp[i].name);
        sb_free(&hp[i].value);
    }
    sb_puts(out, "}");
    free(hp);
    free(pairs);
    return FCGI_OK;
}

/* The record as oracle.pl prints Perl's hash: keys sorted, only the keys
 * Perl's parse_record_body sets for this type. */
static void canon_record(const fcgi_record *r, strbuf *out)
{
    unsigned t = r->type, id = r->request_id;
    switch (r->type) {
    case FCGI_BEGIN_REQUEST:
        sb_printf(out, "flags=%u request_id=%u role=%u type=%u", r->flags, id, r->role, t);
        break;
    case FCGI_ABORT_REQUEST:
        sb_printf(out, "request_id=%u type=%u", id, t);
        break;
    case FCGI_END_REQUEST:
        sb_printf(out, "app_status=%u protocol_status=%u request_id=%u type=%u",
                  (unsigned)r->app_status, r->protocol_status, id, t);
        break;
    case FCGI_PARAMS:
    case FCGI_STDIN:
    case FCGI_STDOUT:
    case FCGI_STDERR:
    case FCGI_DATA:
        sb_puts(out, "content=x");
        sb_hex(out, r->content.data, r->content.len);
        sb_printf(out, " request_id=%u type=%u", id, t);
        break;
    case FCGI_GET_VALUES:
    case FCGI_GET_VALUES_RESULT:
        sb_printf(out, "request_id=%u type=%u values=", id, t);
        if (canon_params(r->content.data, r->content.len, out) != FCGI_OK)
            sb_puts(out, " CONTRACT: accepted content that is not params");
        break;
    case FCGI_UNKNOWN_TYPE:
        sb_printf(out, "request_id=%u type=%u unknown_type=%u", id, t, r->unknown_type);
        break;
    default:
        if (r->content.len) {
            sb_puts(out, "content=x");
            sb_hex(out, r->content.data, r->content.len);
            sb_puts(out, " ");
        }
        sb_printf(out, "request_id=%u type=%u", id, t);
        break;
    }
}

static fcgi_status c_dump(const dcase *c, char *buf, size_t cap, size_t *len)
{
    if (c->kind == K_DUMP_RECORD)
        return fcgi_dump_record(buf, cap, c->o[0].p, c->o[0].n, len);
    return fcgi_dump_record_body(buf, cap, (uint8_t)c->a[0], (uint16_t)c->a[1],
                                 c->o[0].given ? c->o[0].p : NULL, c->o[0].n, len);
}

static void answer_dump(const dcase *c, strbuf *out)
{
    size_t len = (size_t)-1;
    fcgi_status st = c_dump(c, NULL, 0, &len);
    if (st != FCGI_OK) {
        answer_error(out, st, 0);
        return;
    }
    if (len == (size_t)-1 || len + 1 > FCGI_DUMP_MAX) {
        sb_printf(out, "CONTRACT\tsize query: *len %zu (FCGI_DUMP_MAX %d)", len, FCGI_DUMP_MAX);
        return;
    }
    char buf[FCGI_DUMP_MAX + 8];
    memset(buf, POISON, sizeof buf);
    size_t l2 = 0;
    st = c_dump(c, buf, len, &l2); /* no room for the NUL */
    if (st != FCGI_E_BUFFER_TOO_SMALL || l2 != len || !all_poison((uint8_t *)buf, sizeof buf)) {
        sb_printf(out, "CONTRACT\tdump into %zu for %zu: %s", len, len, fcgi_status_name(st));
        return;
    }
    st = c_dump(c, buf, len + 1, &l2);
    if (st != FCGI_OK || l2 != len || buf[len] != '\0' || strlen(buf) != len) {
        sb_printf(out, "CONTRACT\tdump into %zu: %s, *len %zu", len + 1, fcgi_status_name(st), l2);
        return;
    }
    sb_puts(out, "OK\t");
    sb_hex(out, (const uint8_t *)buf, len);
}

typedef const char *(*name_fn)(uint16_t v, char *buf);
static const char *type_name(uint16_t v, char *b) { return fcgi_get_type_name((uint8_t)v, b); }
static const char *role_name(uint16_t v, char *b) { return fcgi_get_role_name(v, b); }
static const char *ps_name(uint16_t v, char *b) { return fcgi_get_protocol_status_name((uint8_t)v, b); }

static void answer_name(name_fn fn, uint16_t v, strbuf *out)
{
    char buf[FCGI_NAME_BUF_LEN];
    const char *with = fn(v, buf);
    const char *without = fn(v, NULL);
    if (!with || (without && strcmp(without, with) != 0) ||
        (!without && with != buf) || (without && with == buf) ||
        (with == buf && strnlen(buf, sizeof buf) == sizeof buf)) {
        sb_printf(out, "CONTRACT\tname of %u: with buffer '%s', without '%s'", v,
                  with ? with : "(null)", without ? without : "(null)");
        return;
    }
    sb_puts(out, "OK\t");
    sb_hex(out, (const uint8_t *)with, strlen(with));
}

static void c_answer(const dcase *c, strbuf *out)
{
    const uint8_t *p = c->o[0].p;
    size_t n = c->o[0].n;
    unsigned first = n ? p[0] : 0;
    fcgi_status st;
    switch (c->kind) {
    case K_PARSE_HEADER: {
        fcgi_header h;
        memset(&h, 0, sizeof h);
        st = fcgi_parse_header(p, n, &h);
        if (st == FCGI_E_VERSION && h.version != first)
            sb_printf(out, "CONTRACT\tversion error reports version %u, input has %u", h.version,
                      first);
        else if (st != FCGI_OK)
            answer_error(out, st, h.version);
        else
            sb_printf(out, "OK\t%u\t%u\t%u\t%u", h.type, h.request_id, h.content_length,
                      h.padding_length);
        return;
    }
    case K_PARSE_BEGIN_BODY: {
        fcgi_begin_request_body b;
        if ((st = fcgi_parse_begin_request_body(p, n, &b)) != FCGI_OK)
            answer_error(out, st, 0);
        else
            sb_printf(out, "OK\t%u\t%u", b.role, b.flags);
        return;
    }
    case K_PARSE_END_BODY: {
        fcgi_end_request_body b;
        if ((st = fcgi_parse_end_request_body(p, n, &b)) != FCGI_OK)
            answer_error(out, st, 0);
        else
            sb_printf(out, "OK\t%u\t%u", (unsigned)b.app_status, b.protocol_status);
        return;
    }
    case K_PARSE_UNKNOWN_BODY: {
        uint8_t t;
        if ((st = fcgi_parse_unknown_type_body(p, n, &t)) != FCGI_OK)
            answer_error(out, st, 0);
        else
            sb_printf(out, "OK\t%u", t);
        return;
    }
    case K_PARSE_RECORD: {
        fcgi_record r;
        size_t rl = (size_t)-1;
        st = fcgi_parse_record(p, n, &r, &rl);
        if (st != FCGI_OK) {
            answer_error(out, st, first);
        } else if (rl != fcgi_get_record_length(p, n)) {
            sb_printf(out, "CONTRACT\t*record_len %zu, get_record_length %zu", rl,
                      fcgi_get_record_length(p, n));
        } else {
            sb_puts(out, "OK\t");
            canon_record(&r, out);
        }
        return;
    }
    case K_PARSE_RECORD_BODY: {
        fcgi_record r;
        st = fcgi_parse_record_body((uint8_t)c->a[0], (uint16_t)c->a[1], p, n, &r);
        if (st != FCGI_OK) {
            answer_error(out, st, 0);
        } else {
            sb_puts(out, "OK\t");
            canon_record(&r, out);
        }
        return;
    }
    case K_PARSE_PARAMS: {
        strbuf text = {0};
        st = canon_params(p, n, &text);
        if (st == FCGI_OK) {
            sb_puts(out, "OK\t");
            sb_puts(out, text.p);
        } else if (st == FCGI_E_SHORT_NAME_VALUE_PAIR) {
            answer_error(out, st, 0);
        } else {
            sb_puts(out, text.p);
        }
        sb_free(&text);
        return;
    }
    case K_CHECK_PARAMS:
        sb_printf(out, "OK\t%d", fcgi_check_params(p, n) ? 1 : 0);
        return;
    case K_GET_RECORD_LENGTH:
        sb_printf(out, "OK\t%zu", fcgi_get_record_length(p, n));
        return;
    case K_TYPE_NAME:
        answer_name(type_name, (uint16_t)c->a[0], out);
        return;
    case K_ROLE_NAME:
        answer_name(role_name, (uint16_t)c->a[0], out);
        return;
    case K_PSTATUS_NAME:
        answer_name(ps_name, (uint16_t)c->a[0], out);
        return;
    case K_IS_KNOWN:
        sb_printf(out, "OK\t%d", fcgi_is_known_type((uint8_t)c->a[0]) ? 1 : 0);
        return;
    case K_IS_MANAGEMENT:
        sb_printf(out, "OK\t%d", fcgi_is_management_type((uint8_t)c->a[0]) ? 1 : 0);
        return;
    case K_IS_DISCRETE:
        sb_printf(out, "OK\t%d", fcgi_is_discrete_type((uint8_t)c->a[0]) ? 1 : 0);
        return;
    case K_IS_STREAM:
        sb_printf(out, "OK\t%d", fcgi_is_stream_type((uint8_t)c->a[0]) ? 1 : 0);
        return;
    case K_DUMP_RECORD:
    case K_DUMP_RECORD_BODY:
        answer_dump(c, out);
        return;
    default:
        answer_build(c, out);
        return;
    }
}

/* ---- judging ------------------------------------------------------------ */

/* Perl's diagnostics carry a prefix the C messages leave out. */
static const char *perl_answer(const char *a, strbuf *tmp)
{
    static const char *const prefixes[] = {"FastCGI: ", "Invalid Argument: "};
    if (strncmp(a, "ERR\t", 4) != 0)
        return a;
    for (size_t i = 0; i < 2; i++) {
        size_t l = strlen(prefixes[i]);
        if (strncmp(a + 4, prefixes[i], l) == 0) {
            sb_reset(tmp);
            sb_puts(tmp, "ERR\t");
            sb_puts(tmp, a + 4 + l);
            return tmp->p;
        }
    }
    return a;
}

/* build_params with several pairs: Perl's octets must be the C pairs, each
 * encoded exactly as C encodes it alone, in some order. */
static bool same_pairs_any_order(const dcase *c, const char *perl_hex, const char *c_hex,
                                 strbuf *why)
{
    uint8_t *perl, *cb;
    size_t pn = hex_decode(perl_hex, strlen(perl_hex), &perl);
    size_t cn = hex_decode(c_hex, strlen(c_hex), &cb);
    bool ok = pn != (size_t)-1 && cn != (size_t)-1 && pn == cn;
    uint8_t *chunk[DIFF_MAX_PAIRS] = {0};
    size_t clen[DIFF_MAX_PAIRS] = {0};
    bool used[DIFF_MAX_PAIRS] = {0};
    size_t at = 0;
    for (size_t i = 0; ok && i < c->npairs; i++) {
        size_t l;
        ok = fcgi_build_params(NULL, 0, &c->pairs[i], 1, &l) == FCGI_OK;
        chunk[i] = xmalloc(l);
        clen[i] = l;
        ok = ok && fcgi_build_params(chunk[i], l, &c->pairs[i], 1, &l) == FCGI_OK;
        /* C keeps the caller's order. */
        ok = ok && at + l <= cn && memcmp(cb + at, chunk[i], l) == 0;
        at += l;
    }
    if (!ok)
        sb_puts(why, "C pairs are not its one-pair encodings in order, or lengths differ; ");
    for (at = 0; ok && at < pn;) {
        size_t i;
        for (i = 0; i < c->npairs; i++)
            if (!used[i] && clen[i] <= pn - at && memcmp(perl + at, chunk[i], clen[i]) == 0)
                break;
        if (i == c->npairs) {
            sb_printf(why, "Perl octets at %zu match no unused C pair; ", at);
            ok = false;
        } else {
            used[i] = true;
            at += clen[i];
        }
    }
    for (size_t i = 0; i < c->npairs; i++)
        free(chunk[i]);
    if (pn != (size_t)-1)
        free(perl);
    if (cn != (size_t)-1)
        free(cb);
    return ok;
}

static void show_answer(strbuf *why, const char *label, const char *a, bool text)
{
    const size_t max = 400;
    sb_printf(why, "\n      %s: ", label);
    if (text && strncmp(a, "OK\t", 3) == 0) {
        uint8_t *s;
        size_t n = hex_decode(a + 3, strlen(a + 3), &s);
        if (n != (size_t)-1) {
            sb_puts(why, "OK ");
            sb_put(why, s, n < max ? n : max);
            free(s);
            return;
        }
    }
    size_t n = strlen(a);
    sb_put(why, a, n < max ? n : max);
    if (n > max)
        sb_printf(why, "... (%zu chars)", n);
}

verdict case_judge(const dcase *c, char *const *answers, strbuf *why)
{
    strbuf mine = {0}, tmp = {0};
    c_answer(c, &mine);
    const char *perl = perl_answer(answers[0], &tmp);
    bool text = c->kind == K_DUMP_RECORD || c->kind == K_DUMP_RECORD_BODY ||
                c->kind == K_TYPE_NAME || c->kind == K_ROLE_NAME || c->kind == K_PSTATUS_NAME;
    verdict v;

    if (strcmp(perl, mine.p) == 0) {
        v = V_IDENTICAL;
    } else if (c->kind == K_BUILD_PARAMS && c->npairs > 1 && strncmp(perl, "OK\t", 3) == 0 &&
               strncmp(mine.p, "OK\t", 3) == 0 && same_pairs_any_order(c, perl + 3, mine.p + 3, why)) {
        v = V_IDENTICAL;
    } else if (c->perl_dump_bug && strcmp(answers[1], mine.p) == 0) {
        v = V_EXPLAINED;
        sb_puts(why, "Net::FastCGI mis-steps over a 4-octet name-value length below 128;"
                     " C matches the corrected dump");
        show_answer(why, "perl     ", perl, true);
        show_answer(why, "corrected", answers[1], true);
    } else {
        v = V_FAILED;
        show_answer(why, "perl", perl, text);
        show_answer(why, "C   ", mine.p, text);
        if (c->perl_dump_bug)
            show_answer(why, "corrected Perl", answers[1], true);
    }
    sb_free(&mine);
    sb_free(&tmp);
    return v;
}

void case_describe(const dcase *c, strbuf *sb)
{
    const size_t max = 48;
    sb_puts(sb, KIND[c->kind].perl);
    sb_puts(sb, "(");
    const char *sep = "";
    for (int i = 0; i < KIND[c->kind].nint; i++, sep = ", ")
        sb_printf(sb, "%s%u", sep, (unsigned)c->a[i]);
    for (size_t i = 0; KIND[c->kind].pairs && i < c->npairs; i++, sep = ", ") {
        sb_printf(sb, "%s{%zu-octet name, %zu-octet value}", sep, c->pairs[i].name.len,
                  c->pairs[i].value.len);
    }
    for (int i = 0; i < KIND[c->kind].noct; i++, sep = ", ") {
        if (!c->o[i].given) {
            sb_printf(sb, "%s(none)", sep);
            continue;
        }
        sb_printf(sb, "%s%zu octets ", sep, c->o[i].n);
        sb_hex(sb, c->o[i].p, c->o[i].n < max ? c->o[i].n : max);
        if (c->o[i].n > max)
            sb_puts(sb, "...");
    }
    sb_puts(sb, ")");
}

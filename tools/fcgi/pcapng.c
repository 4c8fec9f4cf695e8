/* SPDX-License-Identifier: MIT */
/* pcapng.c - a minimal pcapng writer (see pcapng.h). */
#include "pcapng.h"

#include <errno.h>
#include <string.h>

enum {
    BT_SHB = 0x0A0D0D0A,
    BT_IDB = 0x00000001,
    BT_EPB = 0x00000006,
    BYTE_ORDER_MAGIC = 0x1A2B3C4D,

    OPT_ENDOFOPT = 0,
    OPT_COMMENT = 1,
    OPT_SHB_USERAPPL = 4,
    OPT_IF_NAME = 2,
    OPT_IF_DESCRIPTION = 3,
    OPT_IF_TSRESOL = 9,
};

/* Option values longer than this are cut: an option's length is 16 bits,
 * and nobody reads a 64 KiB comment. */
#define OPTION_MAX 4096

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

static size_t option_size(size_t value_len)
{
    return 4 + pad4(value_len);
}

static size_t text_len(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    return n > OPTION_MAX ? OPTION_MAX : n;
}

static int put(pcapng_writer *w, const void *p, size_t n)
{
    if (w->failed)
        return -1;
    if (n && fwrite(p, 1, n, w->out) != n) {
        w->failed = true;
        w->error = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

static int put_u16(pcapng_writer *w, uint16_t v)
{
    return put(w, &v, sizeof v);
}

static int put_u32(pcapng_writer *w, uint32_t v)
{
    return put(w, &v, sizeof v);
}

static int put_padding(pcapng_writer *w, size_t n)
{
    static const uint8_t zeros[4];
    return put(w, zeros, pad4(n) - n);
}

static int put_option(pcapng_writer *w, uint16_t code, const void *value, size_t len)
{
    put_u16(w, code);
    put_u16(w, (uint16_t)len);
    put(w, value, len);
    return put_padding(w, len);
}

/* A text option, written only when present. */
static int put_text_option(pcapng_writer *w, uint16_t code, const char *s)
{
    if (!s || !*s)
        return 0;
    return put_option(w, code, s, text_len(s));
}

static size_t text_option_size(const char *s)
{
    return (s && *s) ? option_size(text_len(s)) : 0;
}

/* Ends a block: the optional end-of-options marker, then the repeated
 * total length, then the flush a live reader needs. */
static int end_block(pcapng_writer *w, bool had_options, uint32_t total)
{
    if (had_options) {
        put_u16(w, OPT_ENDOFOPT);
        put_u16(w, 0);
    }
    if (put_u32(w, total) != 0)
        return -1;
    if (w->flush_each)
        return pcapng_flush(w);
    return 0;
}

void pcapng_writer_init(pcapng_writer *w, FILE *out, bool flush_each)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->flush_each = flush_each;
}

int pcapng_flush(pcapng_writer *w)
{
    if (w->failed)
        return -1;
    if (fflush(w->out) != 0) {
        w->failed = true;
        w->error = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

int pcapng_write_section(pcapng_writer *w, const char *app, const char *comment)
{
    size_t opts = text_option_size(app) + text_option_size(comment);
    bool had_options = opts > 0;
    if (had_options)
        opts += 4;
    uint32_t total = (uint32_t)(4 + 4 + 4 + 2 + 2 + 8 + opts + 4);

    put_u32(w, BT_SHB);
    put_u32(w, total);
    put_u32(w, BYTE_ORDER_MAGIC);
    put_u16(w, 1); /* major version */
    put_u16(w, 0); /* minor version */
    uint64_t section_length = UINT64_MAX; /* not known: we stream */
    put(w, &section_length, sizeof section_length);
    put_text_option(w, OPT_SHB_USERAPPL, app);
    put_text_option(w, OPT_COMMENT, comment);
    return end_block(w, had_options, total);
}

int pcapng_write_interface(pcapng_writer *w, uint16_t linktype, uint32_t snaplen,
                           const char *name, const char *description, const char *comment)
{
    size_t opts = text_option_size(name) + text_option_size(description) +
                  text_option_size(comment) + option_size(1) + 4;
    uint32_t total = (uint32_t)(4 + 4 + 2 + 2 + 4 + opts + 4);

    put_u32(w, BT_IDB);
    put_u32(w, total);
    put_u16(w, linktype);
    put_u16(w, 0); /* reserved */
    put_u32(w, snaplen);
    put_text_option(w, OPT_IF_NAME, name);
    put_text_option(w, OPT_IF_DESCRIPTION, description);
    uint8_t tsresol = 9; /* 10^-9 s */
    put_option(w, OPT_IF_TSRESOL, &tsresol, 1);
    put_text_option(w, OPT_COMMENT, comment);
    if (end_block(w, true, total) != 0)
        return -1;
    return (int)w->interfaces++;
}

int pcapng_write_packet(pcapng_writer *w, uint32_t ifid, uint64_t ts_ns, const void *data,
                        size_t len, const char *comment)
{
    if (w->failed)
        return -1;
    size_t opts = text_option_size(comment);
    bool had_options = opts > 0;
    if (had_options)
        opts += 4;
    uint32_t total = (uint32_t)(4 + 4 + 4 + 4 + 4 + 4 + 4 + pad4(len) + opts + 4);

    put_u32(w, BT_EPB);
    put_u32(w, total);
    put_u32(w, ifid);
    put_u32(w, (uint32_t)(ts_ns >> 32));
    put_u32(w, (uint32_t)ts_ns);
    put_u32(w, (uint32_t)len); /* captured length */
    put_u32(w, (uint32_t)len); /* original length */
    put(w, data, len);
    put_padding(w, len);
    put_text_option(w, OPT_COMMENT, comment);
    if (end_block(w, had_options, total) != 0)
        return -1;
    w->packets++;
    return 0;
}

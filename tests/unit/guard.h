/* SPDX-License-Identifier: MIT */
/*
 * guard.h - make parser over-reads crash, for the unit tests.
 *
 * A "guarded" copy of an input lives in fresh pages with one PROT_NONE page
 * right after it, and ends exactly where the forbidden page begins: reading
 * even one octet past the end raises SIGSEGV (and ASan is not needed for
 * that).  An empty input is a pointer to the forbidden page itself, so any
 * read of it crashes too.
 *
 *   uint8_t *g = guard_copy(data, len);   // aborts the test run on failure
 *   ... parse(g, len) ...
 *   guard_free(g, len);
 *
 * Walkers place every piece they hand out against its own guard:
 *
 *   guard_each_prefix(data, len, cb, ctx)  cb(g, k, ctx) for k = 0..len, g the
 *                                          first k octets (truncation tests);
 *   guard_each_split(data, len, cb, ctx)   cb(a, i, b, len - i, ctx) for
 *                                          i = 0..len (two-piece feeding);
 *   guard_each_chunked(data, len, step, cb, ctx)
 *                                          cb(piece, n, offset, ctx) for
 *                                          consecutive pieces of `step` octets
 *                                          (step 1 = byte by byte), the last
 *                                          one shorter.
 *
 * For feeding many pieces without a fresh mapping each time, a guard_area
 * is one guarded buffer of `cap` octets; guard_place(&g, src, n) copies a
 * piece so that it ends right before the guard and returns where it went.
 *
 * Callbacks see a guarded copy that is freed when they return: they must
 * not keep pointers into it.  Everything is static inline so any test file
 * can include this header; nothing here depends on cmocka.
 */
#ifndef FCGI_TEST_GUARD_H
#define FCGI_TEST_GUARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

/* Under -std=c11 glibc hides MAP_ANONYMOUS (it is not POSIX before 2024);
 * mapping /dev/zero privately is the portable equivalent. */
static inline void *guard__map(size_t total)
{
#ifdef MAP_ANONYMOUS
    return mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#else
    void *p;
    int fd = open("/dev/zero", O_RDWR);
    if (fd < 0)
        return MAP_FAILED;
    p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    return p;
#endif
}

static inline size_t guard__page(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (size_t)p : 4096;
}

/* Pages needed for `len` octets of data, rounded up (at least 0). */
static inline size_t guard__data_pages(size_t len)
{
    size_t pg = guard__page();
    return (len + pg - 1) / pg;
}

/* Returns a writable region of `len` octets whose end touches a PROT_NONE
 * page.  Contents are unspecified.  Never NULL (aborts instead). */
static inline uint8_t *guard_alloc(size_t len)
{
    size_t pg = guard__page();
    size_t data_pages = guard__data_pages(len);
    size_t total = (data_pages + 1) * pg;
    uint8_t *base = guard__map(total);

    if (base == MAP_FAILED) {
        perror("guard_alloc: mmap");
        abort();
    }
    if (mprotect(base + data_pages * pg, pg, PROT_NONE) != 0) {
        perror("guard_alloc: mprotect");
        abort();
    }
    return base + data_pages * pg - len;
}

/* Releases what guard_alloc(len) / guard_copy(_, len) returned. */
static inline void guard_free(void *p, size_t len)
{
    size_t pg = guard__page();
    size_t data_pages = guard__data_pages(len);
    uint8_t *end = (uint8_t *)p + len; /* the guard page */

    munmap(end - data_pages * pg, (data_pages + 1) * pg);
}

/* A guarded copy of data[0..len) (data may be NULL when len is 0). */
static inline uint8_t *guard_copy(const void *data, size_t len)
{
    uint8_t *g = guard_alloc(len);

    if (len > 0)
        memcpy(g, data, len);
    return g;
}

/* One reusable guarded buffer: `mem` from guard_alloc(cap). */
typedef struct guard_area {
    uint8_t *mem;
    size_t cap;
} guard_area;

/* Copies src[0..n) to end exactly at g's guard page and returns where it
 * went.  A piece larger than the area is a bug in the test: abort. */
static inline const uint8_t *guard_place(guard_area *g, const void *src, size_t n)
{
    if (n > g->cap) {
        fprintf(stderr, "guard_place: %zu octets do not fit an area of %zu\n", n, g->cap);
        abort();
    }
    uint8_t *dst = g->mem + g->cap - n;
    if (n > 0)
        memcpy(dst, src, n);
    return dst;
}

typedef void (*guard_prefix_fn)(const uint8_t *buf, size_t len, void *ctx);
typedef void (*guard_split_fn)(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen,
                               void *ctx);
typedef void (*guard_chunk_fn)(const uint8_t *piece, size_t len, size_t offset, void *ctx);

/* cb on every prefix data[0..k), k = 0..len, each against a guard. */
static inline void guard_each_prefix(const void *data, size_t len, guard_prefix_fn cb, void *ctx)
{
    size_t k;

    for (k = 0; k <= len; k++) {
        uint8_t *g = guard_copy(data, k);
        cb(g, k, ctx);
        guard_free(g, k);
    }
}

/* cb on every split of data into data[0..i) and data[i..len), i = 0..len,
 * each piece against its own guard. */
static inline void guard_each_split(const void *data, size_t len, guard_split_fn cb, void *ctx)
{
    const uint8_t *d = data;
    size_t i;

    for (i = 0; i <= len; i++) {
        uint8_t *a = guard_copy(d, i);
        uint8_t *b = guard_copy(d == NULL ? NULL : d + i, len - i);
        cb(a, i, b, len - i, ctx);
        guard_free(a, i);
        guard_free(b, len - i);
    }
}

/* cb on data cut into consecutive pieces of `step` octets (step >= 1), in
 * order, each against its own guard; nothing is called when len is 0. */
static inline void guard_each_chunked(const void *data, size_t len, size_t step, guard_chunk_fn cb,
                                      void *ctx)
{
    const uint8_t *d = data;
    size_t off;

    if (step == 0)
        abort();
    for (off = 0; off < len; off += step) {
        size_t n = len - off < step ? len - off : step;
        uint8_t *g = guard_copy(d + off, n);
        cb(g, n, off, ctx);
        guard_free(g, n);
    }
}

#endif /* FCGI_TEST_GUARD_H */

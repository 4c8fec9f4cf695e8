// SPDX-License-Identifier: MIT
/* fuzz_io_read - fcgi_read_record() and fcgi_read_header() on a pipe that
 * holds the fuzzer's octets, then ends.
 *
 * Input: [buffer size selector] [stream ...]; the selector picks the
 * caller's buffer: 8 * (s & 0x7f) octets, or FCGI_MAX_RECORD_LEN when the
 * high bit is set.  The buffer is a heap block of exactly that size.
 *
 * Properties: record after record, the reader returns what
 * fcgi_parse_record() says of the same octets (spans moved into the
 * buffer), FCGI_E_EOF exactly at the end, FCGI_E_UNEXPECTED_EOF inside a
 * header or record, FCGI_E_VERSION for a bad header and
 * FCGI_E_BUFFER_TOO_SMALL with the record's length when it does not fit;
 * a malformed body still consumes the record, so the next one is read in
 * step. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "fcgi/fcgi.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A pipe holding x[0..n) and then end of stream; -1 when it cannot hold
 * that much without a writer thread. */
static int pipe_with(const uint8_t *x, size_t n)
{
    int fds[2];
    if (pipe(fds) != 0)
        abort();
    if (n > 65536) {
        int got = fcntl(fds[1], F_SETPIPE_SZ, (int)n);
        if (got < 0 || (size_t)got < n) {
            close(fds[0]);
            close(fds[1]);
            return -1;
        }
    }
    size_t off = 0;
    while (off < n) {
        ssize_t w = write(fds[1], x + off, n - off);
        if (w <= 0)
            abort();
        off += (size_t)w;
    }
    close(fds[1]);
    return fds[0];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_in in = {data, size};
    const uint8_t sel = fuzz_u8(&in);
    const size_t cap = (sel & 0x80) ? FCGI_MAX_RECORD_LEN : 8u * (sel & 0x7f);
    const uint8_t *x = in.p;
    const size_t n = in.left;

    int fd = pipe_with(x, n);
    if (fd < 0)
        return 0;
    uint8_t *buf = malloc(cap ? cap : 1);
    FUZZ_CHECK(buf != NULL);

    size_t o = 0;
    for (;;) {
        fcgi_record rec;
        size_t rlen = 0;
        fcgi_status st = fcgi_read_record(fd, cap ? buf : NULL, cap, &rec, &rlen);
        const size_t rem = n - o;
        if (rem == 0) {
            FUZZ_CHECK(st == FCGI_E_EOF);
            break;
        }
        if (rem < FCGI_HEADER_LEN) {
            FUZZ_CHECK(st == FCGI_E_UNEXPECTED_EOF);
            break;
        }
        fcgi_header h;
        if (fcgi_parse_header(x + o, rem, &h) != FCGI_OK) {
            FUZZ_CHECK(st == FCGI_E_VERSION);
            break;
        }
        const size_t want = fcgi_get_record_length(x + o, rem);
        if (want > cap) {
            FUZZ_CHECK(st == FCGI_E_BUFFER_TOO_SMALL && rlen == want);
            break;
        }
        if (rem < want) {
            FUZZ_CHECK(st == FCGI_E_UNEXPECTED_EOF);
            break;
        }
        fcgi_record ref;
        fcgi_status rst = fcgi_parse_record(x + o, want, &ref, NULL);
        FUZZ_CHECK(st == rst && rlen == want);
        FUZZ_CHECK(memcmp(buf, x + o, want) == 0);
        if (st == FCGI_OK) {
            FUZZ_CHECK(rec.type == ref.type && rec.request_id == ref.request_id);
            FUZZ_CHECK(rec.content.data == buf + FCGI_HEADER_LEN &&
                       rec.content.len == ref.content.len);
            FUZZ_CHECK(rec.role == ref.role && rec.flags == ref.flags &&
                       rec.app_status == ref.app_status &&
                       rec.protocol_status == ref.protocol_status &&
                       rec.unknown_type == ref.unknown_type);
        }
        o += want;
    }
    close(fd);

    /* fcgi_read_header() on the same octets. */
    fd = pipe_with(x, n < 16 ? n : 16);
    fcgi_header h, ref;
    fcgi_status st = fcgi_read_header(fd, &h);
    if (n == 0)
        FUZZ_CHECK(st == FCGI_E_EOF);
    else if (n < FCGI_HEADER_LEN)
        FUZZ_CHECK(st == FCGI_E_UNEXPECTED_EOF);
    else
        FUZZ_CHECK(st == fcgi_parse_header(x, n, &ref) &&
                   (st != FCGI_OK || memcmp(&h, &ref, sizeof h) == 0));
    close(fd);
    free(buf);
    return 0;
}

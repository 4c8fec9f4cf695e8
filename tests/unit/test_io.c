// SPDX-License-Identifier: MIT
/*
 * test_io.c - record I/O on real descriptors: pipes and socket pairs.
 *
 * Writers run in forked children so that large writes never deadlock on a
 * full pipe and so that short reads really happen (a child that writes one
 * octet at a time).  Signals without SA_RESTART interrupt blocking calls to
 * prove the EINTR handling; a socket buffer filled to the brim proves the
 * write timeout.  Bytes written are compared with what protocol.h's
 * builders produce.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/io.h"
#include "fcgi/protocol.h"
#include "interrupt.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ------------------------------------------------------------- */

enum { KIND_PIPE, KIND_SOCKET };

/* fds[0] reads, fds[1] writes. */
static void make_channel(int kind, int fds[2])
{
    if (kind == KIND_PIPE)
        assert_int_equal(pipe(fds), 0);
    else
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Reads until end of stream. */
static size_t read_all(int fd, uint8_t *buf, size_t cap)
{
    size_t n = 0;
    for (;;) {
        assert_true(n < cap);
        ssize_t r = read(fd, buf + n, cap - n);
        if (r == 0)
            return n;
        if (r < 0) {
            assert_int_equal(errno, EINTR);
            continue;
        }
        n += (size_t)r;
    }
}

/* Forks a child that writes data[0..len) into fd, `step` octets per write
 * (pausing now and then), after `delay_ms`, then exits.  Returns its pid. */
static pid_t spawn_writer(int fd, const uint8_t *data, size_t len, size_t step, long delay_ms)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (delay_ms)
            sleep_ms(delay_ms);
        for (size_t off = 0; off < len;) {
            size_t n = len - off < step ? len - off : step;
            ssize_t w = write(fd, data + off, n);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                _exit(3);
            }
            off += (size_t)w;
            if (step < 8 && off % 16 == 0)
                sleep_ms(1);
        }
        _exit(0);
    }
    return pid;
}

static void reap(pid_t pid, int want_status)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        assert_int_equal(errno, EINTR);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), want_status);
}

/* A stream of a few records and its parts, built with protocol.h. */
typedef struct sample {
    uint8_t bytes[512];
    size_t len;
    size_t ends[8];  /* offset just past each record */
    size_t n;
} sample;

static void add_record(sample *s, uint8_t type, uint16_t id, const char *content)
{
    size_t n;
    assert_int_equal(fcgi_build_record(s->bytes + s->len, sizeof s->bytes - s->len, type, id,
                                       content, content ? strlen(content) : 0, &n),
                     FCGI_OK);
    s->len += n;
    s->ends[s->n++] = s->len;
}

static sample make_sample(void)
{
    sample s;
    size_t n;
    memset(&s, 0, sizeof s);
    assert_int_equal(fcgi_build_begin_request_record(s.bytes, sizeof s.bytes, 1, FCGI_RESPONDER,
                                                     FCGI_KEEP_CONN, &n),
                     FCGI_OK);
    s.len = n;
    s.ends[s.n++] = n;
    add_record(&s, FCGI_PARAMS, 1, "\x09\x09HTTP_HOSTlocalhost");
    add_record(&s, FCGI_PARAMS, 1, NULL);
    add_record(&s, FCGI_STDIN, 1, "hello, world");
    add_record(&s, FCGI_STDIN, 1, NULL);
    return s;
}

/* Reads every record of s from fd, then expects a clean end of stream. */
static void read_sample(int fd, const sample *s)
{
    uint8_t buf[FCGI_MAX_RECORD_LEN];
    size_t start = 0;
    for (size_t i = 0; i < s->n; i++) {
        fcgi_record rec, want;
        size_t rlen = 0;
        assert_int_equal(fcgi_read_record(fd, buf, sizeof buf, &rec, &rlen), FCGI_OK);
        assert_int_equal(rlen, s->ends[i] - start);
        assert_memory_equal(buf, s->bytes + start, rlen);
        assert_int_equal(fcgi_parse_record(s->bytes + start, rlen, &want, NULL), FCGI_OK);
        assert_int_equal(rec.type, want.type);
        assert_int_equal(rec.request_id, want.request_id);
        assert_int_equal(rec.content.len, want.content.len);
        assert_ptr_equal(rec.content.data, buf + FCGI_HEADER_LEN);
        assert_int_equal(rec.role, want.role);
        assert_int_equal(rec.flags, want.flags);
        start = s->ends[i];
    }
    fcgi_record rec;
    assert_int_equal(fcgi_read_record(fd, buf, sizeof buf, &rec, NULL), FCGI_E_EOF);
}

/* ---- reading ------------------------------------------------------------- */

/* A writer that sends one octet at a time: every read is short. */
static void test_short_reads(void **state)
{
    (void)state;
    sample s = make_sample();
    for (int kind = 0; kind < 2; kind++)
        for (size_t step = 1; step <= 16; step += 15) {
            int fds[2];
            make_channel(kind, fds);
            pid_t pid = spawn_writer(fds[1], s.bytes, s.len, step, 0);
            close(fds[1]);
            read_sample(fds[0], &s);
            close(fds[0]);
            reap(pid, 0);
        }
}

/* The same through a non-blocking descriptor: EAGAIN waits, never fails. */
static void test_nonblocking_reader(void **state)
{
    (void)state;
    sample s = make_sample();
    int fds[2];
    make_channel(KIND_SOCKET, fds);
    assert_int_equal(fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK), 0);
    pid_t pid = spawn_writer(fds[1], s.bytes, s.len, 3, 20);
    close(fds[1]);
    read_sample(fds[0], &s);
    close(fds[0]);
    reap(pid, 0);
}

/* The stream ends after every possible prefix: a clean EOF exactly at
 * record boundaries, an unexpected one anywhere else. */
static void test_eof_every_prefix(void **state)
{
    (void)state;
    sample s = make_sample();
    uint8_t buf[FCGI_MAX_RECORD_LEN];
    for (size_t k = 0; k <= s.len; k++) {
        int fds[2];
        make_channel(KIND_PIPE, fds);
        assert_int_equal(write(fds[1], s.bytes, k), (ssize_t)k);
        close(fds[1]);
        size_t complete = 0;
        bool boundary = k == 0;
        for (size_t i = 0; i < s.n; i++) {
            if (s.ends[i] <= k)
                complete++;
            if (s.ends[i] == k)
                boundary = true;
        }
        fcgi_record rec;
        for (size_t i = 0; i < complete; i++)
            assert_int_equal(fcgi_read_record(fds[0], buf, sizeof buf, &rec, NULL), FCGI_OK);
        assert_int_equal(fcgi_read_record(fds[0], buf, sizeof buf, &rec, NULL),
                         boundary ? FCGI_E_EOF : FCGI_E_UNEXPECTED_EOF);
        close(fds[0]);
    }
    /* read_header: only 8-octet multiples end cleanly */
    uint8_t headers[24];
    for (size_t i = 0; i < 3; i++) {
        size_t n;
        assert_int_equal(fcgi_build_header(headers + 8 * i, 8, FCGI_STDIN, 1, 0, 0, &n), FCGI_OK);
    }
    for (size_t k = 0; k <= sizeof headers; k++) {
        int fds[2];
        make_channel(KIND_SOCKET, fds);
        assert_int_equal(write(fds[1], headers, k), (ssize_t)k);
        close(fds[1]);
        fcgi_header h;
        for (size_t i = 0; i < k / 8; i++) {
            assert_int_equal(fcgi_read_header(fds[0], &h), FCGI_OK);
            assert_int_equal(h.version, 1);
        }
        assert_int_equal(fcgi_read_header(fds[0], &h),
                         k % 8 == 0 ? FCGI_E_EOF : FCGI_E_UNEXPECTED_EOF);
        close(fds[0]);
    }
}

static void test_read_errors(void **state)
{
    (void)state;
    uint8_t buf[FCGI_MAX_RECORD_LEN];
    fcgi_record rec;
    fcgi_header h;
    size_t rlen;
    int fds[2];

    /* a version other than 1 */
    const uint8_t v2[16] = {2, 5, 0, 1, 0, 8, 0, 0};
    make_channel(KIND_PIPE, fds);
    assert_int_equal(write(fds[1], v2, 8), 8);
    assert_int_equal(write(fds[1], v2, 16), 16);
    close(fds[1]);
    assert_int_equal(fcgi_read_header(fds[0], &h), FCGI_E_VERSION);
    assert_int_equal(h.version, 2);
    assert_int_equal(fcgi_read_record(fds[0], buf, sizeof buf, &rec, &rlen), FCGI_E_VERSION);
    assert_int_equal(rlen, 16);
    close(fds[0]);

    /* a record larger than the buffer: only the header is consumed */
    char content[100];
    memset(content, 'c', sizeof content);
    uint8_t wire[200];
    size_t n;
    assert_int_equal(fcgi_build_record(wire, sizeof wire, FCGI_STDOUT, 1, content, 100, &n),
                     FCGI_OK);
    make_channel(KIND_SOCKET, fds);
    assert_int_equal(write(fds[1], wire, n), (ssize_t)n);
    close(fds[1]);
    rlen = 0;
    assert_int_equal(fcgi_read_record(fds[0], buf, 50, &rec, &rlen), FCGI_E_BUFFER_TOO_SMALL);
    assert_int_equal(rlen, n);
    assert_int_equal(read_all(fds[0], buf, sizeof buf), n - FCGI_HEADER_LEN);
    assert_memory_equal(buf, wire + FCGI_HEADER_LEN, n - FCGI_HEADER_LEN);
    close(fds[0]);

    /* a malformed body is consumed whole; the next record reads fine */
    const uint8_t bad_begin[16] = {1, FCGI_BEGIN_REQUEST, 0, 0, 0, 8, 0, 0, 0, 1};
    make_channel(KIND_PIPE, fds);
    assert_int_equal(write(fds[1], bad_begin, 16), 16);
    assert_int_equal(write(fds[1], wire, n), (ssize_t)n);
    close(fds[1]);
    assert_int_equal(fcgi_read_record(fds[0], buf, sizeof buf, &rec, &rlen),
                     FCGI_E_MALFORMED_BEGIN_REQUEST);
    assert_int_equal(rlen, 16);
    assert_int_equal(fcgi_read_record(fds[0], buf, sizeof buf, &rec, &rlen), FCGI_OK);
    assert_int_equal(rec.type, FCGI_STDOUT);
    assert_int_equal(rec.content.len, 100);
    assert_int_equal(fcgi_read_record(fds[0], buf, sizeof buf, &rec, &rlen), FCGI_E_EOF);
    close(fds[0]);

    /* a descriptor that is not open */
    errno = 0;
    assert_int_equal(fcgi_read_header(fds[0], &h), FCGI_E_IO);
    assert_int_equal(errno, EBADF);
}

/* ---- signals ------------------------------------------------------------- */

/* alarms, interrupt_every(): interrupt.h */

static void test_eintr(void **state)
{
    (void)state;
    sample s = make_sample();
    int fds[2];

    /* a read blocked while signals arrive */
    make_channel(KIND_PIPE, fds);
    pid_t pid = spawn_writer(fds[1], s.bytes, s.len, s.len, 120);
    close(fds[1]);
    alarms = 0;
    interrupt_every(10);
    read_sample(fds[0], &s);
    interrupt_every(0);
    assert_true(alarms >= 3);
    close(fds[0]);
    reap(pid, 0);

    /* a wait that ends with data: the signals do not end it early */
    make_channel(KIND_SOCKET, fds);
    /* The clock starts before the fork: the writer sleeps 100 ms after it,
     * so the wait cannot have ended sooner, however slowly this process
     * reaches the call (valgrind). */
    int64_t t0 = now_ms();
    pid = spawn_writer(fds[1], s.bytes, 8, 8, 100);
    alarms = 0;
    interrupt_every(10);
    assert_int_equal(fcgi_can_read(fds[0], 5000), FCGI_OK);
    int64_t took = now_ms() - t0;
    interrupt_every(0);
    assert_true(alarms >= 3);
    assert_true(took >= 95 && took < 4000);
    reap(pid, 0);

    /* a wait that times out: the restarts keep to the original deadline */
    fcgi_header h;
    assert_int_equal(fcgi_read_header(fds[0], &h), FCGI_OK);
    alarms = 0;
    interrupt_every(7);
    t0 = now_ms();
    assert_int_equal(fcgi_can_read(fds[0], 150), FCGI_E_TIMEOUT);
    took = now_ms() - t0;
    interrupt_every(0);
    assert_true(alarms >= 5);
    assert_true(took >= 145 && took < 1000);
    close(fds[0]);
    close(fds[1]);
}

/* A large stream written while signals fly and the reader is slow: short
 * writes and EINTR are both continued; the reader (a child) checks the
 * octets against fcgi_build_stream. */
static void test_eintr_write(void **state)
{
    (void)state;
    const size_t len = 3 * 1024 * 1024 + 5;
    uint8_t *content = malloc(len);
    assert_non_null(content);
    for (size_t i = 0; i < len; i++)
        content[i] = (uint8_t)(i * 7);
    size_t want_len;
    assert_int_equal(fcgi_build_stream(NULL, 0, FCGI_STDOUT, 9, content, len, true, &want_len),
                     FCGI_OK);
    uint8_t *want = malloc(want_len);
    assert_non_null(want);
    assert_int_equal(fcgi_build_stream(want, want_len, FCGI_STDOUT, 9, content, len, true,
                                       &want_len),
                     FCGI_OK);

    for (int kind = 0; kind < 2; kind++) {
        int fds[2];
        make_channel(kind, fds);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[1]);
            uint8_t chunk[4096];
            size_t off = 0, reads = 0;
            int bad = 0;
            for (;;) {
                ssize_t r = read(fds[0], chunk, ++reads % 5 ? sizeof chunk : 100);
                if (r == 0)
                    break;
                if (r < 0) {
                    if (errno == EINTR)
                        continue;
                    _exit(4);
                }
                if (off + (size_t)r > want_len || memcmp(chunk, want + off, (size_t)r) != 0)
                    bad = 1;
                off += (size_t)r;
                if (reads % 64 == 0) /* let the writer block now and then */
                    sleep_ms(1);
            }
            _exit(bad ? 5 : off == want_len ? 0 : 6);
        }
        close(fds[0]);
        alarms = 0;
        interrupt_every(2);
        assert_int_equal(fcgi_write_stream(fds[1], FCGI_STDOUT, 9, content, len, true), FCGI_OK);
        interrupt_every(0);
        close(fds[1]);
        reap(pid, 0);
    }
    free(want);
    free(content);
}

/* ---- writing ------------------------------------------------------------- */

typedef enum { OP_HEADER, OP_RECORD, OP_STREAM, OP_STREAM_TERMINATED } write_op;

/* Runs op in a child writing into a pipe or socket; returns what the
 * parent read. */
static size_t capture(int kind, write_op op, const uint8_t *content, size_t len, uint8_t *out,
                      size_t cap)
{
    int fds[2];
    make_channel(kind, fds);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        fcgi_status st;
        switch (op) {
        case OP_HEADER:
            st = fcgi_write_header(fds[1], FCGI_STDERR, 0x1234, (uint16_t)len, 0xAB);
            break;
        case OP_RECORD:
            st = fcgi_write_record(fds[1], FCGI_STDOUT, 0xFFFF, content, len);
            break;
        default:
            st = fcgi_write_stream(fds[1], FCGI_DATA, 7, content, len, op == OP_STREAM_TERMINATED);
            break;
        }
        _exit(st == FCGI_OK ? 0 : 7);
    }
    close(fds[1]);
    size_t n = read_all(fds[0], out, cap);
    close(fds[0]);
    reap(pid, 0);
    return n;
}

static void test_write_matches_builders(void **state)
{
    (void)state;
    static const size_t lens[] = {0, 1, 7, 8, 9, 127, 32759, 32760, 32761, 65535, 65520, 65536,
                                  100000, 3 * 32760, (1u << 20) + 3};
    const size_t maxlen = (1u << 20) + 3;
    uint8_t *content = malloc(maxlen);
    const size_t cap = maxlen + maxlen / 1000 + 4096;
    uint8_t *got = malloc(cap), *want = malloc(cap);
    assert_non_null(content);
    assert_non_null(got);
    assert_non_null(want);
    for (size_t i = 0; i < maxlen; i++)
        content[i] = (uint8_t)(i ^ (i >> 9));

    for (int kind = 0; kind < 2; kind++) {
        size_t n, wn;
        n = capture(kind, OP_HEADER, NULL, 300, got, cap);
        assert_int_equal(fcgi_build_header(want, cap, FCGI_STDERR, 0x1234, 300, 0xAB, &wn),
                         FCGI_OK);
        assert_int_equal(n, wn);
        assert_memory_equal(got, want, n);
        for (size_t i = 0; i < COUNT(lens); i++) {
            if (lens[i] <= FCGI_MAX_CONTENT_LEN) {
                n = capture(kind, OP_RECORD, content, lens[i], got, cap);
                assert_int_equal(fcgi_build_record(want, cap, FCGI_STDOUT, 0xFFFF, content,
                                                   lens[i], &wn),
                                 FCGI_OK);
                assert_int_equal(n, wn);
                assert_memory_equal(got, want, n);
            }
            for (int term = 0; term < 2; term++) {
                n = capture(kind, term ? OP_STREAM_TERMINATED : OP_STREAM, content, lens[i], got,
                            cap);
                assert_int_equal(fcgi_build_stream(want, cap, FCGI_DATA, 7, content, lens[i],
                                                   term != 0, &wn),
                                 FCGI_OK);
                assert_int_equal(n, wn);
                assert_memory_equal(got, want, n);
            }
        }
    }

    /* too long for one record: refused before anything is written */
    int fds[2];
    make_channel(KIND_PIPE, fds);
    assert_int_equal(fcgi_write_record(fds[1], FCGI_STDOUT, 1, content, 65536),
                     FCGI_E_CONTENT_TOO_LONG);
    close(fds[1]);
    assert_int_equal(read_all(fds[0], got, cap), 0);
    close(fds[0]);
    free(content);
    free(got);
    free(want);
}

/* A peer that went away: EPIPE, and no SIGPIPE kills us (sockets). */
static void test_write_to_closed_socket(void **state)
{
    (void)state;
    int fds[2];
    make_channel(KIND_SOCKET, fds);
    close(fds[0]);
    errno = 0;
    assert_int_equal(fcgi_write_record(fds[1], FCGI_STDOUT, 1, "abc", 3), FCGI_E_IO);
    assert_int_equal(errno, EPIPE);
    assert_int_equal(fcgi_write_stream(fds[1], FCGI_STDOUT, 1, "abc", 3, true), FCGI_E_IO);
    assert_int_equal(fcgi_write_header(fds[1], FCGI_STDOUT, 1, 0, 0), FCGI_E_IO);
    close(fds[1]);
}

/* ---- readiness ----------------------------------------------------------- */

static void test_timeouts(void **state)
{
    (void)state;
    int fds[2];
    make_channel(KIND_SOCKET, fds);

    /* nothing to read */
    assert_int_equal(fcgi_can_read(fds[0], 0), FCGI_E_TIMEOUT);
    int64_t t0 = now_ms();
    assert_int_equal(fcgi_can_read(fds[0], 60), FCGI_E_TIMEOUT);
    int64_t took = now_ms() - t0;
    assert_true(took >= 55 && took < 1000);

    /* writable at first, then not once the buffer is full */
    assert_int_equal(fcgi_can_write(fds[1], 0), FCGI_OK);
    assert_int_equal(fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK), 0);
    static uint8_t junk[65536];
    size_t filled = 0;
    for (;;) {
        ssize_t w = write(fds[1], junk, sizeof junk);
        if (w < 0) {
            assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
            break;
        }
        filled += (size_t)w;
    }
    assert_true(filled > 0);
    t0 = now_ms();
    assert_int_equal(fcgi_can_write(fds[1], 60), FCGI_E_TIMEOUT);
    took = now_ms() - t0;
    assert_true(took >= 55 && took < 1000);
    assert_int_equal(fcgi_can_read(fds[0], 0), FCGI_OK);
    assert_int_equal(fcgi_can_read(fds[0], -1), FCGI_OK);

    /* end of stream counts as readable */
    close(fds[1]);
    assert_int_equal(fcgi_can_read(fds[0], 1000), FCGI_OK);
    close(fds[0]);

    /* bad descriptors are errors, not endless waits */
    errno = 0;
    assert_int_equal(fcgi_can_read(-1, -1), FCGI_E_IO);
    assert_int_equal(errno, EBADF);
    errno = 0;
    assert_int_equal(fcgi_can_write(fds[0], 1000), FCGI_E_IO);
    assert_int_equal(errno, EBADF);
}

/* A writer blocked on a full non-blocking socket waits instead of failing
 * with EAGAIN. */
static void test_nonblocking_writer(void **state)
{
    (void)state;
    const size_t len = 500000;
    uint8_t *content = malloc(len);
    assert_non_null(content);
    memset(content, 'w', len);
    int fds[2];
    make_channel(KIND_SOCKET, fds);
    assert_int_equal(fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[1]);
        sleep_ms(50);
        uint8_t b[8192];
        size_t total = 0;
        for (;;) {
            ssize_t r = read(fds[0], b, sizeof b);
            if (r <= 0)
                break;
            total += (size_t)r;
        }
        size_t want;
        fcgi_build_stream(NULL, 0, FCGI_STDIN, 1, content, len, true, &want);
        _exit(total == want ? 0 : 8);
    }
    close(fds[0]);
    assert_int_equal(fcgi_write_stream(fds[1], FCGI_STDIN, 1, content, len, true), FCGI_OK);
    close(fds[1]);
    reap(pid, 0);
    free(content);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_reads),
        cmocka_unit_test(test_nonblocking_reader),
        cmocka_unit_test(test_eof_every_prefix),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_eintr),
        cmocka_unit_test(test_eintr_write),
        cmocka_unit_test(test_write_matches_builders),
        cmocka_unit_test(test_write_to_closed_socket),
        cmocka_unit_test(test_timeouts),
        cmocka_unit_test(test_nonblocking_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

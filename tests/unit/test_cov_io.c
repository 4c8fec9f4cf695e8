// SPDX-License-Identifier: MIT
/* test_cov_io.c - the paths of io.c that ordinary pipes never take:
 *
 * - an empty, unterminated stream writes nothing at all;
 * - a write error in the middle of a stream long enough to need several
 *   batches of segments stops at the failing batch;
 * - a connection reset after the header: read_record() reports
 *   FCGI_E_IO (errno ECONNRESET), not an end of stream;
 * - a signal while a non-blocking reader waits for data, and while
 *   fcgi_can_read() waits without a timeout: the wait resumes. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/fcgi.h"
#include "interrupt.h"

static void test_empty_stream_writes_nothing(void **state)
{
    int fds[2];
    uint8_t b[4];
    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    assert_int_equal(fcgi_write_stream(fds[0], FCGI_STDOUT, 1, NULL, 0, false), FCGI_OK);
    close(fds[0]);
    assert_int_equal(read(fds[1], b, sizeof b), 0); /* end of stream, nothing before it */
    close(fds[1]);
}

/* More than one batch of 32 segments, to a peer that is gone: the first
 * batch fails with EPIPE and nothing else is tried. */
static void test_stream_error_in_first_batch(void **state)
{
    const size_t len = 33u * 32760u;
    uint8_t *content = calloc(1, len);
    int fds[2];
    (void)state;
    assert_non_null(content);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    close(fds[1]);
    errno = 0;
    assert_int_equal(fcgi_write_stream(fds[0], FCGI_STDIN, 1, content, len, true), FCGI_E_IO);
    assert_int_equal(errno, EPIPE);
    close(fds[0]);
    free(content);
}

/* The peer sends a header announcing content, then resets the
 * connection (SO_LINGER 0): the header arrives, the content read fails. */
static void test_reset_after_header(void **state)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof a;
    int lst, cli, srv;
    (void)state;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lst = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(lst >= 0);
    assert_int_equal(bind(lst, (struct sockaddr *)&a, sizeof a), 0);
    assert_int_equal(listen(lst, 1), 0);
    assert_int_equal(getsockname(lst, (struct sockaddr *)&a, &alen), 0);
    cli = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(connect(cli, (struct sockaddr *)&a, sizeof a), 0);
    srv = accept(lst, NULL, NULL);
    assert_true(srv >= 0);

    assert_int_equal(fcgi_write_header(srv, FCGI_STDOUT, 1, 100, 4), FCGI_OK);
    struct linger lg = {1, 0};
    assert_int_equal(setsockopt(srv, SOL_SOCKET, SO_LINGER, &lg, sizeof lg), 0);
    close(srv);

    static uint8_t buf[FCGI_MAX_RECORD_LEN];
    fcgi_record rec;
    size_t rlen = 0;
    errno = 0;
    assert_int_equal(fcgi_read_record(cli, buf, sizeof buf, &rec, &rlen), FCGI_E_IO);
    assert_int_equal(errno, ECONNRESET);
    assert_int_equal(rlen, 8 + 100 + 4);
    close(cli);
    close(lst);
}

/* ---- signals while waiting ---------------------------------------------- */

/* alarms, interrupt_every(): interrupt.h */

typedef struct late_writer {
    int fd;
    long delay_ms;
} late_writer;

/* Writes one STDOUT record after a delay, from another thread (which
 * blocks SIGALRM, so the waiting thread is the one interrupted). */
static void *write_late(void *arg)
{
    const late_writer *w = arg;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    struct timespec ts = {w->delay_ms / 1000, (w->delay_ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    if (fcgi_write_record(w->fd, FCGI_STDOUT, 1, "late", 4) != FCGI_OK)
        abort();
    return NULL;
}

static void test_nonblocking_read_interrupted(void **state)
{
    int fds[2];
    pthread_t th;
    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    assert_int_equal(fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK), 0);
    late_writer w = {fds[1], 250};
    alarms = 0;
    interrupt_every(20);
    assert_int_equal(pthread_create(&th, NULL, write_late, &w), 0);

    static uint8_t buf[64];
    fcgi_record rec;
    assert_int_equal(fcgi_read_record(fds[0], buf, sizeof buf, &rec, NULL), FCGI_OK);
    interrupt_every(0);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_true(alarms > 0);
    assert_int_equal(rec.type, FCGI_STDOUT);
    assert_int_equal(rec.content.len, 4);
    assert_memory_equal(rec.content.data, "late", 4);
    close(fds[0]);
    close(fds[1]);
}

static void test_can_read_forever_interrupted(void **state)
{
    int fds[2];
    pthread_t th;
    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    late_writer w = {fds[1], 250};
    alarms = 0;
    interrupt_every(20);
    assert_int_equal(pthread_create(&th, NULL, write_late, &w), 0);
    assert_int_equal(fcgi_can_read(fds[0], -1), FCGI_OK);
    interrupt_every(0);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_true(alarms > 0);
    close(fds[0]);
    close(fds[1]);
}

int main(void)
{
    /* The stream tests write to peers that are gone: EPIPE, not death. */
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_stream_writes_nothing),
        cmocka_unit_test(test_stream_error_in_first_batch),
        cmocka_unit_test(test_reset_after_header),
        cmocka_unit_test(test_nonblocking_read_interrupted),
        cmocka_unit_test(test_can_read_forever_interrupted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

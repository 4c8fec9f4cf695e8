// SPDX-License-Identifier: MIT
/*
 * io.c - blocking record I/O on file descriptors (Net::FastCGI::IO in C).
 *
 * Loops that finish what one system call may leave half done: short reads
 * and writes are continued, EINTR restarts the call, and EAGAIN on a
 * descriptor somebody made non-blocking waits with poll() and goes on, so
 * every function keeps its blocking contract whatever the descriptor.
 *
 * Writes go out with one writev()-like call per batch of iovecs (header,
 * content and padding straight from where they are), never through a
 * buffer.  On sockets they use sendmsg(MSG_NOSIGNAL), so a peer that went
 * away gives EPIPE rather than killing the process with SIGPIPE; anything
 * that is not a socket (ENOTSOCK) falls back to writev(), where SIGPIPE is
 * the caller's to handle (as for any write to a pipe).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "fcgi/io.h"
#include "internal.h"

/* Result of read_full(). */
enum { RF_OK, RF_EOF, RF_ERROR };

/* Blocks until fd is ready for `events` (after EAGAIN); false on error. */
static bool wait_ready(int fd, short events)
{
    struct pollfd pfd = {.fd = fd, .events = events, .revents = 0};
    for (;;) {
        int r = poll(&pfd, 1, -1);
        if (r > 0)
            return true;
        if (r < 0 && errno != EINTR)
            return false;
    }
}

/* Reads exactly n octets unless the stream ends first; *got receives how
 * many arrived. */
static int read_full(int fd, uint8_t *buf, size_t n, size_t *got)
{
    size_t off = 0;
    while (off < n) {
        ssize_t r = read(fd, buf + off, n - off);
        if (r > 0) {
            off += (size_t)r;
        } else if (r == 0) {
            break;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            if (!wait_ready(fd, POLLIN)) {
                *got = off;
                return RF_ERROR;
            }
        } else {
            *got = off;
            return RF_ERROR;
        }
    }
    *got = off;
    return off == n ? RF_OK : RF_EOF;
}

/* Reads one header into h; FCGI_OK, FCGI_E_EOF, FCGI_E_UNEXPECTED_EOF or
 * FCGI_E_IO.  The version is not checked here. */
static fcgi_status read_header_octets(int fd, uint8_t h[FCGI_HEADER_LEN])
{
    size_t got;
    switch (read_full(fd, h, FCGI_HEADER_LEN, &got)) {
    case RF_OK:
        return FCGI_OK;
    case RF_EOF:
        return got == 0 ? FCGI_E_EOF : FCGI_E_UNEXPECTED_EOF;
    default:
        return FCGI_E_IO;
    }
}

fcgi_status fcgi_read_header(int fd, fcgi_header *out)
{
    uint8_t h[FCGI_HEADER_LEN];
    fcgi_status st = read_header_octets(fd, h);
    if (st != FCGI_OK)
        return st;
    return fcgi_parse_header(h, sizeof h, out);
}

fcgi_status fcgi_read_record(int fd, void *buf, size_t cap, fcgi_record *out, size_t *record_len)
{
    uint8_t h[FCGI_HEADER_LEN];
    fcgi_header hdr;
    fcgi_status st = read_header_octets(fd, h);
    if (st != FCGI_OK)
        return st;
    const size_t rlen = fcgi_get_record_length(h, sizeof h);
    if (record_len != NULL)
        *record_len = rlen;
    st = fcgi_parse_header(h, sizeof h, &hdr);
    if (st != FCGI_OK)
        return st;
    if (cap < rlen)
        return FCGI_E_BUFFER_TOO_SMALL;

    uint8_t *b = buf;
    memcpy(b, h, sizeof h);
    size_t got;
    switch (read_full(fd, b + FCGI_HEADER_LEN, rlen - FCGI_HEADER_LEN, &got)) {
    case RF_OK:
        break;
    case RF_EOF:
        return FCGI_E_UNEXPECTED_EOF;
    default:
        return FCGI_E_IO;
    }
    return fcgi_parse_record(b, rlen, out, NULL);
}

/* ---- writing ------------------------------------------------------------ */

/* One writev-or-sendmsg call.  *sock starts true and turns false the first
 * time the descriptor turns out not to be a socket. */
static ssize_t write_vec(int fd, struct iovec *iov, int cnt, bool *sock)
{
#ifdef MSG_NOSIGNAL
    if (*sock) {
        struct msghdr msg;
        memset(&msg, 0, sizeof msg);
        msg.msg_iov = iov;
        msg.msg_iovlen = (size_t)cnt;
        ssize_t r = sendmsg(fd, &msg, MSG_NOSIGNAL);
        if (r >= 0 || errno != ENOTSOCK)
            return r;
        *sock = false;
    }
#else
    *sock = false;
#endif
    return writev(fd, iov, cnt);
}

/* Writes every octet described by iov[0..cnt), continuing after short
 * writes (iov is modified). */
static fcgi_status write_all(int fd, struct iovec *iov, int cnt, bool *sock)
{
    while (cnt > 0 && iov->iov_len == 0) {
        iov++;
        cnt--;
    }
    while (cnt > 0) {
        ssize_t r = write_vec(fd, iov, cnt, sock);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && wait_ready(fd, POLLOUT))
                continue;
            return FCGI_E_IO;
        }
        size_t n = (size_t)r;
        while (cnt > 0 && n >= iov->iov_len) {
            n -= iov->iov_len;
            iov++;
            cnt--;
        }
        if (cnt > 0) {
            iov->iov_base = (uint8_t *)iov->iov_base + n;
            iov->iov_len -= n;
        }
    }
    return FCGI_OK;
}

/* Source of padding octets (a record built here pads with at most 7). */
static const uint8_t zeros[8];

static void set_iov(struct iovec *v, const void *p, size_t n)
{
    /* iovec wants a non-const pointer; nothing here writes through it. */
    v->iov_base = (void *)(uintptr_t)p;
    v->iov_len = n;
}

fcgi_status fcgi_write_header(int fd, uint8_t type, uint16_t request_id, uint16_t content_length,
                              uint8_t padding_length)
{
    uint8_t h[FCGI_HEADER_LEN];
    size_t n;
    fcgi_build_header(h, sizeof h, type, request_id, content_length, padding_length, &n);
    struct iovec v;
    set_iov(&v, h, n);
    bool sock = true;
    return write_all(fd, &v, 1, &sock);
}

fcgi_status fcgi_write_record(int fd, uint8_t type, uint16_t request_id, const void *content,
                              size_t content_len)
{
    if (content_len > FCGI_MAX_CONTENT_LEN)
        return FCGI_E_CONTENT_TOO_LONG;
    const uint8_t pad = fcgi__padding_for(content_len);
    uint8_t h[FCGI_HEADER_LEN];
    size_t n;
    fcgi_build_header(h, sizeof h, type, request_id, (uint16_t)content_len, pad, &n);
    struct iovec v[3];
    set_iov(&v[0], h, n);
    set_iov(&v[1], content, content_len);
    set_iov(&v[2], zeros, pad);
    bool sock = true;
    return write_all(fd, v, 3, &sock);
}

/* Full segments written per system call: each takes a header and its
 * content, so 32 segments move about 1 MiB with one call. */
#define SEGMENTS_PER_CALL 32

fcgi_status fcgi_write_stream(int fd, uint8_t type, uint16_t request_id, const void *content,
                              size_t content_len, bool terminate)
{
    /* Same records as fcgi_build_stream(): full segments without padding,
     * then the remainder padded as a record, then the empty record. */
    uint8_t seg_header[FCGI_HEADER_LEN], tail_header[FCGI_HEADER_LEN],
        end_header[FCGI_HEADER_LEN];
    struct iovec v[2 * SEGMENTS_PER_CALL + 4];
    const uint8_t *c = content;
    size_t left = content_len, n;
    bool sock = true;
    int cnt = 0;

    fcgi_build_header(seg_header, sizeof seg_header, type, request_id, FCGI_SEGMENT_LEN, 0, &n);
    while (left >= FCGI_SEGMENT_LEN) {
        set_iov(&v[cnt++], seg_header, sizeof seg_header);
        set_iov(&v[cnt++], c, FCGI_SEGMENT_LEN);
        c += FCGI_SEGMENT_LEN;
        left -= FCGI_SEGMENT_LEN;
        if (cnt == 2 * SEGMENTS_PER_CALL) {
            fcgi_status st = write_all(fd, v, cnt, &sock);
            if (st != FCGI_OK)
                return st;
            cnt = 0;
        }
    }
    if (left > 0) {
        const uint8_t pad = fcgi__padding_for(left);
        fcgi_build_header(tail_header, sizeof tail_header, type, request_id, (uint16_t)left, pad,
                          &n);
        set_iov(&v[cnt++], tail_header, sizeof tail_header);
        set_iov(&v[cnt++], c, left);
        set_iov(&v[cnt++], zeros, pad);
    }
    if (terminate) {
        fcgi_build_header(end_header, sizeof end_header, type, request_id, 0, 0, &n);
        set_iov(&v[cnt++], end_header, sizeof end_header);
    }
    return cnt > 0 ? write_all(fd, v, cnt, &sock) : FCGI_OK;
}

/* ---- readiness ---------------------------------------------------------- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static fcgi_status wait_for(int fd, short events, int timeout_ms)
{
    if (fd < 0) { /* poll() would silently ignore it and wait */
        errno = EBADF;
        return FCGI_E_IO;
    }
    struct pollfd pfd = {.fd = fd, .events = events, .revents = 0};
    const int64_t deadline = timeout_ms > 0 ? now_ms() + timeout_ms : 0;
    int wait = timeout_ms < 0 ? -1 : timeout_ms;
    for (;;) {
        int r = poll(&pfd, 1, wait);
        if (r > 0) {
            if (pfd.revents & POLLNVAL) {
                errno = EBADF;
                return FCGI_E_IO;
            }
            return FCGI_OK;
        }
        if (r == 0)
            return FCGI_E_TIMEOUT;
        if (errno != EINTR)
            return FCGI_E_IO;
        if (timeout_ms > 0) {
            int64_t rest = deadline - now_ms();
            if (rest <= 0)
                return FCGI_E_TIMEOUT;
            wait = (int)rest;
        }
    }
}

fcgi_status fcgi_can_read(int fd, int timeout_ms)
{
    return wait_for(fd, POLLIN, timeout_ms);
}

fcgi_status fcgi_can_write(int fd, int timeout_ms)
{
    return wait_for(fd, POLLOUT, timeout_ms);
}

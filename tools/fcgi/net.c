/* SPDX-License-Identifier: MIT */
/* net.c - addresses and sockets for the fcgi tool. */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int64_t net_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int remaining_ms(int64_t deadline_ms)
{
    if (deadline_ms < 0)
        return -1;
    int64_t left = deadline_ms - net_now_ms();
    if (left < 0)
        return 0;
    return left > 0x7fffffff ? 0x7fffffff : (int)left;
}

int net_parse_address(const char *text, net_addr *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    snprintf(out->text, sizeof out->text, "%s", text);

    const char *path = NULL;
    if (!strncmp(text, "unix:", 5))
        path = text + 5;
    else if (text[0] == '/')
        path = text;
    if (path) {
        struct sockaddr_un *un = (struct sockaddr_un *)&out->ss;
        if (*path == '\0' || strlen(path) >= sizeof un->sun_path) {
            snprintf(err, errcap, "'%s': Unix socket path empty or too long (at most %zu octets)",
                     text, sizeof un->sun_path - 1);
            return NET_ADDR_MALFORMED;
        }
        un->sun_family = AF_UNIX;
        memcpy(un->sun_path, path, strlen(path) + 1);
        out->len = (socklen_t)sizeof *un;
        out->family = AF_UNIX;
        return 0;
    }

    char host[256];
    const char *port;
    if (text[0] == '[') {
        const char *close = strchr(text, ']');
        if (!close || close[1] != ':' || (size_t)(close - text - 1) >= sizeof host) {
            snprintf(err, errcap, "'%s': expected [v6address]:port", text);
            return NET_ADDR_MALFORMED;
        }
        memcpy(host, text + 1, (size_t)(close - text - 1));
        host[close - text - 1] = '\0';
        port = close + 2;
    } else {
        const char *colon = strrchr(text, ':');
        if (!colon || (size_t)(colon - text) >= sizeof host) {
            snprintf(err, errcap, "'%s': expected host:port, [v6]:port, unix:/path or /path", text);
            return NET_ADDR_MALFORMED;
        }
        memcpy(host, text, (size_t)(colon - text));
        host[colon - text] = '\0';
        port = colon + 1;
    }
    if (*port == '\0' || strspn(port, "0123456789") != strlen(port)) {
        snprintf(err, errcap, "'%s': port must be a number", text);
        return NET_ADDR_MALFORMED;
    }
    /* getaddrinfo() would take "99357" and keep its low 16 bits. */
    if (strlen(port) > 5 || atol(port) < 1 || atol(port) > 65535) {
        snprintf(err, errcap, "'%s': port %s is out of range (1 to 65535)", text, port);
        return NET_ADDR_MALFORMED;
    }
    /* Host names, IPv4 and (with their zone) IPv6 addresses use no other
     * octets; anything else is a typing mistake, not a name to look up. */
    if (strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_:%") !=
        strlen(host)) {
        snprintf(err, errcap, "'%s': '%s' is not a host name or address", text, host);
        return NET_ADDR_MALFORMED;
    }

    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_UNSPEC;
    int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (rc != 0 || !res) {
        snprintf(err, errcap, "'%s': %s", text, gai_strerror(rc));
        return NET_ADDR_UNRESOLVED;
    }
    memcpy(&out->ss, res->ai_addr, res->ai_addrlen);
    out->len = res->ai_addrlen;
    out->family = res->ai_family;
    freeaddrinfo(res);
    return NET_ADDR_OK;
}

int net_connect(const net_addr *a, int timeout_ms, int *refused, int *timed_out, char *err,
                size_t errcap)
{
    if (refused)
        *refused = 0;
    if (timed_out)
        *timed_out = 0;
    int fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        snprintf(err, errcap, "socket: %s", strerror(errno));
        return -1;
    }
    int rc = connect(fd, (const struct sockaddr *)&a->ss, a->len);
    if (rc != 0 && (errno == EINPROGRESS || errno == EAGAIN)) {
        int64_t deadline = timeout_ms < 0 ? -1 : net_now_ms() + timeout_ms;
        struct pollfd pfd = {.fd = fd, .events = POLLOUT};
        int n;
        do
            n = poll(&pfd, 1, remaining_ms(deadline));
        while (n < 0 && errno == EINTR);
        if (n == 0) {
            if (timed_out)
                *timed_out = 1;
            snprintf(err, errcap, "connect to %s: timed out after %d ms", a->text, timeout_ms);
            close(fd);
            return -1;
        }
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (n < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
            soerr = errno;
        errno = soerr;
        rc = soerr ? -1 : 0;
    }
    if (rc != 0) {
        int e = errno;
        if (refused && (e == ECONNREFUSED || e == ENOENT))
            *refused = 1;
        snprintf(err, errcap, "connect to %s: %s", a->text, strerror(e));
        close(fd);
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

int net_listen(const net_addr *a, int backlog, char *err, size_t errcap)
{
    int fd = socket(a->family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errcap, "socket: %s", strerror(errno));
        return -1;
    }
    if (a->family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)&a->ss;
        struct stat st;
        if (stat(un->sun_path, &st) == 0 && S_ISSOCK(st.st_mode))
            unlink(un->sun_path);
    } else {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    if (bind(fd, (const struct sockaddr *)&a->ss, a->len) != 0 || listen(fd, backlog) != 0) {
        snprintf(err, errcap, "listen on %s: %s", a->text, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int wait_for(int fd, short events, int64_t deadline_ms)
{
    struct pollfd pfd = {.fd = fd, .events = events};
    for (;;) {
        int n = poll(&pfd, 1, remaining_ms(deadline_ms));
        if (n > 0)
            return 0;
        if (n == 0) {
            errno = ETIMEDOUT;
            return -1;
        }
        if (errno != EINTR)
            return -1;
    }
}

int net_write_all(int fd, const void *buf, size_t len, int64_t deadline_ms)
{
    const char *p = buf;
    while (len > 0) {
        /* A peer that keeps reading must not carry a write past the deadline. */
        if (deadline_ms >= 0 && net_now_ms() >= deadline_ms) {
            errno = ETIMEDOUT;
            return -1;
        }
        if (wait_for(fd, POLLOUT, deadline_ms) != 0)
            return -1;
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK)
            n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

long net_read_some(int fd, void *buf, size_t cap, int64_t deadline_ms)
{
    for (;;) {
        if (wait_for(fd, POLLIN, deadline_ms) != 0)
            return -1;
        ssize_t n = read(fd, buf, cap);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        return (long)n;
    }
}

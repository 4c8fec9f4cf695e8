/* SPDX-License-Identifier: MIT */
/* capture.c - fcgidump --capture (see capture.h). */
#include "capture.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "control.h"
#include "discover.h"
#include "interpose.h"
#include "net.h"
#include "proxy_capture.h"
#include "proxy_relay.h"

#define NAME "fcgidump"

struct run {
    const capture_options *o;
    net_addr listen;            /* where the web server connects */
    net_addr upstream;          /* where the relay connects while it listens */
    net_addr upstream_after;    /* interposing: the application's path once restored */
    interposer ip;
    bool interposing;
    bool listen_path_owned;     /* a new Unix socket of ours to remove at the end */
    bool handed_back;
    bool hand_back_failed;
    control ctl;
};

static void note(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct run *r, const char *fmt, ...)
{
    if (!r->ctl.log)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->ctl.log, NAME ": ");
    vfprintf(r->ctl.log, fmt, ap);
    fprintf(r->ctl.log, "\n");
    va_end(ap);
}

static const char *unix_path(const net_addr *a)
{
    return ((const struct sockaddr_un *)&a->ss)->sun_path;
}

static int unix_addr(const char *path, net_addr *out, char *err, size_t errcap)
{
    char text[sizeof out->text];
    snprintf(text, sizeof text, "unix:%s", path);
    return net_parse_address(text, out, err, errcap);
}

/* A new listening socket on a Unix path that must not be in use. */
static int listen_unix(struct run *r, char *err, size_t errcap)
{
    const capture_options *o = r->o;
    const char *path = unix_path(&r->listen);
    struct stat sb;
    if (lstat(path, &sb) == 0) {
        if (!S_ISSOCK(sb.st_mode)) {
            snprintf(err, errcap, "--listen %s: the path exists and is not a socket", path);
            return -1;
        }
        if (interpose_socket_live(path)) {
            snprintf(err, errcap, "--listen %s: something accepts connections there already; "
                                  "to capture that application without changing the web "
                                  "server, interpose on it (--interpose --upstream %s)",
                     path, path);
            return -1;
        }
        unlink(path); /* a socket file nobody listens on */
    }
    char e2[400];
    int fd = net_listen(&r->listen, 511, e2, sizeof e2);
    if (fd < 0) {
        snprintf(err, errcap, "%s", e2);
        return -1;
    }
    r->listen_path_owned = true;
    if (o->socket_mode >= 0 && chmod(path, (mode_t)o->socket_mode) != 0) {
        snprintf(err, errcap, "--socket-mode: chmod %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if ((o->uid != (uid_t)-1 || o->gid != (gid_t)-1) && chown(path, o->uid, o->gid) != 0) {
        snprintf(err, errcap, "--socket-owner: chown %s: %s (only root may give a file "
                              "away)", path, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* proxy_config.on_stop: the web server's connections go where they went
 * before the capture, from now on. */
static const net_addr *hand_back(void *ctx)
{
    struct run *r = ctx;
    if (r->handed_back)
        return NULL;
    r->handed_back = true;
    if (r->interposing) {
        char err[700];
        if (interpose_restore(&r->ip, err, sizeof err) != 0) {
            fprintf(stderr, NAME ": %s\n", err);
            note(r, "%s", err);
            r->hand_back_failed = true;
            return NULL;
        }
        note(r, "put the application's socket back at %s", r->ip.path);
        return &r->upstream_after;
    }
    if (r->listen_path_owned) {
        unlink(unix_path(&r->listen));
        note(r, "removed %s", unix_path(&r->listen));
    }
    return NULL;
}

/* proxy_watch callback for the FIFO: its reader closing it (dumpcap ended,
 * Wireshark or tshark was killed) ends the capture. */
static const char *fifo_event(void *ctx, int fd, short revents)
{
    (void)ctx;
    (void)fd;
    return (revents & (POLLERR | POLLHUP | POLLNVAL)) ? "the capture's reader went away" : NULL;
}

/* A descriptor that becomes readable when the parent process (Wireshark,
 * tshark) ends, or -1 where the kernel has no pidfd_open (before 5.3).
 * Wireshark's reader, dumpcap, can outlive a killed Wireshark for as long
 * as no packet arrives, so the FIFO alone does not tell. */
static int open_parent(void)
{
#ifdef SYS_pidfd_open
    pid_t parent = getppid();
    if (parent > 1) {
        int fd = (int)syscall(SYS_pidfd_open, parent, 0);
        /* The parent may have ended just before the call. */
        if (fd >= 0 && getppid() == parent)
            return fd;
        if (fd >= 0)
            close(fd);
    }
#endif
    return -1;
}

static const char *parent_event(void *ctx, int fd, short revents)
{
    (void)ctx;
    (void)fd;
    (void)revents;
    return "the capturing program (the parent process) went away";
}

/* The application's address: the option, else the interface's socket. */
static int choose_upstream(const capture_options *o, char *out, size_t cap, char *err,
                           size_t errcap)
{
    if (o->upstream) {
        snprintf(out, cap, "%s", o->upstream);
        return 0;
    }
    discovered d;
    if (!strcmp(o->interface, NAME)) {
        snprintf(err, errcap, "interface " NAME ": --upstream is required (the FastCGI "
                              "application's address)");
        return -1;
    }
    if (discover_find(o->interface, &d) != 0) {
        snprintf(err, errcap, "interface %s: no such php-fpm socket is found now; "
                              "`" NAME " --extcap-interfaces` lists them, or give --upstream",
                 o->interface);
        return -1;
    }
    snprintf(out, cap, "%s", d.path);
    return 0;
}

/* Parses and checks the addresses; 0, or the exit status. */
static int plan(struct run *r, char *err, size_t errcap)
{
    const capture_options *o = r->o;
    if (o->interpose == (o->listen != NULL)) {
        snprintf(err, errcap, o->interpose ? "--interpose and --listen exclude each other: "
                                             "interpose on the application's socket, or listen "
                                             "on a new address"
                                           : "choose --interpose (capture the application's "
                                             "socket in place) or --listen ADDRESS");
        return 2;
    }
    char up[300];
    if (choose_upstream(o, up, sizeof up, err, errcap) != 0)
        return 2;
    if (net_parse_address(up, &r->upstream, err, errcap) != 0)
        return 2;
    if (o->interpose) {
        if (r->upstream.family != AF_UNIX) {
            snprintf(err, errcap, "--interpose: the upstream %s is not a Unix socket; a TCP "
                                  "application can be captured by Wireshark directly", up);
            return 2;
        }
        if (interpose_names(&r->ip, unix_path(&r->upstream), err, errcap) != 0)
            return 1;
        r->interposing = true;
        if (unix_addr(r->ip.path, &r->listen, err, errcap) != 0 ||
            unix_addr(r->ip.moved, &r->upstream, err, errcap) != 0 ||
            unix_addr(r->ip.path, &r->upstream_after, err, errcap) != 0)
            return 1;
        return 0;
    }
    if (net_parse_address(o->listen, &r->listen, err, errcap) != 0)
        return 2;
    if (r->listen.family == AF_UNIX && r->upstream.family == AF_UNIX &&
        !strcmp(unix_path(&r->listen), unix_path(&r->upstream))) {
        snprintf(err, errcap, "--listen and --upstream are both %s: to capture it in place, "
                              "use --interpose", unix_path(&r->listen));
        return 2;
    }
    return 0;
}

static int open_listener(struct run *r, char *err, size_t errcap)
{
    const capture_options *o = r->o;
    if (r->interposing) {
        interpose_notes notes;
        if (interpose_start(&r->ip, r->ip.path, o->socket_mode, o->uid, o->gid, &notes, err,
                            errcap) != 0)
            return -1;
        if (notes.recovered[0])
            note(r, "%s", notes.recovered);
        if (notes.owner[0])
            note(r, "%s", notes.owner);
        note(r, "interposed on %s: the application's socket is at %s until the capture stops",
             r->ip.path, r->ip.moved);
        return r->ip.fd;
    }
    if (r->listen.family == AF_UNIX)
        return listen_unix(r, err, errcap);
    char e2[400];
    int fd = net_listen(&r->listen, 511, e2, sizeof e2);
    if (fd < 0)
        snprintf(err, errcap, "%s", e2);
    return fd;
}

int capture_run(const capture_options *o)
{
    struct run r = {.o = o};
    r.ip.fd = -1;
    char err[1024];
    if (o->filter && o->filter[0]) {
        fprintf(stderr, NAME ": capture filters are not supported (every packet is FastCGI "
                        "traffic of the relay); use a display filter such as 'fastcgi'\n");
        return 2;
    }
    int rc = plan(&r, err, sizeof err);
    if (rc != 0) {
        fprintf(stderr, NAME ": %s\n", err);
        return rc;
    }
    if (control_open(&r.ctl, o->control_in, o->control_out, o->log_file, err, sizeof err) != 0) {
        fprintf(stderr, NAME ": %s\n", err);
        return 1;
    }

    proxy_capture cap;
    if (proxy_capture_open(&cap, NAME, o->fifo, &r.listen, &r.upstream, 0, err, sizeof err) !=
        0) {
        fprintf(stderr, NAME ": %s\n", err);
        control_close(&r.ctl);
        return 1;
    }
    /* A reader that goes away ends the capture; that is no error. */
    cap.log = r.ctl.log;

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);

    int fd = open_listener(&r, err, sizeof err);
    if (fd < 0) {
        fprintf(stderr, NAME ": %s\n", err);
        note(&r, "%s", err);
        if (r.listen_path_owned)
            unlink(unix_path(&r.listen));
        proxy_capture_close(&cap);
        control_close(&r.ctl);
        return 1;
    }

    proxy_config cfg = {
        .listen = r.listen,
        .upstream = r.upstream,
        .quiet = r.ctl.log == NULL,
        .max_connections = 256,
        .idle_timeout_ms = 300 * 1000,
        .connect_timeout_ms = 5 * 1000,
        .buffer_size = 65536,
        .socket_mode = -1,
        .capture = &cap,
        .name = NAME,
        .log = r.ctl.log,
        .stop_grace_ms = o->stop_timeout_s * 1000,
        .on_stop = hand_back,
        .stop_ctx = &r,
        .watch = {
            {.fd = fileno(cap.file), .events = 0, .ready = fifo_event},
            {.fd = r.ctl.in_fd, .events = POLLIN, .ready = r.ctl.in_fd >= 0 ? control_input : NULL,
             .ctx = &r.ctl},
        },
    };
    int parent = open_parent();
    if (parent >= 0)
        cfg.watch[2] = (proxy_watch){.fd = parent, .events = POLLIN, .ready = parent_event};
    rc = proxy_relay_serve(&cfg, fd);
    if (parent >= 0)
        close(parent);
    hand_back(&r); /* when the relay ended before it stopped (out of memory) */
    if (r.hand_back_failed)
        rc = 1;
    proxy_capture_close(&cap);
    control_close(&r.ctl);
    return rc;
}

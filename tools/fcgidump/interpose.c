/* SPDX-License-Identifier: MIT */
/* interpose.c - capturing an application's Unix socket in place (see
 * interpose.h). */
#include "interpose.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- small facts about files and processes ------------------------------ */

enum probe { PROBE_LIVE, PROBE_DEAD, PROBE_FAILED };

/* Whether something accepts connections on the socket at path: a connect
 * that is refused means a socket file nobody listens on.  PROBE_FAILED
 * leaves errno set (ENOENT, EACCES, ...). */
static enum probe probe(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return PROBE_FAILED;
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    snprintf(un.sun_path, sizeof un.sun_path, "%s", path);
    int rc = connect(fd, (const struct sockaddr *)&un, sizeof un);
    int e = errno;
    close(fd);
    if (rc == 0 || e == EAGAIN || e == EINPROGRESS)
        return PROBE_LIVE;
    errno = e;
    return e == ECONNREFUSED ? PROBE_DEAD : PROBE_FAILED;
}

/* A process's start time in clock ticks since boot (field 22 of
 * /proc/PID/stat), which tells a process from a later one with the same
 * pid; 0 when it cannot be read. */
static unsigned long long start_time(pid_t pid)
{
    char name[64], buf[1024];
    snprintf(name, sizeof name, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(name, "re");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name (field 2) is in parentheses and may hold spaces. */
    char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    p++;
    for (int field = 2; field < 22 && p; field++) {
        p = strchr(p + 1, ' ');
    }
    return p ? strtoull(p + 1, NULL, 10) : 0;
}

struct state {
    long pid;
    unsigned long long start, dev, ino;
};

static int read_state(const char *name, struct state *st)
{
    char buf[256];
    FILE *f = fopen(name, "re");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    if (sscanf(buf, "fcgidump 1 %ld %llu %llu %llu", &st->pid, &st->start, &st->dev,
               &st->ino) != 4 || st->pid <= 0)
        return -1;
    return 0;
}

/* Whether the process a state file names still runs.  When the start time
 * cannot be compared, a live pid counts as running: a capture that may be
 * running is never touched. */
static bool owner_running(const struct state *st)
{
    if (kill((pid_t)st->pid, 0) != 0 && errno != EPERM)
        return false;
    unsigned long long now = start_time((pid_t)st->pid);
    return now == 0 || now == st->start;
}

static bool same_file(const char *path, unsigned long long dev, unsigned long long ino)
{
    struct stat sb;
    return lstat(path, &sb) == 0 && (unsigned long long)sb.st_dev == dev &&
           (unsigned long long)sb.st_ino == ino;
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

static const char *kind(mode_t m)
{
    return S_ISREG(m) ? "a regular file" : S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO"
         : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISLNK(m) ? "a symbolic link" : "not a socket";
}

/* The folder holding path, for messages. */
static void folder_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash && slash != path ? (size_t)(slash - path) : 1;
    snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), path);
}

/* "Permission denied" and friends, with what would help. */
static void permission_hint(const char *what, const char *path, int e, char *err, size_t cap)
{
    char dir[INTERPOSE_PATH_MAX];
    folder_of(path, dir, sizeof dir);
    if (e == EACCES || e == EPERM || e == EROFS)
        snprintf(err, cap, "%s: %s; interposing needs the right to rename files in %s "
                           "(run the capture as root, or as %s's owner)",
                 what, strerror(e), dir, dir);
    else
        snprintf(err, cap, "%s: %s", what, strerror(e));
}

/* ---- names ----------------------------------------------------------------- */

int interpose_names(interposer *ip, const char *path_in, char *err, size_t errcap)
{
    /* path_in may be ip->path itself. */
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s", path_in);
    memset(ip, 0, sizeof *ip);
    ip->fd = -1;
    char resolved[PATH_MAX];
    if (path[0] != '/') {
        snprintf(err, errcap, "'%s': interposing needs an absolute Unix socket path", path);
        return -1;
    }
    /* The folder must exist; the socket itself may be missing (checked
     * later, with a better message). */
    if (!realpath(path, resolved)) {
        char dir[PATH_MAX];
        folder_of(path, dir, sizeof dir);
        char rdir[PATH_MAX];
        const char *base = strrchr(path, '/') + 1;
        if (!realpath(dir, rdir)) {
            snprintf(err, errcap, "%s: %s", dir, strerror(errno));
            return -1;
        }
        if (snprintf(resolved, sizeof resolved, "%s/%s", strcmp(rdir, "/") ? rdir : "", base) >=
            (int)sizeof resolved) {
            snprintf(err, errcap, "%s: path too long", path);
            return -1;
        }
    }
    size_t n = strlen(resolved);
    if (n + sizeof INTERPOSE_MOVED_SUFFIX > sizeof ip->moved) {
        snprintf(err, errcap, "%s: path too long to move aside (a Unix socket path holds at "
                              "most %zu octets)", resolved, sizeof ip->moved - 1);
        return -1;
    }
    /* Every name fits: the longest suffix was checked above. */
    memcpy(ip->path, resolved, n + 1);
    memcpy(ip->moved, resolved, n);
    memcpy(ip->moved + n, INTERPOSE_MOVED_SUFFIX, sizeof INTERPOSE_MOVED_SUFFIX);
    memcpy(ip->state, resolved, n);
    memcpy(ip->state + n, INTERPOSE_STATE_SUFFIX, sizeof INTERPOSE_STATE_SUFFIX);
    return 0;
}

bool interpose_socket_live(const char *path)
{
    return probe(path) == PROBE_LIVE;
}

bool interpose_in_progress(const char *path)
{
    char moved[INTERPOSE_PATH_MAX + 32];
    snprintf(moved, sizeof moved, "%s%s", path, INTERPOSE_MOVED_SUFFIX);
    return exists(moved);
}

/* ---- recovery ---------------------------------------------------------------- */

int interpose_recover(const char *path, char *msg, size_t msgcap)
{
    interposer ip;
    msg[0] = '\0';
    if (interpose_names(&ip, path, msg, msgcap) != 0)
        return -1;
    struct state st;
    bool have_state = read_state(ip.state, &st) == 0;
    bool have_moved = exists(ip.moved);
    if (!have_state && !exists(ip.state) && !have_moved)
        return 0;
    if (have_state && owner_running(&st)) {
        snprintf(msg, msgcap, "%s is being captured by fcgidump (pid %ld); stop that capture "
                              "first", ip.path, st.pid);
        return -1;
    }
    char who[64] = "a capture";
    if (have_state)
        snprintf(who, sizeof who, "a capture (pid %ld)", st.pid);

    if (have_moved) {
        /* Which of the two files is the application's socket: the state
         * file knows the relay's by device and inode; without it, the one
         * that accepts connections is the application's. */
        enum { PUT_BACK, DROP_MOVED, UNSURE } act;
        if (have_state && same_file(ip.moved, st.dev, st.ino))
            act = DROP_MOVED;   /* ended before the swap: the relay's own socket */
        else if (!exists(ip.path) || (have_state && same_file(ip.path, st.dev, st.ino)))
            act = PUT_BACK;     /* ended after the swap: PATH is the dead relay's */
        else {
            bool moved_live = probe(ip.moved) == PROBE_LIVE;
            bool path_live = probe(ip.path) == PROBE_LIVE;
            if (have_state)     /* PATH is a newer socket (the application restarted) */
                act = moved_live ? UNSURE : DROP_MOVED;
            else
                act = moved_live == path_live ? (moved_live ? UNSURE : PUT_BACK)
                      : moved_live ? PUT_BACK : DROP_MOVED;
        }
        if (act == UNSURE) {
            snprintf(msg, msgcap, "both %s and %s accept connections, and no running capture "
                                  "owns them; remove the one that is not the application's by "
                                  "hand", ip.path, ip.moved);
            return -1;
        }
        if (act == PUT_BACK) {
            if (rename(ip.moved, ip.path) != 0) {
                permission_hint("cannot put the application's socket back", ip.path, errno, msg,
                                msgcap);
                return -1;
            }
            snprintf(msg, msgcap, "put the application's socket back at %s (%s ended without "
                                  "restoring it)", ip.path, who);
        } else {
            if (unlink(ip.moved) != 0) {
                permission_hint("cannot remove the leftover socket", ip.moved, errno, msg,
                                msgcap);
                return -1;
            }
            snprintf(msg, msgcap, "removed %s, a socket nothing listens on, left by %s; kept %s",
                     ip.moved, who, ip.path);
        }
    } else {
        snprintf(msg, msgcap, "removed the state file %s of %s", ip.state, who);
    }
    if (unlink(ip.state) != 0 && errno != ENOENT) {
        permission_hint("cannot remove the state file", ip.state, errno, msg, msgcap);
        return -1;
    }
    return 1;
}

/* ---- start and restore ---------------------------------------------------------- */

/* Undoes a start that failed before the swap. */
static void abandon(interposer *ip, bool state_written)
{
    if (ip->fd >= 0)
        close(ip->fd);
    ip->fd = -1;
    unlink(ip->moved);
    if (state_written)
        unlink(ip->state);
}

static int write_state(const interposer *ip, char *err, size_t errcap)
{
    int fd = open(ip->state, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST)
            snprintf(err, errcap, "%s exists: another capture of %s is starting", ip->state,
                     ip->path);
        else
            permission_hint("cannot create the state file", ip->state, errno, err, errcap);
        return -1;
    }
    char buf[160];
    int n = snprintf(buf, sizeof buf, "fcgidump 1 %ld %llu %llu %llu\n", (long)getpid(),
                     start_time(getpid()), (unsigned long long)ip->dev,
                     (unsigned long long)ip->ino);
    bool ok = write(fd, buf, (size_t)n) == n;
    int e = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(ip->state);
        snprintf(err, errcap, "cannot write the state file %s: %s", ip->state, strerror(e));
        return -1;
    }
    return 0;
}

int interpose_start(interposer *ip, const char *path, int mode, uid_t uid, gid_t gid,
                    interpose_notes *notes, char *err, size_t errcap)
{
    memset(notes, 0, sizeof *notes);
    if (interpose_names(ip, path, err, errcap) != 0)
        return -1;
    if (interpose_recover(ip->path, notes->recovered, sizeof notes->recovered) < 0) {
        snprintf(err, errcap, "%s", notes->recovered);
        return -1;
    }

    struct stat orig;
    if (lstat(ip->path, &orig) != 0) {
        snprintf(err, errcap, "%s: %s", ip->path, strerror(errno));
        return -1;
    }
    if (!S_ISSOCK(orig.st_mode)) {
        snprintf(err, errcap, "%s is %s, not a socket: nothing to interpose on", ip->path,
                 kind(orig.st_mode));
        return -1;
    }
    switch (probe(ip->path)) {
    case PROBE_LIVE:
        break;
    case PROBE_DEAD:
        snprintf(err, errcap, "nothing accepts connections on %s (is the application "
                              "running?)", ip->path);
        return -1;
    default:
        snprintf(err, errcap, "cannot connect to %s: %s%s", ip->path, strerror(errno),
                 errno == EACCES ? " (the relay must be allowed to connect to it)" : "");
        return -1;
    }

    ip->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ip->fd < 0) {
        snprintf(err, errcap, "socket: %s", strerror(errno));
        return -1;
    }
    struct sockaddr_un un = {.sun_family = AF_UNIX};
    snprintf(un.sun_path, sizeof un.sun_path, "%s", ip->moved);
    if (bind(ip->fd, (const struct sockaddr *)&un, sizeof un) != 0) {
        int e = errno;
        close(ip->fd);
        ip->fd = -1;
        if (e == EADDRINUSE)
            snprintf(err, errcap, "%s exists: another capture of %s is starting", ip->moved,
                     ip->path);
        else
            permission_hint("cannot create a socket next to it", ip->moved, e, err, errcap);
        return -1;
    }
    if (listen(ip->fd, 511) != 0) {
        snprintf(err, errcap, "listen on %s: %s", ip->moved, strerror(errno));
        abandon(ip, false);
        return -1;
    }

    /* The web server must be able to connect to the relay exactly as it
     * could to the application: same mode, same owner. */
    mode_t want_mode = mode >= 0 ? (mode_t)mode : (orig.st_mode & 07777);
    if (chmod(ip->moved, want_mode) != 0) {
        snprintf(err, errcap, "chmod %s: %s", ip->moved, strerror(errno));
        abandon(ip, false);
        return -1;
    }
    uid_t want_uid = uid != (uid_t)-1 ? uid : orig.st_uid;
    gid_t want_gid = gid != (gid_t)-1 ? gid : orig.st_gid;
    if (chown(ip->moved, want_uid, want_gid) != 0) {
        int e = errno;
        if (!(want_mode & 0002)) {
            snprintf(err, errcap, "cannot give the relay's socket the owner %u:%u of %s (%s), "
                                  "and its mode %04o does not let everyone connect: the web "
                                  "server could not connect to it; run the capture as root, or "
                                  "choose a socket mode such as 0666",
                     (unsigned)want_uid, (unsigned)want_gid, ip->path, strerror(e),
                     (unsigned)want_mode);
            abandon(ip, false);
            return -1;
        }
        snprintf(notes->owner, sizeof notes->owner,
                 "the relay's socket keeps this process's owner (chown to %u:%u: %s); its mode "
                 "%04o lets everyone connect", (unsigned)want_uid, (unsigned)want_gid,
                 strerror(e), (unsigned)want_mode);
    }

    struct stat mine;
    if (lstat(ip->moved, &mine) != 0) {
        snprintf(err, errcap, "%s: %s", ip->moved, strerror(errno));
        abandon(ip, false);
        return -1;
    }
    ip->dev = mine.st_dev;
    ip->ino = mine.st_ino;
    if (write_state(ip, err, errcap) != 0) {
        abandon(ip, false);
        return -1;
    }
    if (renameat2(AT_FDCWD, ip->moved, AT_FDCWD, ip->path, RENAME_EXCHANGE) != 0) {
        int e = errno;
        if (e == EINVAL || e == ENOSYS || e == EOPNOTSUPP) {
            char dir[INTERPOSE_PATH_MAX];
            folder_of(ip->path, dir, sizeof dir);
            snprintf(err, errcap, "the file system of %s cannot swap two names atomically "
                                  "(renameat2 RENAME_EXCHANGE: %s); listen on a new socket "
                                  "instead (--listen) and point the web server at it",
                     dir, strerror(e));
        } else {
            permission_hint("cannot swap the sockets", ip->path, e, err, errcap);
        }
        abandon(ip, true);
        return -1;
    }
    ip->swapped = true;
    return 0;
}

int interpose_restore(interposer *ip, char *err, size_t errcap)
{
    if (!ip->swapped)
        return 0;
    if (!exists(ip->path) || same_file(ip->path, ip->dev, ip->ino)) {
        if (rename(ip->moved, ip->path) != 0) {
            int e = errno;
            char hint[512];
            permission_hint("cannot put the application's socket back", ip->path, e, hint,
                            sizeof hint);
            snprintf(err, errcap, "%s; it is at %s: `fcgidump --restore %s` puts it back", hint,
                     ip->moved, ip->path);
            return -1;
        }
    } else if (probe(ip->moved) != PROBE_LIVE) {
        /* The application made a new socket at PATH while we held it. */
        unlink(ip->moved);
    }
    ip->swapped = false;
    if (unlink(ip->state) != 0 && errno != ENOENT) {
        snprintf(err, errcap, "cannot remove the state file %s: %s", ip->state, strerror(errno));
        return -1;
    }
    return 0;
}

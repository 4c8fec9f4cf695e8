/* SPDX-License-Identifier: MIT */
/* interpose.h - capturing an application's Unix socket in place, so that
 * the web server needs no change.
 *
 * A Unix socket's path is only a name for it: the application keeps
 * accepting on its listening descriptor whatever the file is called, and
 * the web server's connect() reaches whichever socket owns the name at
 * that moment.  For a socket PATH:
 *
 *   start    binds a new listening socket at PATH.fcgidump-orig with
 *            PATH's mode and owner, records this process in
 *            PATH.fcgidump-pid, then swaps the two names in one atomic
 *            step (renameat2 RENAME_EXCHANGE): PATH is now the relay's,
 *            PATH.fcgidump-orig the application's, and no connect() ever
 *            finds PATH missing;
 *   restore  renames PATH.fcgidump-orig back over PATH (atomic again) and
 *            removes the state file;
 *   recover  after a capture that ended without restoring (killed,
 *            crashed, power cut), puts things back as they were: the state
 *            file names the process and the relay's socket file (device,
 *            inode); when that process is no longer running, the
 *            application's socket goes back to PATH, or the relay's
 *            leftover is removed when the swap never happened.  A capture
 *            whose process still runs is never touched.  Every start
 *            recovers first; `fcgidump --restore PATH` does it alone.
 *
 * Functions return 0 on success and -1 with a one-line message in err;
 * they never print. */
#ifndef FCGIDUMP_INTERPOSE_H
#define FCGIDUMP_INTERPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/un.h>

#define INTERPOSE_MOVED_SUFFIX ".fcgidump-orig"
#define INTERPOSE_STATE_SUFFIX ".fcgidump-pid"
#define INTERPOSE_PATH_MAX (sizeof(((struct sockaddr_un *)0)->sun_path))

typedef struct interposer {
    char path[INTERPOSE_PATH_MAX];   /* the application's socket, links resolved */
    char moved[INTERPOSE_PATH_MAX];  /* PATH.fcgidump-orig */
    char state[INTERPOSE_PATH_MAX + 16]; /* PATH.fcgidump-pid */
    int fd;                          /* the relay's listening socket, or -1 */
    dev_t dev;                       /* the relay's socket file */
    ino_t ino;
    bool swapped;                    /* PATH is the relay's until restore */
} interposer;

/* What start and recover did besides their job, for the log. */
typedef struct interpose_notes {
    char recovered[512];   /* a leftover that was put right, or "" */
    char owner[256];       /* why the socket's owner could not be copied, or "" */
} interpose_notes;

/* Resolves symbolic links in path (the web server's connect() follows
 * them) and derives the other two names.  -1 when a name would not fit
 * in a socket address. */
int interpose_names(interposer *ip, const char *path, char *err, size_t errcap);

/* Takes PATH over as described above.  mode < 0 and uid/gid == -1 copy
 * the application's socket.  When the owner cannot be copied (not root),
 * the start goes on only if the mode lets everyone connect; notes->owner
 * says so.  On failure nothing is left changed. */
int interpose_start(interposer *ip, const char *path, int mode, uid_t uid, gid_t gid,
                    interpose_notes *notes, char *err, size_t errcap);

/* Hands PATH back to the application.  A no-op when not swapped.  When
 * PATH was replaced meanwhile (the application restarted and made a new
 * socket), that one is kept and the old one is removed if nothing listens
 * on it. */
int interpose_restore(interposer *ip, char *err, size_t errcap);

/* Puts right what a capture of path that ended without restoring left
 * behind.  Returns 0 when nothing was left (msg ""), 1 when something was
 * put right (msg says what), -1 when it cannot be, or a running capture
 * owns path (msg says why). */
int interpose_recover(const char *path, char *msg, size_t msgcap);

/* true when something accepts connections on the Unix socket at path
 * (it is connected to and closed at once). */
bool interpose_socket_live(const char *path);

/* true when path.fcgidump-orig exists: a capture runs on path, or one
 * ended without restoring it. */
bool interpose_in_progress(const char *path);

#endif

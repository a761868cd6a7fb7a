/* Terminals: the host terminals the sandbox may use, passed through
 * (drivers/tty/tty_io.c, tty_jobctrl.c, pty.c in miniature).
 *
 * - I/O, modes and window sizes go to the host terminal (hostfd.c).
 * - Sessions and process groups are the sandbox's: which sandbox session a
 *   terminal controls and its foreground process group are kept here, as
 *   the host's answers name host processes.  The terminal sbx was started
 *   from (its controlling terminal, else a terminal on its stdin, stdout or
 *   stderr) controls the first program's session.
 * - /dev/tty opens the caller's controlling terminal (ENXIO without one).
 * - /dev/ptmx makes a new host pty; /dev/pts (devpts) shows only the ptys
 *   the sandbox may use: the terminal it started on and the ones it made,
 *   never the host's other ptys.
 */
#ifndef SBX_TTY_H
#define SBX_TTY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct task;
struct super_block;

/* Find the terminal sbx was started on; register /dev/tty (5,0) and
 * /dev/ptmx (5,2). */
void tty_init(void);
/* The owner and mode the sandbox gave a pty it made, in @st (the host's
 * stat of a terminal); other files' stay as they are. */
struct stat;
void tty_fix_stat(struct stat *st);
/* TIOCGPTPEER on the master of the pty @rdev: its slave opened with
 * @flags into a new fd of @t (the fd or -errno). */
struct file;
long tty_open_peer(struct task *t, struct file *master, dev_t rdev, int flags);
/* The devpts instance for /dev/pts. */
struct super_block *devpts_new_sb(void);
/* TIOCGPGRP, TIOCSPGRP, TIOCGSID, TIOCSCTTY, TIOCNOTTY on host terminal
 * @fd, for @t; @readable: the file was opened for reading. */
long tty_jobctl(struct task *t, int fd, unsigned cmd, uint64_t arg, bool readable);

/* The terminal behind host fd @fd (*rdev: its TIOCGDEV, a pty master's
 * slave for a master) and whether @fd is a pty master. */
void tty_identify(int fd, dev_t *rdev, bool *master);
/* Job control (tty_jobctrl.c's __tty_check_change): when terminal @rdev
 * is @t's controlling terminal and @t's process group is not its
 * foreground group, a read (@sig SIGTTIN) or a write or mode change
 * (SIGTTOU) from @t is refused: -EIO when @sig is ignored or blocked
 * (SIGTTIN) or the group is orphaned, else -ERESTARTSYS once @sig went to
 * the group; an ignored or blocked SIGTTOU lets it go on (0). */
long tty_check_change(struct task *t, dev_t rdev, int sig);
/* Is @t in the background of @rdev, its controlling terminal? */
bool tty_is_background(struct task *t, dev_t rdev);
/* /proc/PID/stat's tty_nr and tpgid for @t: its controlling terminal's
 * device (new_encode_dev) and foreground process group (0: none), or 0
 * and -1 without one. */
void tty_proc_stat(struct task *t, unsigned *tty_nr, int *tpgid);
/* The process of @leader, a session leader, is gone: its session loses its
 * controlling terminal, whose foreground process group gets SIGHUP
 * (disassociate_ctty(1) in do_exit, as for a pty; drivers/tty/tty_jobctrl.c). */
void tty_session_leader_exit(struct task *leader);

#endif

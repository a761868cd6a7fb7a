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

struct task;
struct super_block;

/* Find the terminal sbx was started on; register /dev/tty (5,0) and
 * /dev/ptmx (5,2). */
void tty_init(void);
/* The devpts instance for /dev/pts. */
struct super_block *devpts_new_sb(void);
/* TIOCGPGRP, TIOCSPGRP, TIOCGSID, TIOCSCTTY, TIOCNOTTY on host terminal
 * @fd, for @t; @readable: the file was opened for reading. */
long tty_jobctl(struct task *t, int fd, unsigned cmd, uint64_t arg, bool readable);

#endif

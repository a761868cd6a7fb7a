/* Signals that sbx itself receives on the host: what a terminal or a
 * supervisor sends to "the program" reaches the program inside. */
#ifndef SBX_HOSTSIG_H
#define SBX_HOSTSIG_H

#include <sys/types.h>

/* Take over SIGINT, SIGQUIT, SIGTSTP, SIGWINCH, SIGHUP, SIGTERM and SIGCONT
 * (blocked, read from a signalfd in the event loop).  After a forwarded
 * SIGTERM, every guest task is killed when @kill_after_ms milliseconds have
 * passed.  0 or -errno. */
int hostsig_init(unsigned kill_after_ms);

/* Called by the loop after each round: when a host SIGTSTP has stopped the
 * program, sbx stops itself the same way, so the shell that started sbx sees
 * its job stop, and continues the program when it is continued itself. */
void hostsig_after_round(void);

/* The sandbox terminal's foreground process group, which receives the
 * terminal's signals: the one set by TIOCSPGRP/tcsetpgrp, else the
 * program's.  0 when there is none. */
pid_t tty_foreground_pgrp(void);
/* Set it (TIOCSPGRP); @pgrp must be an existing process group. */
void tty_set_foreground_pgrp(pid_t pgrp);

#endif

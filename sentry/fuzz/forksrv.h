/* The snapshot fork server (sbx run --fork-server): AFL++'s fork server
 * protocol, served by the sentry with no help from the target.
 *
 * The program runs up to the snapshot point (its first read of standard
 * input, or its first instruction); there the sentry freezes it, says
 * hello on the status fd (199), and then for every 4 bytes read from the
 * control fd (198) makes a copy of the frozen process with copy_process
 * (fork semantics: memory shared copy-on-write through the memory file,
 * fds shared, the same pid), lets the copy run (its read reads the new
 * input), writes its host pid (the stub that AFL++ kills on a timeout) and
 * then its wait status.  Everything the copy started is killed before the
 * next test case. */
#ifndef SBX_FORKSRV_H
#define SBX_FORKSRV_H

#include <stdbool.h>

#include "fuzz_config.h"

struct task;
struct thread_group;

#define FORKSRV_FD 198 /* control: AFL++ -> sbx; status is FORKSRV_FD + 1 */

/* True while the first read is awaited: do_syscall asks forksrv_hook. */
extern bool forksrv_waiting;

/* The process of the copy running a test case, or NULL. */
extern struct thread_group *forksrv_child_tg;

/* do_group_exit of forksrv_child_tg: its wait status goes to afl-fuzz at
 * once, before the exit's own work (the copy's memory freed, its stub
 * killed), which is then done while afl-fuzz looks at the result. */
void forksrv_group_exit(struct thread_group *tg);

/* Called by do_syscall before a syscall of @t first runs: true if this is
 * the snapshot point and @t is now frozen. */
bool forksrv_hook(struct task *t);
/* Serve AFL++ with the program @t just loaded (not yet run), until the
 * control fd closes.  Returns sbx's exit status: 0, or 1 after a `sbx:`
 * message (the program exited before the snapshot point, a copy could not
 * be made, the fds are not there). */
int forksrv_run(struct task *t, enum snapshot_at at);

#endif

/* execve(2) and execveat(2) (fs/exec.c). */
#ifndef SBX_EXECVE_H
#define SBX_EXECVE_H

#include <stdint.h>

struct task;

/* Replace @t's program.  @dirfd/@upath/@flags as execveat gives them.
 * Returns -SBX_REGS (the new image is set up), -SBX_NORESUME (the process
 * died after the point of no return), or -errno with the caller intact. */
long do_execve(struct task *t, int dirfd, uint64_t upath, uint64_t uargv, uint64_t uenvp,
	       int flags);
/* Free a NULL-terminated vector of strings. */
void strv_free(char **v);

#endif

/* execve(2) and execveat(2) (fs/exec.c). */
#ifndef SBX_EXECVE_H
#define SBX_EXECVE_H

#include <stddef.h>
#include <stdint.h>

struct task;

/* Replace @t's program.  @dirfd/@upath/@flags as execveat gives them.
 * Returns -SBX_REGS (the new image is set up), -SBX_NORESUME (the process
 * died after the point of no return), or -errno with the caller intact. */
long do_execve(struct task *t, int dirfd, uint64_t upath, uint64_t uargv, uint64_t uenvp,
	       int flags);
/* The work of execve with the sentry's own copies of argv (which a script
 * replaces: *argvp may change) and envp.  Same results as do_execve. */
long kernel_execve(struct task *t, int dirfd, const char *path, int flags, char ***argvp,
		   size_t *argcp, char **envp, size_t envc);

struct file;
/* Open a program or interpreter for exec: a referenced file, or NULL with
 * *err (EACCES, ENOENT, ETXTBSY, ELOOP...); *abs (if not NULL) gets its
 * absolute path, malloc'ed. */
struct file *open_exec(struct task *t, int dirfd, const char *path, int flags, int *err,
		       char **abs);
struct elf_source;
/* The loader's callbacks to open and close an interpreter (PT_INTERP). */
int exec_interp_open(void *ctx, const char *path, struct elf_source *src);
void exec_interp_close(void *ctx, struct elf_source *src);
/* Free a NULL-terminated vector of strings. */
void strv_free(char **v);

#endif

/* Loading a program image into a fresh mm: ELF segments, the interpreter,
 * the initial stack (argv, envp, auxv), the heap start (fs/exec.c,
 * fs/binfmt_elf.c). */
#ifndef SBX_EXEC_H
#define SBX_EXEC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "elf.h"

struct mm;

/* Linux's limits on execve arguments (include/uapi/linux/binfmts.h). */
#define MAX_ARG_STRLEN (32 * 4096)
#define MAX_ARG_STRINGS 0x7fffffff

struct exec_params {
	const char *execfn;  /* the path as given to execve (AT_EXECFN) */
	char *const *argv;   /* sentry copies */
	size_t argc;
	char *const *envp;
	size_t envc;
	uid_t uid, euid;
	gid_t gid, egid;
	uint64_t stack_limit; /* RLIMIT_STACK, bytes */
	/* Opens PT_INTERP paths; NULL: dynamic programs are refused (ENOENT). */
	int (*open_interp)(void *ctx, const char *path, struct elf_source *src);
	void (*close_interp)(void *ctx, struct elf_source *src);
	void *interp_ctx;
};

struct exec_result {
	uint64_t entry; /* where the first instruction is (interpreter's when dynamic) */
	uint64_t sp;
};

/* Check that the arguments fit Linux's limits: 0 or -E2BIG. */
int exec_check_args(const struct exec_params *p);

/* Load @src into the empty @mm.  0 or -errno (then @mm is half-built and
 * must be dropped by the caller). */
int exec_load(struct mm *mm, const struct elf_source *src, struct elf_image *img,
	      const struct exec_params *p, struct exec_result *res);

#endif

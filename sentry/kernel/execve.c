/* execve (fs/exec.c): everything that can fail is done before the point of
 * no return, so a failed exec returns an errno to an intact caller; after
 * it, the process is de-threaded, gets the new address space, and its
 * close-on-exec fds and caught signals are reset. */
#define _GNU_SOURCE
#include "execve.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../util/log.h"
#include "../fs/fdtable.h"
#include "../fs/fs_struct.h"
#include "../fs/file.h"
#include "../fs/vfs.h"
#include "../loader/elf.h"
#include "../loader/exec.h"
#include "../mm/mm.h"
#include "cputime.h"
#include "fork.h"
#include "itimer.h"
#include "sched.h"
#include "sigframe.h"
#include "signal.h"
#include "task.h"

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

/* Copy a guest argv/envp array: *out is NULL-terminated, *count its
 * length.  -EFAULT, -E2BIG (too many or too long strings), -ENOMEM. */
static int copy_strings(struct task *t, uint64_t uv, char ***out, size_t *count)
{
	size_t n = 0, cap = 16;
	char **v = calloc(cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	*out = v;
	*count = 0;
	if (!uv)
		return 0; /* NULL argv or envp: empty */
	char *buf = malloc(MAX_ARG_STRLEN);
	if (!buf)
		return -ENOMEM;
	int r = 0;
	for (;;) {
		uint64_t p;
		if (copy_from_user(t->mm, &p, uv + n * sizeof(p), sizeof(p)) < 0) {
			r = -EFAULT;
			break;
		}
		if (!p)
			break;
		if (n >= MAX_ARG_STRINGS) {
			r = -E2BIG;
			break;
		}
		long len = strncpy_from_user(t->mm, buf, p, MAX_ARG_STRLEN);
		if (len < 0) {
			r = len == -ENAMETOOLONG ? -E2BIG : (int)len;
			break;
		}
		if (n + 1 >= cap) {
			char **nv = realloc(v, cap * 2 * sizeof(*v));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			memset(nv + cap, 0, cap * sizeof(*v));
			v = nv;
			cap *= 2;
			*out = v;
		}
		v[n] = strndup(buf, (size_t)len);
		if (!v[n]) {
			r = -ENOMEM;
			break;
		}
		n++;
		*count = n;
	}
	free(buf);
	return r;
}

/* Open a program or interpreter for exec (do_open_execat): a regular file
 * with execute permission, on a mount that allows exec, not open for
 * writing (ETXTBSY).  The file is referenced; *abs gets its path. */
struct file *open_exec(struct task *t, int dirfd, const char *path, int flags, int *err,
		       char **abs)
{
	unsigned lf = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	struct path p;
	int r = path_lookup(t, dirfd, path, lf, &p);
	if (r < 0) {
		*err = r;
		return NULL;
	}
	struct inode *ino = p.dentry->inode;
	if (S_ISLNK(ino->mode))
		r = -ELOOP;
	else if (!S_ISREG(ino->mode) || (p.mnt && (p.mnt->flags & MNT_NOEXEC)))
		r = -EACCES;
	else
		r = inode_permission(t, ino, MAY_EXEC);
	struct file *f = NULL;
	if (r == 0)
		f = vfs_open(t, &p, O_RDONLY | FMODE_EXEC, &r);
	/* deny_write_access on the inode the file really opened (an overlay
	 * opens its upper or lower one): the exec open counted -1, so a count
	 * still >= 0 means writers. */
	if (f && f->inode->writecount >= 0) {
		file_put(f);
		f = NULL;
		r = -ETXTBSY;
	}
	if (f && abs)
		*abs = path_string(t, &p);
	path_put(&p);
	if (!f)
		*err = r;
	return f;
}

int exec_interp_open(void *ctx, const char *path, struct elf_source *src)
{
	struct task *t = ctx;
	int err = 0;
	struct file *f = open_exec(t, AT_FDCWD, path, 0, &err, NULL);
	if (!f)
		return err;
	err = elf_source_from_file(src, f);
	if (err < 0)
		file_put(f);
	return err;
}

void exec_interp_close(void *ctx, struct elf_source *src)
{
	(void)ctx;
	file_put(src->ctx);
}

/* Kill the other threads of the process; if the caller is not the leader
 * it takes over the leader's pid and place (de_thread). */
static void de_thread(struct task *t)
{
	struct thread_group *tg = t->tg;
	struct task *th, *next;
	TAILQ_FOREACH_SAFE(th, &tg->threads, tg_link, next)
	{
		if (th != t && th->state != TASK_DEAD)
			do_exit(th, WSTATUS_SIGNALED(SIGKILL, false));
	}
	struct task *leader = tg->leader;
	if (leader == t)
		return;
	/* The leader is a dead thread now: take its pid and its place in its
	 * parent's list of children. */
	pid_unregister(t);
	pid_unregister(leader);
	t->tid = leader->tid;
	t->real_parent = leader->real_parent;
	t->exit_signal = SIGCHLD;
	if (t->real_parent)
		TAILQ_INSERT_AFTER(&t->real_parent->children, leader, t, sibling);
	if (t->real_parent)
		TAILQ_REMOVE(&t->real_parent->children, leader, sibling);
	struct task *c;
	while ((c = TAILQ_FIRST(&leader->children)) != NULL) {
		TAILQ_REMOVE(&leader->children, c, sibling);
		c->real_parent = t;
		TAILQ_INSERT_TAIL(&t->children, c, sibling);
	}
	tg->leader = t;
	TAILQ_REMOVE(&tg->threads, leader, tg_link);
	task_free(leader);
	tg_put(tg);
	pid_register(t);
}

#define BINPRM_BUF_SIZE 256
#define MAX_SCRIPT_DEPTH 4 /* BINPRM_MAX_RECURSION */

/* A "#!" script (fs/binfmt_script.c): the interpreter and its optional
 * argument from the first line; the new argv is the interpreter, the
 * argument, the script's name, then the old argv without its argv[0].
 * Returns 1 if @file is not a script, 0 with *interp / *arg set (malloc'ed,
 * *arg may be NULL), or -ENOEXEC. */
static int parse_script(struct file *file, char **interp, char **arg)
{
	char buf[BINPRM_BUF_SIZE + 1];
	struct elf_source src;
	if (elf_source_from_file(&src, file) < 0)
		return 1;
	uint64_t want = src.size < BINPRM_BUF_SIZE ? src.size : BINPRM_BUF_SIZE;
	ssize_t n = want ? src.pread(src.ctx, buf, want, 0) : 0;
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 1;
	buf[n] = '\0';
	char *end = memchr(buf, '\n', (size_t)n);
	if (!end) {
		/* No newline in the buffer: fine if the interpreter's name
		 * ends before it (the argument is then cut), else ENOEXEC. */
		end = buf + n;
		char *p = buf + 2;
		while (*p == ' ' || *p == '\t')
			p++;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (!*p)
			return -ENOEXEC;
	}
	*end = '\0';
	/* Trailing blanks go; then the interpreter, then one argument. */
	while (end > buf + 2 && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	char *p = buf + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return -ENOEXEC;
	char *name = p;
	while (*p && *p != ' ' && *p != '\t')
		p++;
	char *rest = NULL;
	if (*p) {
		*p++ = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p)
			rest = p;
	}
	*interp = strdup(name);
	*arg = rest ? strdup(rest) : NULL;
	if (!*interp || (rest && !*arg)) {
		free(*interp);
		free(*arg);
		return -ENOMEM;
	}
	return 0;
}

/* argv for a script: interp [arg] script argv[1...]. */
static int script_argv(char ***argvp, size_t *argcp, const char *interp, const char *arg,
		       const char *script)
{
	char **old = *argvp;
	size_t argc = *argcp;
	size_t n = 2 + (arg ? 1 : 0) + (argc > 1 ? argc - 1 : 0);
	char **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	v[k++] = strdup(interp);
	if (arg)
		v[k++] = strdup(arg);
	v[k++] = strdup(script);
	for (size_t i = 1; i < argc; i++) {
		v[k++] = old[i];
		old[i] = NULL;
	}
	for (size_t i = 0; i < k; i++)
		if (!v[i]) {
			strv_free(v);
			return -ENOMEM;
		}
	strv_free(old);
	*argvp = v;
	*argcp = k;
	return 0;
}

long kernel_execve(struct task *t, int dirfd, const char *path, int flags, char ***argvp,
		   size_t *argcp, char **envp, size_t envc)
{
	int r = 0;
	char *abs = NULL;
	struct file *file = open_exec(t, dirfd, path, flags, &r, &abs);
	if (!file)
		return r;
	struct elf_image img = {0};
	struct mm *mm = NULL;
	/* AT_EXECFN: the name given, or /dev/fd/N for an fd (execveat). */
	char execfn[PATH_MAX + 32];
	size_t plen = strlen(path);
	if (plen == 0 || (dirfd != AT_FDCWD && path[0] != '/'))
		snprintf(execfn, sizeof(execfn), plen ? "/dev/fd/%d/%s" : "/dev/fd/%d", dirfd, path);
	else
		snprintf(execfn, sizeof(execfn), "%s", path);
	/* Scripts name their interpreter, which may be a script in turn. */
	for (int depth = 0;; depth++) {
		char *interp = NULL, *arg = NULL;
		r = parse_script(file, &interp, &arg);
		if (r == 1)
			break;
		if (r == 0 && depth >= MAX_SCRIPT_DEPTH)
			r = -ELOOP;
		if (r == 0)
			r = script_argv(argvp, argcp, interp, arg, depth ? (*argvp)[0] : execfn);
		if (r == 0) {
			file_put(file);
			free(abs);
			abs = NULL;
			file = open_exec(t, AT_FDCWD, interp, 0, &r, &abs);
		}
		free(interp);
		free(arg);
		if (!file || r < 0) {
			if (file)
				file_put(file);
			free(abs);
			return r;
		}
	}
	struct elf_source src;
	r = elf_source_from_file(&src, file);
	if (r == 0)
		r = elf_parse(&src, &img);
	if (r < 0)
		goto fail;
	struct as *as = as_create();
	if (!as) {
		r = -ENOMEM;
		goto fail;
	}
	mm = mm_new(as);
	if (!mm) {
		as_destroy(as);
		r = -ENOMEM;
		goto fail;
	}
	struct exec_params p = {
		.execfn = execfn,
		.argv = *argvp,
		.argc = *argcp,
		.envp = envp,
		.envc = envc,
		.uid = t->cred.uid,
		.euid = t->cred.euid,
		.gid = t->cred.gid,
		.egid = t->cred.egid,
		.stack_limit = t->tg->rlim[RLIMIT_STACK].rlim_cur,
		.open_interp = exec_interp_open,
		.close_interp = exec_interp_close,
		.interp_ctx = t,
	};
	struct exec_result res;
	r = exec_load(mm, &src, &img, &p, &res);
	if (r < 0)
		goto fail;
	mm->exe_path = abs;
	abs = NULL;
	mm->exe_file = file;
	file_get(file);

	/* The point of no return. */
	de_thread(t);
	cputime_exec(t);
	mm_release(t); /* the old memory sees the exec as an exit */
	struct mm *old = t->mm;
	if (old && mm_hiwater_rss(old) > t->tg->maxrss)
		t->tg->maxrss = mm_hiwater_rss(old); /* exec_mmap */
	if (t->ctx) {
		if (old && old->users > 1)
			ctx_destroy(t->ctx);
		else
			ctx_abandon(t->ctx);
	}
	t->mm = mm;
	mm = NULL;
	if (old)
		mm_put(old);
	t->ctx = ctx_create(t->mm->as, t);
	if (!t->ctx) {
		sbx_msg("execve: no host thread for the new image: %s", strerror(errno));
		do_group_exit(t, WSTATUS_SIGNALED(SIGKILL, false));
		r = -SBX_NORESUME;
		goto out;
	}
	vfork_release(t);
	itimer_after_exec(t);
	rlimit_cpu_apply(t);
	if (t->files->refs > 1) {
		struct files_struct *nf = files_dup(t->files);
		if (nf) {
			files_put(t->files);
			t->files = nf;
		}
	}
	files_close_on_exec(t->files);
	if (t->sighand->refs > 1) {
		struct sighand *sh = sighand_copy(t->sighand, false);
		if (sh) {
			sighand_put(t->sighand);
			t->sighand = sh;
		}
	}
	sighand_reset_caught(t->sighand);
	t->sas_sp = t->sas_size = 0; /* setup_new_exec: the flags stay */
	t->clear_child_tid = 0;
	t->set_child_tid = 0;
	t->robust_list = 0;
	t->tg->did_exec = true;
	task_attrs_exec(t);
	/* comm: the name of the file run, as Linux takes bprm->filename. */
	const char *base = strrchr(execfn, '/');
	snprintf(t->comm, sizeof(t->comm), "%.15s", base ? base + 1 : execfn);

	ctx_get_regs(t->ctx, &t->regs);
	struct user_regs_struct *g = &t->regs.gp;
	unsigned long cs = g->cs, ss = g->ss, ds = g->ds, es = g->es;
	memset(g, 0, sizeof(*g));
	g->cs = cs;
	g->ss = ss;
	g->ds = ds;
	g->es = es;
	g->rip = res.entry;
	g->rsp = res.sp;
	g->eflags = 0x200;
	g->orig_rax = (uint64_t)-1;
	r = -SBX_REGS;
	goto out;
fail:
	if (mm)
		mm_put(mm);
out:
	elf_release(&img);
	free(abs);
	file_put(file);
	return r;
}

long do_execve(struct task *t, int dirfd, uint64_t upath, uint64_t uargv, uint64_t uenvp,
	       int flags)
{
	char path[PATH_MAX];
	long plen = strncpy_from_user(t->mm, path, upath, sizeof(path));
	if (plen < 0)
		return plen;
	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	if (plen == 0 && !(flags & AT_EMPTY_PATH))
		return -ENOENT;
	/* Linux opens the file before it looks at the arguments: its errors
	 * come first. */
	int r = 0;
	struct file *probe = open_exec(t, dirfd, path, flags, &r, NULL);
	if (!probe)
		return r;
	file_put(probe);
	char **argv = NULL, **envp = NULL;
	size_t argc = 0, envc = 0;
	r = copy_strings(t, uargv, &argv, &argc);
	if (r == 0)
		r = copy_strings(t, uenvp, &envp, &envc);
	if (r == 0 && argc == 0) {
		/* Linux gives the program an empty argv[0] (since 5.18). */
		argv[0] = strdup("");
		argc = 1;
		if (!argv[0])
			r = -ENOMEM;
	}
	long ret = r < 0 ? r : kernel_execve(t, dirfd, path, flags, &argv, &argc, envp, envc);
	strv_free(argv);
	strv_free(envp);
	return ret;
}

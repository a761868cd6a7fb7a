/* Booting a sandbox: the memory file, the platform, the virtual init, and
 * the first program (pid 2, or pid 1 with --as-pid-1). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../platform/platform.h"
#include "../util/log.h"
#include "fs/fdtable.h"
#include "fs/fs_struct.h"
#include "fs/file.h"
#include "fs/hostfd.h"
#include "fs/vfs.h"
#include "fuzz/afl_shm.h"
#include "fuzz/forksrv.h"
#include "fuzz/fuzz.h"
#include "kernel/cred.h"
#include "kernel/execve.h"
#include "kernel/fork.h"
#include "confine/confine.h"
#include "confine/host.h"
#include "kernel/hostsig.h"
#include "kernel/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "loader/elf.h"
#include "loader/exec.h"
#include "mm/mm.h"
#include "net/socket.h"
#include "sentry.h"
#include "trace/trace.h"

/* Virtual size of the memory file: guest memory in use is far smaller;
 * untouched parts cost nothing. */
#define MEMFILE_SIZE (1UL << 40)

static long read_long_file(const char *path, long dflt)
{
	FILE *f = fopen(path, "re");
	long v = dflt;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

static void read_host_params(void)
{
	mm_mmap_min_addr = (uint64_t)read_long_file("/proc/sys/vm/mmap_min_addr", 65536);
	if (mm_mmap_min_addr < PAGE_SIZE)
		mm_mmap_min_addr = PAGE_SIZE;
	pid_max = (pid_t)read_long_file("/proc/sys/kernel/pid_max", 32768);
	FILE *f = fopen("/proc/sys/kernel/core_pattern", "re");
	if (f) {
		core_pattern_is_pipe = fgetc(f) == '|';
		fclose(f);
	}
}

static struct task *make_init(void)
{
	struct task *t = task_alloc();
	struct thread_group *tg = tg_alloc();
	if (!t || !tg)
		return NULL;
	t->tid = 1;
	t->tg = tg;
	t->state = TASK_BLOCKED; /* never runs */
	t->sighand = sighand_new();
	if (!t->sighand)
		return NULL;
	tg->tgid = 1;
	tg->leader = t;
	tg->live = 1;
	tg->pgid = tg->sid = 1;
	/* Its limits are the world outside's, sbx's own, as the program's
	 * are: PAM (pam_limits) starts a session from init's. */
	for (int r = 0; r < RLIM_NLIMITS; r++)
		getrlimit(r, &tg->rlim[r]);
	TAILQ_INSERT_TAIL(&tg->threads, t, tg_link);
	strcpy(t->comm, "init");
	pid_register(t);
	return t;
}

/* The program's process group and session mirror sbx's own on the host,
 * with the virtual init standing for the world outside: a job of a shell
 * (sbx leads its process group) leads its own group in init's session, so
 * its group is not orphaned and a terminal's Ctrl-Z stops it, as it would
 * stop it natively; sbx leading its session makes the program lead one; sbx
 * inside another's group puts the program in init's group. */
static void set_root_session(struct thread_group *tg, bool as_pid_1)
{
	pid_t self = getpid();
	if (as_pid_1 || getsid(0) == self) {
		tg->pgid = tg->sid = tg->tgid;
	} else if (getpgrp() == self) {
		tg->pgid = tg->tgid;
		tg->sid = 1;
	} else {
		tg->pgid = tg->sid = 1;
	}
}

static struct task *make_root(const struct sentry_options *opt)
{
	struct task *t = task_alloc();
	struct thread_group *tg = tg_alloc();
	if (!t || !tg)
		return NULL;
	pid_t pid = opt->as_pid_1 ? 1 : pid_alloc();
	t->tid = pid;
	t->tg = tg;
	tg->tgid = pid;
	tg->leader = t;
	tg->live = 1;
	set_root_session(tg, opt->as_pid_1);
	TAILQ_INSERT_TAIL(&tg->threads, t, tg_link);
	for (int r = 0; r < RLIM_NLIMITS; r++)
		getrlimit(r, &tg->rlim[r]);
	cred_init_root(&t->cred, opt->set_uid ? opt->uid : getuid(),
		       opt->set_gid ? opt->gid : getgid());
	t->exit_signal = SIGCHLD;
	t->sighand = sighand_new();
	if (!t->sighand)
		return NULL;
	/* Dispositions: what sbx itself inherited as ignored stays ignored,
	 * as across execve. */
	for (int sig = 1; sig <= SBX_NSIG; sig++) {
		struct sigaction sa;
		if (sig != SIGKILL && sig != SIGSTOP && sig < SIGRTMIN - 2 &&
		    sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			t->sighand->action[sig - 1].handler = (uint64_t)SIG_IGN;
	}
	if (init_task) {
		t->real_parent = init_task;
		TAILQ_INSERT_TAIL(&init_task->children, t, sibling);
	}
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "/");
	mode_t um = umask(022);
	umask(um);
	struct path root, pwd;
	vfs_root_path(&root);
	if (opt->chdir) {
		int r = vfs_lookup_setup(opt->chdir, &pwd);
		if (r == 0 && !S_ISDIR(pwd.dentry->inode->mode)) {
			path_put(&pwd);
			r = -ENOTDIR;
		}
		if (r < 0) {
			sbx_msg("--chdir %s: %s", opt->chdir, strerror(-r));
			path_put(&root);
			return NULL;
		}
	} else if (vfs_lookup_setup(cwd, &pwd) < 0) {
		/* sbx's directory is not in the sandbox's view (--root). */
		pwd = root;
		path_get(&pwd);
	}
	t->fs = fs_new(&root, &pwd, um);
	path_put(&pwd);
	path_put(&root);
	t->files = files_new();
	if (!t->fs || !t->files)
		return NULL;
	for (int fd = 0; fd < 3; fd++) {
		struct file *f = hostfd_import(fd);
		if (f)
			fd_install_at(t->files, fd, f, false);
	}
	pid_register(t);
	return t;
}

static size_t count(char **v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

/* The value of @name in @envp, or NULL. */
static const char *env_get(char **envp, const char *name)
{
	size_t n = strlen(name);
	for (; envp && *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

/* Look a program name up on the guest's $PATH in the sandbox's view, as
 * the command line does on the host's when the view is the host's own: the
 * first executable regular file, else the first regular file (then
 * reported as not executable).  A malloc'ed path, or NULL. */
static char *search_path(struct task *t, const char *name, char **envp)
{
	const char *path = env_get(envp, "PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	char *copy = strdup(path), *save = NULL, *found = NULL, *fallback = NULL;
	if (!copy)
		return NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *cand;
		if (asprintf(&cand, "%s/%s", *dir ? dir : ".", name) < 0)
			break;
		struct path p;
		if (path_lookup(t, AT_FDCWD, cand, LOOKUP_FOLLOW, &p) == 0) {
			bool reg = S_ISREG(p.dentry->inode->mode);
			bool exec = reg && inode_permission(t, p.dentry->inode, MAY_EXEC) == 0;
			path_put(&p);
			if (exec) {
				found = cand;
				break;
			}
			if (reg && !fallback) {
				fallback = cand;
				continue;
			}
		}
		free(cand);
	}
	free(copy);
	if (found) {
		free(fallback);
		return found;
	}
	return fallback;
}

/* Start the program in @t as an execve would; returns 0, or the sbx exit
 * status (126/127) after printing why. */
static int load_program(struct task *t, const struct sentry_options *opt)
{
	size_t argc = count(opt->argv);
	char **argv = calloc(argc + 1, sizeof(*argv));
	if (!argv)
		sbx_fatal(126, "out of memory");
	for (size_t i = 0; i < argc; i++)
		if (!(argv[i] = strdup(opt->argv[i])))
			sbx_fatal(126, "out of memory");
	char *found = NULL;
	if (opt->search_path) {
		found = search_path(t, opt->program, opt->envp);
		if (!found) {
			strv_free(argv);
			sbx_msg("%s: No such file or directory", opt->name);
			return 127;
		}
	}
	long r = kernel_execve(t, AT_FDCWD, found ? found : opt->program, 0, &argv, &argc,
			       opt->envp, count(opt->envp));
	free(found);
	strv_free(argv);
	if (r == -SBX_REGS)
		return 0;
	sbx_msg("%s: %s", opt->name, strerror((int)-r));
	return r == -ENOENT || r == -ENOTDIR ? 127 : 126;
}

int sentry_run(const struct sentry_options *opt)
{
	sbx_debug_enabled = opt->debug;
	net_mode = opt->net_host ? NET_HOST : NET_NONE;
	int hr = host_paths_init();
	if (hr < 0)
		sbx_fatal(126, "cannot open /proc: %s", strerror(-hr));
	const char *outputs[] = {opt->fuzz.report, opt->fuzz.crash_report};
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
		if (outputs[i] && (hr = host_output_prepare(outputs[i])) < 0)
			sbx_fatal(126, "%s: %s", outputs[i], strerror(-hr));
	}
	if (trace_setup(&opt->trace, opt->program) < 0)
		return 2;
	max_tasks = opt->max_tasks > 0 ? opt->max_tasks : 4096;
	read_host_params();
	sched_getaffinity(0, sizeof(sbx_host_cpus), (cpu_set_t *)sbx_host_cpus);
	int r = memfile_init(MEMFILE_SIZE);
	if (r < 0)
		sbx_fatal(126, "cannot create the memory file: %s", strerror(-r));
	/* The coverage map's file goes to every stub: open it first. */
	if (opt->fuzz.fork_server)
		afl_shm_init(opt->set_host_ids && opt->host_uid != getuid());
	struct platform_config pc = {
		.kind = opt->platform && strcmp(opt->platform, "ptrace") == 0 ? PLATFORM_PTRACE
									       : PLATFORM_SYSTRAP,
		.memfile_fd = memfile_fd(),
		.set_ids = opt->set_host_ids,
		.uid = opt->host_uid,
		.gid = opt->host_gid,
		.mapfile_fd = afl_shm_file(),
		.patch_syscalls = !opt->no_syscall_patch,
		.debug = opt->debug,
	};
	if (pc.set_ids)
		sbx_dbg("stubs run as uid %u, gid %u", opt->host_uid, opt->host_gid);
	r = platform_init(&pc);
	if (r < 0)
		sbx_fatal(126, "cannot start the %s platform: %s", platform_name(), strerror(-r));
	r = sched_init();
	if (r < 0)
		sbx_fatal(126, "cannot start the event loop: %s", strerror(-r));
	if (fuzz_init(&opt->fuzz) < 0) {
		platform_shutdown();
		return 126;
	}
	r = hostsig_init(opt->kill_after_ms);
	if (r < 0)
		sbx_fatal(126, "cannot take the host's signals: %s", strerror(-r));
	r = vfs_init_default(opt->root_dir ? opt->root_dir : "/");
	if (r < 0 && opt->root_dir)
		sbx_fatal(126, "--root %s: %s", opt->root_dir, strerror(-r));
	if (r < 0)
		sbx_fatal(126, "cannot set up the file tree: %s", strerror(-r));
	if (vfs_apply_mounts(opt->mounts, opt->nmounts) < 0) {
		platform_shutdown();
		return 126; /* vfs_apply_mounts said why */
	}
	if (!opt->as_pid_1) {
		init_task = make_init();
		if (!init_task)
			sbx_fatal(126, "out of memory");
	}
	struct task *t = make_root(opt);
	if (!t && opt->chdir) {
		platform_shutdown();
		return 126; /* make_root said why */
	}
	if (!t)
		sbx_fatal(126, "out of memory");
	root_tg = t->tg;
	fuzz_root_created(root_tg);
	int status = load_program(t, opt);
	if (status != 0) {
		platform_shutdown();
		return fuzz_end(-1, status);
	}
	if (!opt->unconfined) {
		struct confine_opts co = {.net_host = opt->net_host, .debug = opt->debug};
		r = confine_sentry(&co);
		if (r < 0)
			sbx_fatal(126, "cannot confine the sentry: %s", strerror(-r));
	}
	if (opt->fuzz.fork_server) {
		status = forksrv_run(t, opt->fuzz.snapshot_at);
		platform_shutdown();
		return fuzz_end(-1, status);
	}
	task_wake(t);
	sched_loop();
	trace_finish();
	int ws = root_tg->exit_status;
	platform_shutdown();
	if (WIFSIGNALED(ws)) {
		int sig = WTERMSIG(ws);
		if (fuzz_report_death(sig))
			sbx_msg("%s: terminated by signal %d (%s)%s", opt->name, sig, strsignal(sig),
				WCOREDUMP(ws) ? " (core dumped)" : "");
		return fuzz_end(ws, 128 + sig);
	}
	return fuzz_end(ws, WEXITSTATUS(ws));
}

/* The tracer: strace's output for the syscalls the sentry runs.
 *
 * Lines are written as strace writes them: a syscall's entry part
 * (`read(3, `) goes out when it starts, the rest when it finishes; when
 * another task's line comes in between, the first is cut with
 * ` <unfinished ...>` and finished later as `<... read resumed>...`.
 * Output is gathered in trace_out and written with write(2) at the end of
 * each hook, so a syscall that does not block costs one write. */
#define _GNU_SOURCE
#include "trace_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../abi/syscalls.h"
#include "../../util/log.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"

#define RESULT_COLUMN 40 /* strace's -a default */

bool trace_enabled;
struct trace_config trace_cfg;
unsigned trace_events;
struct sbuf trace_out;

static int out_fd = 2;
static bool to_file;
static const char *program;
static bool started;	      /* the first execve line is out */
static struct ttask *tasks;   /* by tid */
static int ntasks;	      /* tasks alive (strace's nprocs) */
static struct ttask *open_tt; /* whose line is open */
static size_t col;	      /* the column on the current output line */
static pid_t last_enter;      /* the task that entered a syscall last */

uint64_t trace_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int mem_read(void *ctx, void *dst, uint64_t addr, size_t n)
{
	struct task *t = ctx;
	if (!t || !t->mm)
		return -1;
	return copy_from_user(t->mm, dst, addr, n) == 0 ? 0 : -1;
}

/* --- output ------------------------------------------------------------ */

static void put(const char *s, size_t n)
{
	sb_put(&trace_out, s, n);
	for (size_t i = 0; i < n; i++)
		col = s[i] == '\n' ? 0 : col + 1;
}

static void puts_(const char *s)
{
	put(s, strlen(s));
}

void trace_put(const char *s)
{
	puts_(s);
}

static void putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void putf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void trace_flush(void)
{
	size_t off = 0;
	while (off < trace_out.len) {
		ssize_t n = write(out_fd, trace_out.buf + off, trace_out.len - off);
		if (n > 0) {
			off += (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd p = {.fd = out_fd, .events = POLLOUT};
			if (poll(&p, 1, 1000) <= 0)
				break; /* a stuck reader: drop the rest */
		} else {
			break;
		}
	}
	sb_reset(&trace_out);
}

/* Cut the open line: ` <unfinished ...>`. */
static void cut_open(void)
{
	if (!open_tt)
		return;
	puts_(" <unfinished ...>\n");
	open_tt->cut = true;
	open_tt = NULL;
}

void trace_begin_line(struct ttask *tt)
{
	cut_open();
	if (col)
		puts_("\n");
	if (to_file)
		putf("%-5d ", tt->tid);
	else if (ntasks > 1)
		putf("[pid %5d] ", tt->tid);
}

/* --- tasks ------------------------------------------------------------------ */

struct ttask *trace_task_find(pid_t tid)
{
	struct ttask *tt;
	HASH_FIND_INT(tasks, &tid, tt);
	return tt;
}

static struct ttask *task_new(pid_t tid, pid_t tgid, bool shown)
{
	struct ttask *tt = calloc(1, sizeof(*tt));
	if (!tt)
		sbx_fatal(126, "out of memory");
	tt->tid = tid;
	tt->tgid = tgid;
	tt->shown = shown;
	HASH_ADD_INT(tasks, tid, tt);
	if (shown)
		ntasks++;
	return tt;
}

static void task_drop(struct ttask *tt)
{
	if (open_tt == tt)
		open_tt = NULL;
	HASH_DEL(tasks, tt);
	if (tt->shown)
		ntasks--;
	sb_free(&tt->args);
	sb_free(&tt->after);
	free(tt);
}

struct ttask *trace_task(struct task *t)
{
	struct ttask *tt = trace_task_find(t->tid);
	if (!tt)
		tt = task_new(t->tid, t->tg->tgid, trace_pid_selected(t->tid, t->tg->tgid));
	tt->tgid = t->tg->tgid;
	return tt;
}

static const char *sc_name(long nr, char buf[32])
{
	const char *s = syscall_name(nr);
	if (s)
		return s;
	snprintf(buf, 32, "syscall_%#lx", (unsigned long)nr);
	return buf;
}

/* --- results -------------------------------------------------------------- */

static bool is_error(long rval)
{
	return (unsigned long)rval > -4096UL;
}

/* What follows `= `: `3`, `-1 ENOENT (No such file or directory)`, `?`. */
static void result_text(struct sbuf *sb, const struct ttask *tt, long rval, bool unknown)
{
	if (unknown || tt->d.rv == RV_NONE) {
		sb_putc(sb, '?');
		return;
	}
	if (is_error(rval)) {
		long err = -rval;
		char buf[64];
		const char *name = errno_name(err);
		if (errno_is_restart(err))
			sb_printf(sb, "? %s (%s)", name, errno_msg(err, buf));
		else if (name)
			sb_printf(sb, "-1 %s (%s)", name, errno_msg(err, buf));
		else
			sb_printf(sb, "-1 ERRNO_%ld (%s)", err, errno_msg(err, buf));
		return;
	}
	switch (tt->d.rv) {
	case RV_HEX:
		sb_printf(sb, "%#lx", (unsigned long)rval);
		break;
	case RV_OCT:
		sb_printf(sb, "%#lo", (unsigned long)rval);
		break;
	case RV_UDEC:
		sb_printf(sb, "%lu", (unsigned long)rval);
		break;
	default:
		sb_printf(sb, "%ld", rval);
	}
	if (tt->d.rstr[0])
		sb_printf(sb, " (%s)", tt->d.rstr);
}

static void json_syscall(struct ttask *tt, long rval, bool unknown)
{
	char nb[32];
	const char *name = sc_name(tt->nr, nb);
	struct sbuf *o = &trace_out;
	struct sbuf res = SBUF_INIT;
	result_text(&res, tt, rval, unknown);
	json_begin(o, "syscall", tt);
	json_int(o, "nr", tt->nr);
	json_str(o, "name", name);
	sb_puts(o, ",\"args\":[");
	int n = tt->d.argc < DEC_MAX_ARGS ? tt->d.argc : DEC_MAX_ARGS;
	for (int i = 0; i < n; i++) {
		size_t start = tt->d.argoff[i],
		       end = i + 1 < n ? tt->d.argoff[i + 1] : tt->args.len;
		/* Each boundary sits after a ", " separator. */
		if (i + 1 < n && end >= start + 2)
			end -= 2;
		if (i)
			sb_putc(o, ',');
		json_quote(o, tt->args.buf + start, end - start);
	}
	sb_putc(o, ']');
	sb_puts(o, ",\"raw\":[");
	const struct sc_info *info = sc_info(tt->nr);
	int nargs = info->nargs ? info->nargs : 6;
	for (int i = 0; i < nargs; i++)
		sb_printf(o, "%s\"%#lx\"", i ? "," : "", (unsigned long)tt->d.a[i]);
	sb_putc(o, ']');
	if (unknown)
		sb_puts(o, ",\"ret\":null");
	else
		json_int(o, "ret", rval);
	json_str(o, "error", !unknown && is_error(rval) ? errno_name(-rval) : NULL);
	json_str(o, "result", sb_str(&res));
	json_bool(o, "blocked", tt->blocked);
	json_int(o, "sentry_ns", (long long)tt->sentry_ns);
	struct sbuf line = SBUF_INIT;
	sb_printf(&line, "%s(%s) = %s", name, sb_str(&tt->args), sb_str(&res));
	sb_puts(o, ",\"line\":");
	json_quote(o, line.buf, line.len);
	json_end(o);
	sb_free(&line);
	sb_free(&res);
}

/* Print the end of @tt's syscall line: the arguments not yet out, then
 * `) = RESULT`.  @killed: it never returned and its line is open (` <un
 * finished ...>) = ?`). */
static void finish_line(struct ttask *tt, long rval, bool unknown, bool killed)
{
	if (trace_cfg.json) {
		json_syscall(tt, rval, unknown);
		return;
	}
	char nb[32];
	const char *rest = sb_str(&tt->args) + tt->written;
	if (open_tt == tt) {
		if (killed)
			puts_(" <unfinished ...>");
		else
			puts_(rest);
	} else {
		trace_begin_line(tt);
		putf("<... %s resumed>", sc_name(tt->nr, nb));
		if (!unknown)
			puts_(rest);
	}
	open_tt = NULL;
	puts_(") ");
	while (col < RESULT_COLUMN)
		puts_(" ");
	struct sbuf res = SBUF_INIT;
	result_text(&res, tt, rval, unknown);
	puts_("= ");
	puts_(sb_str(&res));
	puts_("\n");
	sb_free(&res);
}

static void print_after(struct ttask *tt)
{
	if (!tt->after.len)
		return;
	if (trace_cfg.json) {
		/* Lines "EVENT\t,fields...}\n": numbered now, in output order. */
		const char *s = tt->after.buf, *end = s + tt->after.len;
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			const char *tab = memchr(s, '\t', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
			if (tab && tab < s + n) {
				char ev[32];
				snprintf(ev, sizeof(ev), "%.*s", (int)(tab - s), s);
				json_begin(&trace_out, ev, tt);
				sb_put(&trace_out, tab + 1, (size_t)(s + n - tab - 1));
			}
			s += n;
		}
	} else {
		/* Lines of the form "=== ... ===\n"; each gets the prefix. */
		const char *s = tt->after.buf, *end = s + tt->after.len;
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
			trace_begin_line(tt);
			put(s, n);
			s += n;
		}
	}
	sb_reset(&tt->after);
}

/* --- the first execve ----------------------------------------------------- */

/* sbx loads the program itself; show it as the execve strace shows first,
 * with the argv and envp the program got. */
void trace_first_exec(struct task *t, struct ttask *tt)
{
	if (started || !t->mm || t->tg != root_tg)
		return;
	started = true;
	if (!tt->shown)
		return;
	if (trace_filter_nr(__NR_execve))
		trace_count(__NR_execve, 0, 0);
	if (trace_cfg.lines && trace_filter_nr(__NR_execve)) {
		struct dec_mem mem = {mem_read, t};
		struct dec *d = &tt->d;
		memset(d, 0, sizeof(*d));
		sb_reset(&tt->args);
		d->nr = tt->nr = __NR_execve;
		d->mem = &mem;
		d->sb = &tt->args;
		d->strsize = (unsigned)trace_cfg.strsize;
		uint64_t argc = 0, sp = t->mm->start_stack;
		copy_from_user(t->mm, &argc, sp, sizeof(argc));
		dec_arg(d);
		const char *p = program ? program : "";
		unsigned char *q = (unsigned char *)strdup(p);
		if (q) {
			fmt_quote(d->sb, q, strlen(p), QUOTE_0_TERMINATED);
			free(q);
		}
		dec_arg(d);
		f_argv(d, sp + 8);
		dec_arg(d);
		f_envc(d, sp + 8 * (argc + 2));
		d->mem = NULL;
		tt->blocked = false;
		tt->sentry_ns = 0;
		if (!trace_cfg.json) {
			trace_begin_line(tt);
			puts_("execve(");
			tt->written = 0;
			open_tt = tt;
		}
		finish_line(tt, 0, false, false);
	}
	if (trace_events & TEV_EXEC)
		trace_ev_exec(t, tt, program);
}

/* --- hooks ---------------------------------------------------------------- */

void trace_syscall_enter(struct task *t)
{
	struct ttask *tt = trace_task(t);
	trace_first_exec(t, tt);
	if (trace_events & TEV_COW)
		trace_ev_cow_check(t, tt);
	trace_ignored_signal_line(tt);
	long nr = t->sc.nr;
	const struct sc_info *info = sc_info(nr);
	tt->in_sc = true;
	tt->nr = nr;
	tt->blocked = tt->cut = false;
	tt->more = false;
	tt->written = 0;
	tt->t0 = trace_now();
	tt->sentry_ns = 0;
	tt->sp = t->regs.gp.rsp;
	tt->doomed = t->tg->exiting;
	tt->hidden = !tt->shown || !trace_filter_nr(nr);
	last_enter = t->tid;
	sb_reset(&tt->args);
	struct dec *d = &tt->d;
	memset(d, 0, sizeof(*d));
	d->nr = nr;
	memcpy(d->a, t->sc.args, sizeof(d->a));
	d->strsize = (unsigned)trace_cfg.strsize;
	d->sb = &tt->args;
	d->rv = info->rv;
	d->sp = t->regs.gp.rsp;
	d->restart_name = tt->restart_name;
	if (tt->hidden || !trace_cfg.lines) {
		trace_flush();
		return;
	}
	struct dec_mem mem = {mem_read, t};
	d->mem = &mem;
	if (info->dec) {
		int r = info->dec(d);
		tt->more = r != DEC_DONE;
		dec_end_entry(d, r);
	} else
		dec_raw_args(d, info->nargs ? info->nargs : 6);
	d->mem = NULL;
	if (!trace_cfg.json) {
		char nb[32];
		trace_begin_line(tt);
		puts_(sc_name(nr, nb));
		puts_("(");
		put(tt->args.buf ? tt->args.buf : "", tt->args.len);
		tt->written = tt->args.len;
		open_tt = tt;
	}
	/* Nothing is written yet: the exit or the block hook comes next. */
}

void trace_syscall_block(struct task *t)
{
	struct ttask *tt = trace_task_find(t->tid);
	if (!tt || !tt->in_sc)
		return;
	if (!tt->blocked)
		tt->sentry_ns += trace_now() - tt->t0;
	tt->blocked = true;
	if (trace_cfg.lines && tt->shown)
		print_after(tt);
	trace_flush();
}

/* A syscall that never returns: exit(2), or execve past its point of no
 * return that failed.  @t may be gone: the task is the one that entered
 * last (neither blocks). */
static void syscall_noreturn(void)
{
	struct ttask *tt = trace_task_find(last_enter);
	if (!tt || !tt->in_sc) {
		trace_flush();
		return;
	}
	if (!tt->hidden)
		trace_count(tt->nr, 0, trace_now() - tt->t0);
	if (trace_cfg.lines && !tt->hidden)
		finish_line(tt, 0, true, false);
	tt->in_sc = false;
	if (tt->nr == __NR_exit) {
		if (tt->tid == tt->tgid) {
			tt->zombie = true; /* reported with its process */
		} else {
			int code = (int)(tt->d.a[0] & 0xff);
			if (trace_cfg.lines && tt->shown) {
				if (trace_cfg.json) {
					json_begin(&trace_out, "exit", tt);
					json_int(&trace_out, "status", code);
					json_str(&trace_out, "signal", NULL);
					json_bool(&trace_out, "core", false);
					json_end(&trace_out);
				} else {
					trace_begin_line(tt);
					putf("+++ exited with %d +++\n", code);
				}
			}
			if (tt->vfork_parent)
				trace_ev_vfork_release(tt, "exited");
			task_drop(tt);
		}
	}
	trace_flush();
}

static struct ttask *find_by_task(struct task *t)
{
	struct ttask *tt = trace_task_find(t->tid), *it, *tmp;
	if (tt && tt->in_sc)
		return tt;
	/* A thread that exec'd took its leader's tid. */
	HASH_ITER(hh, tasks, it, tmp)
	{
		if (it->in_sc && it->tgid == t->tg->tgid &&
		    (it->nr == __NR_execve || it->nr == __NR_execveat))
			return it;
	}
	return tt;
}

void trace_syscall_exit(struct task *t, long ret)
{
	if (!t) {
		syscall_noreturn();
		return;
	}
	struct ttask *tt = find_by_task(t);
	if (!tt || !tt->in_sc) {
		trace_flush();
		return;
	}
	if (t->tg->exiting && ret == -EINTR && (tt->blocked || tt->doomed)) {
		/* Woken (or started) only to die: it never returns to the
		 * guest; the exit hook shows it as strace does (`= ?`). */
		trace_flush();
		return;
	}
	long rval = ret == -SBX_REGS ? (long)t->regs.gp.rax : ret;
	if (!tt->blocked)
		tt->sentry_ns += trace_now() - tt->t0;
	if (!tt->hidden)
		trace_count(tt->nr, rval, tt->sentry_ns);
	tt->restart_name = NULL;
	if (rval == -ERESTART_RESTARTBLOCK)
		tt->restart_name = syscall_name(tt->nr);
	bool exec_ok = (tt->nr == __NR_execve || tt->nr == __NR_execveat) && rval == 0;
	if (exec_ok && tt->tid != t->tid) {
		/* A thread's execve: it is the leader now (de_thread). */
		struct ttask *old = trace_task_find(t->tid);
		if (old && old != tt) {
			if (trace_cfg.lines && old->shown && !trace_cfg.json) {
				trace_begin_line(old);
				putf("+++ superseded by execve in pid %d +++\n", tt->tid);
			}
			task_drop(old);
		}
		HASH_DEL(tasks, tt);
		tt->tid = t->tid;
		HASH_ADD_INT(tasks, tid, tt);
	}
	if (trace_cfg.lines && !tt->hidden) {
		if (tt->more) {
			struct dec_mem mem = {mem_read, t};
			tt->d.mem = &mem;
			tt->d.exiting = true;
			tt->d.rval = rval;
			tt->d.sb = &tt->args;
			sc_info(tt->nr)->dec(&tt->d);
			tt->d.mem = NULL;
		}
		finish_line(tt, rval, false, false);
	}
	tt->in_sc = false;
	if (trace_cfg.lines && tt->shown)
		print_after(tt);
	trace_ignored_signal_line(tt);
	if (exec_ok) {
		struct ttask *it, *tmp;
		/* de_thread took the other threads away. */
		HASH_ITER(hh, tasks, it, tmp)
		{
			if (it != tt && it->tgid == tt->tgid)
				task_drop(it);
		}
		if (tt->vfork_parent)
			trace_ev_vfork_release(tt, "called execve");
		if (trace_events & TEV_EXEC)
			trace_ev_exec(t, tt, NULL);
	}
	if (!is_error(rval) && (trace_events & TEV_MM) && tt->shown &&
	    (tt->nr == __NR_mmap || tt->nr == __NR_mremap))
		trace_ev_mmap(t, tt, (uint64_t)rval, tt->nr == __NR_mmap ? tt->d.a[1] : tt->d.a[2]);
	if (tt->nr == __NR_rt_sigreturn && (trace_events & TEV_SIGNAL) && tt->shown)
		trace_ev_sigreturn(t, tt);
	if (trace_events & TEV_COW)
		trace_ev_cow_check(t, tt);
	trace_flush();
}

static int cmp_tid(const void *a, const void *b)
{
	const struct ttask *x = *(struct ttask *const *)a, *y = *(struct ttask *const *)b;
	bool xl = x->tid == x->tgid, yl = y->tid == y->tgid;
	if (xl != yl)
		return xl ? 1 : -1; /* the leader last */
	return (x->tid > y->tid) - (x->tid < y->tid);
}

static void exit_line(struct ttask *tt, int status)
{
	if (trace_cfg.json) {
		json_begin(&trace_out, "exit", tt);
		if (WIFSIGNALED(status)) {
			char buf[16];
			sb_puts(&trace_out, ",\"status\":null");
			json_str(&trace_out, "signal", signame(WTERMSIG(status), buf));
			json_bool(&trace_out, "core", WCOREDUMP(status));
		} else {
			json_int(&trace_out, "status", WEXITSTATUS(status));
			json_str(&trace_out, "signal", NULL);
			json_bool(&trace_out, "core", false);
		}
		json_end(&trace_out);
		return;
	}
	trace_begin_line(tt);
	if (WIFSIGNALED(status)) {
		char buf[16];
		const char *s = signame(WTERMSIG(status), buf);
		if (s)
			putf("+++ killed by %s%s +++\n", s,
			     WCOREDUMP(status) ? " (core dumped)" : "");
		else
			putf("+++ killed by %d%s +++\n", WTERMSIG(status),
			     WCOREDUMP(status) ? " (core dumped)" : "");
	} else {
		putf("+++ exited with %d +++\n", WEXITSTATUS(status));
	}
}

void trace_exit(struct task *t, int status)
{
	pid_t tgid = t->tg->tgid;
	struct ttask *it, *tmp, **list = NULL;
	size_t n = 0;
	HASH_ITER(hh, tasks, it, tmp)
	{
		if (it->tgid != tgid)
			continue;
		struct ttask **nl = realloc(list, (n + 1) * sizeof(*nl));
		if (!nl)
			break;
		list = nl;
		list[n++] = it;
	}
	qsort(list, n, sizeof(*list), cmp_tid);
	/* Syscalls that will never return: the exit_group itself first (its
	 * line is the open one), then the waits of the other threads. */
	for (size_t k = 0; k < 2 * n; k++) {
		struct ttask *tt = list[k % n];
		bool exiting = tt->nr == __NR_exit_group || tt->nr == __NR_exit;
		if (!tt->in_sc || exiting != (k < n))
			continue;
		if (!tt->hidden)
			trace_count(tt->nr, 0, tt->blocked ? tt->sentry_ns : trace_now() - tt->t0);
		if (trace_cfg.lines && !tt->hidden)
			finish_line(tt, 0, true, !exiting);
		tt->in_sc = false;
	}
	for (size_t i = 0; i < n; i++) {
		struct ttask *tt = list[i];
		if (trace_cfg.lines && tt->shown)
			exit_line(tt, status);
		if (tt->vfork_parent)
			trace_ev_vfork_release(tt, "exited");
	}
	for (size_t i = 0; i < n; i++) {
		trace_ev_mm_forget(list[i]->mm);
		task_drop(list[i]);
	}
	free(list);
	trace_note_ignored_sigchld(t, status);
	trace_flush();
}

void trace_clone(struct task *parent, struct task *child, unsigned long flags)
{
	struct ttask *ptt = trace_task(parent);
	if (trace_task_find(child->tid))
		task_drop(trace_task_find(child->tid));
	bool shown = ptt->shown || trace_pid_selected(child->tid, child->tg->tgid);
	if (ptt->shown)
		trace_pid_follow(child->tid);
	struct ttask *ctt = task_new(child->tid, child->tg->tgid, shown);
	ctt->mm = child->mm;
	if (flags & CLONE_VFORK)
		ctt->vfork_parent = parent->tid;
	trace_ev_clone(parent, child, ptt, ctt, flags);
}

/* --- setup ---------------------------------------------------------------- */

int trace_setup(const struct trace_config *c, const char *prog)
{
	trace_cfg = *c;
	if (trace_cfg.strsize <= 0)
		trace_cfg.strsize = 32;
	program = prog;
	if (!c->lines && !c->summary && !c->events)
		return 0;
	if (trace_filter_parse(c->expr) < 0 || trace_pids_parse(c->pids) < 0 ||
	    trace_events_parse(c->events) < 0)
		return -1;
	if (c->events && !c->summary)
		trace_cfg.lines = true;
	/* Dates in the trace are local times: read the zone now, while sbx
	 * still sees the host's files. */
	tzset();
	if (c->out) {
		out_fd = open(c->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (out_fd < 0) {
			sbx_msg("-o %s: %s", c->out, strerror(errno));
			return -1;
		}
		to_file = true;
	}
	trace_enabled = true;
	return 0;
}

void trace_finish(void)
{
	if (!trace_enabled)
		return;
	if (trace_cfg.summary) {
		cut_open();
		trace_count_print(&trace_out);
	}
	trace_flush();
	if (to_file)
		close(out_fd);
	trace_enabled = false;
}

/* process_vm_readv and process_vm_writev (mm/process_vm_access.c): copies
 * between two sandbox processes' memories, with ptrace's access check; and
 * the other calls that reach into another process under that check:
 * pidfd_getfd, process_madvise, kcmp. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/membarrier.h>
#include <linux/mempolicy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/vfs.h"
#include "../kernel/cred.h"
#include "../kernel/pidfd.h"
#include "../kernel/task.h"
#include "../mm/mm_impl.h"
#include "syscalls.h"
#include "../confine/host.h"

/* The x86-64 user address limit (TASK_SIZE_MAX) that access_ok checks:
 * the guest's own space ends lower, at TASK_SIZE. */
#define TASK_SIZE_MAX 0x7ffffffff000UL
#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

/* --- process_vm_readv / process_vm_writev --- */

/* Yama's ptrace_scope on the host, if Yama is there (0: classic rules). */
static int yama_scope(void)
{
	static int v = -1;
	if (v < 0) {
		v = 0;
		FILE *f = host_fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
		if (f) {
			if (fscanf(f, "%d", &v) != 1)
				v = 0;
			fclose(f);
		}
	}
	return v;
}

static bool is_descendant(const struct task *ancestor, const struct task *t)
{
	for (const struct task *p = t->tg->leader; p;
	     p = p->real_parent ? p->real_parent->tg->leader : NULL)
		if (p->tg == ancestor->tg)
			return true;
	return false;
}

/* ptrace_may_access(PTRACE_MODE_ATTACH_REALCREDS): the caller's real ids
 * are all of the target's, or it holds CAP_SYS_PTRACE; a target that is
 * not dumpable needs the capability; then Yama's rule, as on the host
 * (which does not apply to a PTRACE_MODE_READ check, @attach false). */
static long may_access(struct task *t, struct task *target, bool attach)
{
	if (target->tg == t->tg || target->mm == t->mm)
		return 0;
	const struct cred *c = &t->cred, *tc = &target->cred;
	bool caps = capable(t, CAP_SYS_PTRACE);
	if (!(c->uid == tc->euid && c->uid == tc->suid && c->uid == tc->uid && c->gid == tc->egid &&
	      c->gid == tc->sgid && c->gid == tc->gid) &&
	    !caps)
		return -EPERM;
	if (target->tg->dumpable != 1 && !caps)
		return -EPERM;
	int scope = attach ? yama_scope() : 0;
	if ((scope == 1 && !is_descendant(t, target) && !caps) || (scope == 2 && !caps) ||
	    scope >= 3)
		return -EPERM;
	return 0;
}

static long ptrace_may_access(struct task *t, struct task *target)
{
	return may_access(t, target, true);
}

/* Copy a user iovec array in (import_iovec's checks). */
static long get_iovec(struct task *t, uint64_t uvec, uint64_t cnt, struct iovec **out)
{
	*out = NULL;
	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (cnt == 0)
		return 0;
	struct iovec *v = calloc(cnt, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (copy_from_user(t->mm, v, uvec, cnt * sizeof(*v)) < 0) {
		free(v);
		return -EFAULT;
	}
	for (uint64_t i = 0; i < cnt; i++) {
		if ((int64_t)v[i].iov_len < 0) {
			free(v);
			return -EINVAL;
		}
	}
	*out = v;
	return 0;
}

static uint64_t min3(uint64_t x, uint64_t y, uint64_t z)
{
	uint64_t m = x < y ? x : y;
	return m < z ? m : z;
}

static long process_vm_rw(struct task *t, const uint64_t *a, bool write)
{
	pid_t pid = (pid_t)a[0];
	uint64_t lcnt = a[2], rcnt = a[4];
	if (a[5] != 0)
		return -EINVAL;
	struct iovec *lv = NULL, *rv = NULL;
	long r = get_iovec(t, a[1], lcnt, &lv);
	if (r < 0)
		return r;
	uint64_t ltotal = 0;
	for (uint64_t i = 0; i < lcnt; i++) {
		uint64_t n = lv[i].iov_len;
		if (n > MAX_RW_COUNT - ltotal)
			lv[i].iov_len = n = MAX_RW_COUNT - ltotal; /* the total is capped */
		ltotal += n;
	}
	if (ltotal == 0)
		goto out;
	r = get_iovec(t, a[3], rcnt, &rv);
	if (r < 0)
		goto out;
	bool any = false;
	for (uint64_t i = 0; i < rcnt; i++)
		any |= rv[i].iov_len > 0;
	if (!any)
		goto out;
	struct task *target = task_lookup(pid);
	if (!target || target->state == TASK_DEAD || !target->mm) {
		r = -ESRCH;
		goto out;
	}
	r = ptrace_may_access(t, target);
	if (r < 0)
		goto out;
	/* Page-sized pieces that cross no page boundary on either side, so
	 * that a fault stops the copy exactly where Linux's would. */
	char buf[PAGE_SIZE];
	uint64_t done = 0, li = 0, loff = 0;
	for (uint64_t ri = 0; ri < rcnt && li < lcnt && r == 0; ri++) {
		uint64_t raddr = (uint64_t)rv[ri].iov_base, rlen = rv[ri].iov_len;
		while (rlen && li < lcnt) {
			if (loff == lv[li].iov_len) {
				li++;
				loff = 0;
				continue;
			}
			uint64_t laddr = (uint64_t)lv[li].iov_base + loff;
			uint64_t n =
			    min3(rlen, lv[li].iov_len - loff, PAGE_SIZE - (raddr & ~PAGE_MASK));
			if (n > PAGE_SIZE - (laddr & ~PAGE_MASK))
				n = PAGE_SIZE - (laddr & ~PAGE_MASK);
			int e;
			if (write) {
				e = copy_from_user(t->mm, buf, laddr, n);
				if (e == 0)
					e = copy_to_user(target->mm, raddr, buf, n);
			} else {
				e = copy_from_user(target->mm, buf, raddr, n);
				if (e == 0)
					e = copy_to_user(t->mm, laddr, buf, n);
			}
			if (e < 0) {
				r = -EFAULT;
				break;
			}
			done += n;
			raddr += n;
			rlen -= n;
			loff += n;
		}
	}
	/* Anything copied is the result; an error only when nothing was. */
	if (done)
		r = (long)done;
out:
	free(lv);
	free(rv);
	return r;
}

SYSCALL(process_vm_readv)
{
	return process_vm_rw(t, a, false);
}

SYSCALL(process_vm_writev)
{
	return process_vm_rw(t, a, true);
}

/* --- pidfd_getfd, process_madvise, kcmp --- */

/* The live process a pidfd stands for: its leader, or a thread still
 * there (-EBADF: not a pidfd, -ESRCH: gone). */
static long pidfd_task(struct task *t, int pidfd, struct task **out)
{
	struct file *f = fd_get(t->files, pidfd);
	if (!f)
		return -EBADF;
	struct thread_group *tg = pidfd_tg(f);
	if (!tg)
		return -EBADF;
	struct task *th;
	TAILQ_FOREACH(th, &tg->threads, tg_link)
	{
		if (th->state != TASK_DEAD) {
			*out = th;
			return 0;
		}
	}
	return -ESRCH;
}

SYSCALL(pidfd_getfd)
{
	if (a[2])
		return -EINVAL;
	struct task *target;
	long r = pidfd_task(t, (int)a[0], &target);
	if (r < 0)
		return r;
	r = ptrace_may_access(t, target);
	if (r < 0)
		return r;
	struct file *f = target->files ? fd_get(target->files, (int)a[1]) : NULL;
	if (!f)
		return -EBADF;
	/* receive_fd: a new fd, close-on-exec, for the same open file. */
	file_get(f);
	int fd = fd_install(t->files, f, 0, true, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL(process_madvise)
{
	int advice = (int)a[3];
	if (a[4])
		return -EINVAL;
	struct iovec *v = NULL;
	long r = get_iovec(t, a[1], a[2], &v);
	if (r < 0)
		return r;
	struct task *target;
	r = pidfd_task(t, (int)a[0], &target);
	if (r == 0 && !target->mm)
		r = -ESRCH;
	if (r == 0 && target->mm != t->mm) {
		/* Another process: only the hints that change nothing it can
		 * see, under a PTRACE_MODE_READ check and CAP_SYS_NICE. */
		if (advice != MADV_COLD && advice != MADV_PAGEOUT && advice != MADV_WILLNEED &&
		    advice != 25 /* MADV_COLLAPSE */)
			r = -EINVAL;
		else if ((r = may_access(t, target, false)) == 0 && !capable(t, CAP_SYS_NICE))
			r = -EPERM;
	}
	uint64_t done = 0;
	for (uint64_t i = 0; r == 0 && i < a[2]; i++) {
		long m = madvise_range(target->mm, (uint64_t)v[i].iov_base, v[i].iov_len, advice);
		if (m < 0) {
			r = done ? 0 : m;
			break;
		}
		done += v[i].iov_len;
	}
	free(v);
	return r < 0 ? r : (long)done;
}

/* kcmp's answer for two kernel objects: 0 the same, else 1 or 2 as they
 * order (Linux orders obfuscated pointers: only the inequality means
 * something). */
static long kcmp_ptr(const void *x, const void *y)
{
	return (x < y) | ((x > y) << 1);
}

SYSCALL(kcmp)
{
	struct task *t1 = task_lookup((pid_t)a[0]), *t2 = task_lookup((pid_t)a[1]);
	if (!t1 || !t2 || t1->state == TASK_DEAD || t2->state == TASK_DEAD)
		return -ESRCH;
	long r = may_access(t, t1, false);
	if (r == 0)
		r = may_access(t, t2, false);
	if (r < 0)
		return r;
	switch ((int)a[2]) {
	case 0: { /* KCMP_FILE */
		struct file *f1 = t1->files ? fd_get(t1->files, (int)a[3]) : NULL;
		struct file *f2 = t2->files ? fd_get(t2->files, (int)a[4]) : NULL;
		return f1 && f2 ? kcmp_ptr(f1, f2) : -EBADF;
	}
	case 1: /* KCMP_VM */
		return kcmp_ptr(t1->mm, t2->mm);
	case 2: /* KCMP_FILES */
		return kcmp_ptr(t1->files, t2->files);
	case 3: /* KCMP_FS */
		return kcmp_ptr(t1->fs, t2->fs);
	case 4: /* KCMP_SIGHAND */
		return kcmp_ptr(t1->sighand, t2->sighand);
	case 5: /* KCMP_IO: no task has an I/O context of its own here */
		return 0;
	case 6: /* KCMP_SYSVSEM */
	case 7: /* KCMP_EPOLL_TFD */
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

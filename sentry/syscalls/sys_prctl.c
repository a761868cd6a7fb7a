/* prctl(2) (kernel/sys.c, the capability options of security/commoncap.c,
 * seccomp's of kernel/seccomp.c): the process attributes the sandbox
 * keeps.  Options for hardware sbx does not emulate (FP modes, pointer
 * authentication, SVE...) get EINVAL, as on an x86-64 kernel. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/prctl.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "../kernel/cred.h"
#include "../kernel/seccomp.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* Options newer than the installed headers. */
#ifndef PR_GET_AUXV
#define PR_GET_AUXV 0x41555856
#endif
#ifndef PR_SET_VMA
#define PR_SET_VMA	     0x53564d41
#define PR_SET_VMA_ANON_NAME 0
#endif

#define DEFAULT_TIMER_SLACK_NS 50000
#define SUID_DUMP_DISABLE      0
#define SUID_DUMP_USER	       1
#define ANON_VMA_NAME_MAX_LEN  80

static bool cap_in_range(unsigned long cap)
{
	return cap <= SBX_CAP_LAST;
}

/* The capability options (cap_task_prctl); -ENOSYS: not one of them. */
static long cap_task_prctl(struct task *t, int option, uint64_t arg2, uint64_t arg3, uint64_t arg4,
			   uint64_t arg5)
{
	const struct cred *old = &t->cred;
	struct cred new = *old;
	switch (option) {
	case PR_CAPBSET_READ:
		if (!cap_in_range(arg2))
			return -EINVAL;
		return (old->cap_bset & CAP_BIT(arg2)) != 0;
	case PR_CAPBSET_DROP:
		if (!capable(t, CAP_SETPCAP))
			return -EPERM;
		if (!cap_in_range(arg2))
			return -EINVAL;
		new.cap_bset &= ~CAP_BIT(arg2);
		commit_creds(t, &new);
		return 0;
	case PR_SET_SECUREBITS:
		/* No change to a locked bit, no unlocking, no unknown bit,
		 * and nothing at all without CAP_SETPCAP. */
		if ((((old->securebits & SECURE_ALL_LOCKS) >> 1) & (old->securebits ^ arg2)) ||
		    (old->securebits & SECURE_ALL_LOCKS & ~arg2) ||
		    (arg2 & ~(uint64_t)(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) ||
		    !capable(t, CAP_SETPCAP))
			return -EPERM;
		new.securebits = (unsigned)arg2;
		commit_creds(t, &new);
		return 0;
	case PR_GET_SECUREBITS:
		return old->securebits;
	case PR_GET_KEEPCAPS:
		return (old->securebits & SECBIT_KEEP_CAPS) != 0;
	case PR_SET_KEEPCAPS:
		if (arg2 > 1)
			return -EINVAL;
		if (old->securebits & SECBIT_KEEP_CAPS_LOCKED)
			return -EPERM;
		if (arg2)
			new.securebits |= SECBIT_KEEP_CAPS;
		else
			new.securebits &= ~(unsigned)SECBIT_KEEP_CAPS;
		commit_creds(t, &new);
		return 0;
	case PR_CAP_AMBIENT:
		if (arg2 == PR_CAP_AMBIENT_CLEAR_ALL) {
			if (arg3 | arg4 | arg5)
				return -EINVAL;
			new.cap_ambient = 0;
			commit_creds(t, &new);
			return 0;
		}
		if (!cap_in_range(arg3) || arg4 || arg5)
			return -EINVAL;
		if (arg2 == PR_CAP_AMBIENT_IS_SET)
			return (old->cap_ambient & CAP_BIT(arg3)) != 0;
		if (arg2 != PR_CAP_AMBIENT_RAISE && arg2 != PR_CAP_AMBIENT_LOWER)
			return -EINVAL;
		if (arg2 == PR_CAP_AMBIENT_RAISE &&
		    (!(old->cap_permitted & CAP_BIT(arg3)) ||
		     !(old->cap_inheritable & CAP_BIT(arg3)) ||
		     (old->securebits & SECBIT_NO_CAP_AMBIENT_RAISE)))
			return -EPERM;
		if (arg2 == PR_CAP_AMBIENT_RAISE)
			new.cap_ambient |= CAP_BIT(arg3);
		else
			new.cap_ambient &= ~CAP_BIT(arg3);
		commit_creds(t, &new);
		return 0;
	default:
		return -ENOSYS;
	}
}

static long prctl_set_name(struct task *t, uint64_t uname)
{
	/* At most 15 bytes are read: a longer name is cut, not refused. */
	char name[16];
	memset(name, 0, sizeof(name));
	long n = strncpy_from_user(t->mm, name, uname, sizeof(name) - 1);
	if (n == -ENAMETOOLONG)
		name[sizeof(name) - 1] = '\0';
	else if (n < 0)
		return -EFAULT;
	memcpy(t->comm, name, sizeof(t->comm));
	return 0;
}

/* Characters a vma name may not hold (is_valid_name_char): they would
 * confuse readers of /proc/<pid>/maps. */
static bool valid_name_char(char c)
{
	return c > 0x1f && c < 0x7f && !strchr("\\`$[]", c);
}

static long prctl_set_vma(struct task *t, uint64_t opt, uint64_t addr, uint64_t size,
			  uint64_t uname)
{
	if (opt != PR_SET_VMA_ANON_NAME)
		return -EINVAL;
	char name[ANON_VMA_NAME_MAX_LEN];
	bool named = uname != 0;
	if (named) {
		long n = strncpy_from_user(t->mm, name, uname, sizeof(name));
		if (n == -ENAMETOOLONG)
			return -EINVAL;
		if (n < 0)
			return n;
		for (const char *c = name; *c; c++)
			if (!valid_name_char(*c))
				return -EINVAL;
	}
	return mm_set_anon_name(t->mm, addr, size, named ? name : NULL);
}

/* PR_SET_MM for the fields that only describe the address space (what
 * /proc shows): the code, data and stack start, the argument and
 * environment areas.  Moving the heap (START_BRK, BRK), the executable,
 * the auxiliary vector and the whole map (PR_SET_MM_MAP) is refused. */
static long prctl_set_mm(struct task *t, uint64_t opt, uint64_t addr, uint64_t arg4, uint64_t arg5)
{
	if (arg5 ||
	    (arg4 && opt != PR_SET_MM_AUXV && opt != PR_SET_MM_MAP && opt != PR_SET_MM_MAP_SIZE))
		return -EINVAL;
	if (opt == PR_SET_MM_MAP_SIZE) {
		unsigned size = sizeof(struct prctl_mm_map);
		return copy_to_user(t->mm, addr, &size, sizeof(size));
	}
	if (opt == PR_SET_MM_MAP)
		return -EINVAL;
	if (!capable(t, CAP_SYS_RESOURCE))
		return -EPERM;
	if (opt == PR_SET_MM_EXE_FILE || opt == PR_SET_MM_AUXV)
		return -EINVAL;
	if (addr >= TASK_SIZE || addr < MMAP_MIN_ADDR)
		return -EINVAL;
	struct mm *mm = t->mm;
	struct {
		uint64_t start_code, end_code, start_data, end_data, start_stack;
		uint64_t arg_start, arg_end, env_start, env_end;
	} m = {mm->start_code, mm->end_code, mm->start_data, mm->end_data, mm->start_stack,
	       mm->arg_start,  mm->arg_end,  mm->env_start,  mm->env_end};
	switch (opt) {
	case PR_SET_MM_START_CODE:
		m.start_code = addr;
		break;
	case PR_SET_MM_END_CODE:
		m.end_code = addr;
		break;
	case PR_SET_MM_START_DATA:
		m.start_data = addr;
		break;
	case PR_SET_MM_END_DATA:
		m.end_data = addr;
		break;
	case PR_SET_MM_START_STACK:
		m.start_stack = addr;
		break;
	case PR_SET_MM_ARG_START:
		m.arg_start = addr;
		break;
	case PR_SET_MM_ARG_END:
		m.arg_end = addr;
		break;
	case PR_SET_MM_ENV_START:
		m.env_start = addr;
		break;
	case PR_SET_MM_ENV_END:
		m.env_end = addr;
		break;
	default:
		return -EINVAL; /* START_BRK, BRK and unknown options */
	}
	/* validate_prctl_map_addr: the pairs stay ordered. */
	if (!(m.start_code < m.end_code) || !(m.start_data <= m.end_data) ||
	    !(m.arg_start <= m.arg_end) || !(m.env_start <= m.env_end))
		return -EINVAL;
	mm->start_code = m.start_code;
	mm->end_code = m.end_code;
	mm->start_data = m.start_data;
	mm->end_data = m.end_data;
	mm->start_stack = m.start_stack;
	mm->arg_start = m.arg_start;
	mm->arg_end = m.arg_end;
	mm->env_start = m.env_start;
	mm->env_end = m.env_end;
	return 0;
}

/* PR_GET_AUXV: as much of the auxiliary vector as fits, and its size. */
static long prctl_get_auxv(struct task *t, uint64_t addr, uint64_t len)
{
	const struct mm *mm = t->mm;
	size_t size = mm->saved_auxv_len; /* in bytes */
	size_t n = len < size ? len : size;
	if (n && copy_to_user(t->mm, addr, mm->saved_auxv, n) < 0)
		return -EFAULT;
	return (long)size;
}

SYSCALL(prctl)
{
	int option = (int)a[0];
	uint64_t arg2 = a[1], arg3 = a[2], arg4 = a[3], arg5 = a[4];
	long r = cap_task_prctl(t, option, arg2, arg3, arg4, arg5);
	if (r != -ENOSYS)
		return r;
	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > SBX_NSIG)
			return -EINVAL;
		t->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user(t->mm, arg2, &t->pdeath_signal, sizeof(int));
	case PR_GET_DUMPABLE:
		return t->tg->dumpable;
	case PR_SET_DUMPABLE:
		if (arg2 != SUID_DUMP_DISABLE && arg2 != SUID_DUMP_USER)
			return -EINVAL;
		t->tg->dumpable = (int)arg2;
		return 0;
	case PR_SET_NAME:
		return prctl_set_name(t, arg2);
	case PR_GET_NAME:
		return copy_to_user(t->mm, arg2, t->comm, sizeof(t->comm));
	case PR_GET_TIMING:
		return PR_TIMING_STATISTICAL;
	case PR_SET_TIMING:
		return arg2 == PR_TIMING_STATISTICAL ? 0 : -EINVAL;
	case PR_GET_SECCOMP:
		return t->seccomp_mode;
	case PR_SET_SECCOMP:
		return prctl_set_seccomp(t, arg2, arg3);
	case PR_GET_TSC: {
		/* The time stamp counter is always readable: the guest runs
		 * on host threads sbx does not reconfigure. */
		int v = PR_TSC_ENABLE;
		return copy_to_user(t->mm, arg2, &v, sizeof(v));
	}
	case PR_SET_TSC:
		return arg2 == PR_TSC_ENABLE ? 0 : -EINVAL;
	case PR_SET_TIMERSLACK:
		/* Real-time tasks have no slack; the call does nothing. */
		if (t->sched.policy == SCHED_FIFO || t->sched.policy == SCHED_RR)
			return 0;
		t->timer_slack_ns = arg2 ? arg2 : DEFAULT_TIMER_SLACK_NS;
		return 0;
	case PR_GET_TIMERSLACK:
		return (long)(t->timer_slack_ns ? t->timer_slack_ns : DEFAULT_TIMER_SLACK_NS);
	case PR_TASK_PERF_EVENTS_DISABLE:
	case PR_TASK_PERF_EVENTS_ENABLE:
		return 0; /* no perf events exist in the sandbox */
	case PR_MCE_KILL:
		if (arg4 | arg5)
			return -EINVAL;
		if (arg2 == PR_MCE_KILL_CLEAR) {
			if (arg3)
				return -EINVAL;
			t->prctl_flags &= ~(unsigned)TASK_MCE_PROCESS;
		} else if (arg2 == PR_MCE_KILL_SET) {
			t->prctl_flags |= TASK_MCE_PROCESS;
			if (arg3 == PR_MCE_KILL_EARLY)
				t->prctl_flags |= TASK_MCE_EARLY;
			else if (arg3 == PR_MCE_KILL_LATE)
				t->prctl_flags &= ~(unsigned)TASK_MCE_EARLY;
			else if (arg3 == PR_MCE_KILL_DEFAULT)
				t->prctl_flags &= ~(unsigned)(TASK_MCE_EARLY | TASK_MCE_PROCESS);
			else
				return -EINVAL;
		} else {
			return -EINVAL;
		}
		return 0;
	case PR_MCE_KILL_GET:
		if (arg2 | arg3 | arg4 | arg5)
			return -EINVAL;
		if (t->prctl_flags & TASK_MCE_PROCESS)
			return (t->prctl_flags & TASK_MCE_EARLY) ? PR_MCE_KILL_EARLY
								 : PR_MCE_KILL_LATE;
		return PR_MCE_KILL_DEFAULT;
	case PR_SET_MM:
		return prctl_set_mm(t, arg2, arg3, arg4, arg5);
	case PR_SET_CHILD_SUBREAPER:
		t->tg->child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER: {
		int v = t->tg->child_subreaper;
		return copy_to_user(t->mm, arg2, &v, sizeof(v));
	}
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		t->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return t->no_new_privs;
	case PR_GET_TID_ADDRESS:
		return copy_to_user(t->mm, arg2, &t->clear_child_tid, sizeof(uint64_t));
	case PR_SET_THP_DISABLE:
		if (arg3 || arg4 || arg5)
			return -EINVAL;
		t->tg->thp_disable = arg2 != 0;
		return 0;
	case PR_GET_THP_DISABLE:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return t->tg->thp_disable;
	case PR_SET_IO_FLUSHER:
		if (!capable(t, CAP_SYS_RESOURCE))
			return -EPERM;
		if (arg3 || arg4 || arg5)
			return -EINVAL;
		if (arg2 == 1)
			t->prctl_flags |= TASK_IO_FLUSHER;
		else if (arg2 == 0)
			t->prctl_flags &= ~(unsigned)TASK_IO_FLUSHER;
		else
			return -EINVAL;
		return 0;
	case PR_GET_IO_FLUSHER:
		if (!capable(t, CAP_SYS_RESOURCE))
			return -EPERM;
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return (t->prctl_flags & TASK_IO_FLUSHER) != 0;
	case PR_SET_VMA:
		return prctl_set_vma(t, arg2, arg3, arg4, arg5);
	case PR_GET_AUXV:
		if (arg4 || arg5)
			return -EINVAL;
		return prctl_get_auxv(t, arg2, arg3);
	default:
		/* Unknown, or for hardware or configurations sbx does not
		 * offer (unaligned access, FP emulation, endianness, MPX,
		 * SVE, pointer authentication, tagged addresses, speculation
		 * control, core scheduling, syscall user dispatch). */
		return -EINVAL;
	}
}

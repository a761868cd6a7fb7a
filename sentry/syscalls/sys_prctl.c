/* prctl(2) (kernel/sys.c): the process attributes the sandbox keeps. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/prctl.h>
#include <signal.h>
#include <string.h>

#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

SYSCALL(prctl)
{
	int option = (int)a[0];
	uint64_t arg2 = a[1];
	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > SBX_NSIG)
			return -EINVAL;
		t->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user(t->mm, arg2, &t->pdeath_signal, sizeof(int));
	case PR_SET_NAME: {
		char name[16];
		long n = strncpy_from_user(t->mm, name, arg2, sizeof(name));
		if (n == -ENAMETOOLONG) {
			if (copy_from_user(t->mm, name, arg2, sizeof(name) - 1) < 0)
				return -EFAULT;
			name[sizeof(name) - 1] = '\0';
		} else if (n < 0) {
			return n;
		}
		memcpy(t->comm, name, sizeof(t->comm));
		return 0;
	}
	case PR_GET_NAME:
		return copy_to_user(t->mm, arg2, t->comm, sizeof(t->comm));
	case PR_SET_CHILD_SUBREAPER:
		t->tg->child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER: {
		int v = t->tg->child_subreaper;
		return copy_to_user(t->mm, arg2, &v, sizeof(v));
	}
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;
		t->tg->dumpable = (int)arg2;
		return 0;
	case PR_GET_DUMPABLE:
		return t->tg->dumpable;
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || a[2] || a[3] || a[4])
			return -EINVAL;
		t->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || a[2] || a[3] || a[4])
			return -EINVAL;
		return t->no_new_privs;
	case PR_GET_SECCOMP:
		return 0;
	case PR_SET_TIMERSLACK:
		t->timer_slack_ns = arg2 ? arg2 : 50000;
		return 0;
	case PR_GET_TIMERSLACK:
		return (long)(t->timer_slack_ns ? t->timer_slack_ns : 50000);
	case PR_CAPBSET_READ:
		if (arg2 > 40)
			return -EINVAL;
		return t->cred.euid == 0 ? 1 : 0;
	default:
		return -EINVAL;
	}
}

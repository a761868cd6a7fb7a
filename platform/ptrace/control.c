/* The control plane both engines share: the list of stubs, mapping changes
 * injected through a stub's control thread, and the platform calls that do
 * not depend on how guest threads run. */
#define _GNU_SOURCE
#include "ptrace_impl.h"

#include <cpuid.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "../stub/stub_layout.h"

void as_link(struct as *as)
{
	as->next_all = P.all_as;
	as->prev_all = NULL;
	if (P.all_as)
		P.all_as->prev_all = as;
	P.all_as = as;
}

void as_unlink(struct as *as)
{
	P.ndeferred -= as->ndeferred;
	as->ndeferred = 0;
	if (as->prev_all)
		as->prev_all->next_all = as->next_all;
	else
		P.all_as = as->next_all;
	if (as->next_all)
		as->next_all->prev_all = as->prev_all;
}

struct as *as_find(pid_t pid)
{
	for (struct as *as = P.all_as; as; as = as->next_all)
		if (as->pid == pid)
			return as;
	return NULL;
}

void stubs_kill_all(void)
{
	for (struct as *as = P.all_as; as;) {
		struct as *next = as->next_all;
		kill(as->pid, SIGKILL);
		free(as);
		as = next;
	}
	P.all_as = NULL;
	P.template = NULL;
	/* Reap every host process we made. */
	while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
		;
}

pid_t as_host_pid(struct as *as)
{
	return as->pid;
}

int as_map(struct as *as, uint64_t addr, uint64_t len, int prot, uint64_t memfile_off)
{
	long r = inject_syscall(as, SYS_mmap, addr, len, prot, MAP_SHARED | MAP_FIXED,
				STUB_MEMFILE_FD, memfile_off);
	if (r < 0)
		return (int)r;
	return 0;
}

int as_unmap(struct as *as, uint64_t addr, uint64_t len)
{
	long r = inject_syscall(as, SYS_munmap, addr, len, 0, 0, 0, 0);
	return r < 0 ? (int)r : 0;
}

int as_protect(struct as *as, uint64_t addr, uint64_t len, int prot)
{
	long r = inject_syscall(as, SYS_mprotect, addr, len, prot, 0, 0, 0);
	return r < 0 ? (int)r : 0;
}

pid_t ctx_host_tid(struct ctx *c)
{
	return c->tid;
}

void *ctx_owner(struct ctx *c)
{
	return c->owner;
}

void ctx_set_owner(struct ctx *c, void *owner)
{
	c->owner = owner;
}

struct as *ctx_as(struct ctx *c)
{
	return c->as;
}

int ctx_get_regs(struct ctx *c, struct regs *regs)
{
	regs->gp = c->regs;
	return 0;
}

size_t platform_xstate_size(void)
{
	static size_t size;
	if (!size) {
		unsigned a, b, c, d;
		__cpuid_count(0xd, 0, a, b, c, d);
		size = b >= 576 ? b : 512;
		(void)a;
		(void)c;
		(void)d;
	}
	return size;
}

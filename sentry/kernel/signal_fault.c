/* Faults of guest code (arch/x86/mm/fault.c, arch/x86/kernel/traps.c): a
 * host SIGSEGV/SIGBUS in the stub becomes a page fault the guest's memory
 * map resolves, or a signal with the siginfo and the trap number, error
 * code and cr2 Linux leaves in the thread for the signal frame. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../platform/platform.h"
#include "../fuzz/limits.h"
#include "../mm/mm.h"
#include "insn_access.h"
#include "signal.h"
#include "task.h"
#include "../confine/host.h"

/* Page-fault error code bits (arch/x86/include/asm/trap_pf.h). */
#define X86_PF_PROT  0x1
#define X86_PF_WRITE 0x2
#define X86_PF_USER  0x4
#define X86_PF_INSTR 0x10

#define X86_TRAP_GP 13
#define X86_TRAP_PF 14

/* Is the page at @addr present in the stub's page tables?  The host
 * mapping follows the guest's accesses, so this is what the guest's own
 * page table would say (X86_PF_PROT: a protection fault on a present page,
 * not a missing one). */
static bool host_page_present(struct task *t, uint64_t addr)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/pagemap", as_host_pid(ctx_as(t->ctx)));
	int fd = host_open(path, O_RDONLY);
	if (fd < 0)
		return false;
	uint64_t e = 0;
	ssize_t n = pread(fd, &e, sizeof(e), (off_t)(addr / 4096 * sizeof(e)));
	close(fd);
	return n == sizeof(e) && (e >> 63);
}

/* Does the instruction at rip write at @addr (insn_access.c)? */
static bool fault_is_write(struct task *t, uint64_t addr)
{
	uint8_t code[15];
	const struct user_regs_struct *r = &t->regs.gp;
	/* As much of the instruction as is mapped, at most 15 bytes. */
	for (size_t len = sizeof(code); len > 0; len--)
		if (copy_from_user(t->mm, code, r->rip, len) == 0)
			return insn_writes(code, len, addr, r->rsp, r->rdi);
	return false;
}

/* The error code of a page fault that mm_fault could not resolve.  The
 * host does not pass the access type on: an instruction fetch is a fault
 * at rip (as mm_fault decides), a fault on a page that may be read is a
 * write, and otherwise (no vma, PROT_NONE, past the end of a file) the
 * instruction says whether it wrote. */
static uint64_t page_fault_error_code(struct task *t, uint64_t addr, int sig, int code)
{
	uint64_t ip = t->regs.gp.rip, err = X86_PF_USER;
	bool exec = addr >= ip && addr < ip + 16;
	struct vma *v = code == SEGV_ACCERR || sig == SIGBUS ? mm_find_vma(t->mm, addr) : NULL;
	bool accessible = v && v->prot != PROT_NONE && sig == SIGSEGV;
	if (exec)
		err |= X86_PF_INSTR;
	else if (accessible || fault_is_write(t, addr))
		err |= X86_PF_WRITE;
	if (accessible && host_page_present(t, addr))
		err |= X86_PF_PROT;
	return err;
}

void do_user_addr_fault(struct task *t, const siginfo_t *info)
{
	uint64_t addr = (uint64_t)info->si_addr;
	if (info->si_signo == SIGSEGV && info->si_code == SI_KERNEL) {
		/* A general protection fault (a privileged instruction, a
		 * non-canonical address): no address, no cr2. */
		t->fault.trapno = X86_TRAP_GP;
		t->fault.err = 0;
		force_sig_fault(t, SIGSEGV, SI_KERNEL, 0);
		return;
	}
	int sig, code;
	int r = mm_fault(t->mm, addr, t->regs.gp.rip, info->si_code, &sig, &code);
	/* Resolved; or the memory limit killed everyone, which the return
	 * to the guest carries out. */
	if (r == 0 || (r == -ENOMEM && limits_oom()))
		return;
	t->fault.trapno = X86_TRAP_PF;
	t->fault.err = page_fault_error_code(t, addr, sig, code);
	t->fault.cr2 = addr;
	force_sig_fault(t, sig, code, addr);
}

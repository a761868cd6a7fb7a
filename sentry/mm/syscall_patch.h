/* Patching guest syscall instructions to jump to the platform's fast entry
 * (systrap's: platform_fast_entry), so that a syscall made again from the
 * same place skips the seccomp trap and its signal.
 *
 * What is patched: `mov $imm32, %eax; syscall` and `mov 8(%rsp), %r9;
 * syscall` (glibc's syscall()), 7 bytes, in a private, read-only,
 * executable file mapping, when the thread trapped there with the
 * registers the first instruction leaves (eax = imm32; r9 = the word at
 * rsp + 8).  The 7 bytes become `jmp *ADDR` (ff 24 25 + ADDR), ADDR a word
 * of the mm's thunk area below 1 MiB that holds the address of the site's
 * thunk there: the first instruction, rcx = the syscall's address, a jump
 * to the entry.  ADDR's third byte, where the syscall's first byte was,
 * is 0x06, an invalid opcode: a thread that jumps to the old syscall
 * instruction (a restarted syscall, code branching there) or had run the
 * first instruction before the patch traps with SIGILL there, and the
 * sentry takes that as the syscall (syscall_patch_sigill).
 *
 * The rules: code that reads its own bytes sees the patch; a mapping made
 * writable gets its original bytes back first (so self-modifying code
 * sees and changes what was loaded), and so does one moved with mremap;
 * the thunk area is an ordinary mapping ("[sbx-syscalls]" in
 * /proc/<pid>/maps) and a guest that maps, unmaps or protects anything
 * over it gets every site back and no more patches; so does one that
 * sets its gs base (the entry finds the thread's slot through it).
 */
#ifndef SBX_SYSCALL_PATCH_H
#define SBX_SYSCALL_PATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/user.h>

struct mm;

#define PATCH_AREA	0x60000UL
#define PATCH_AREA_LEN	0x10000UL
#define PATCH_TABLE	PATCH_AREA		/* PATCH_MAX words: thunk addresses */
#define PATCH_THUNKS	(PATCH_AREA + 0x2000UL) /* PATCH_MAX thunks */
#define PATCH_THUNK_LEN 32
#define PATCH_MAX	1024

/* The 7 bytes at @site (what is at site - 1 first, then the site's 7 and
 * 0x0f 0x05 last): the length of the instruction before the syscall that
 * a patch can take (5), or 0 when the site is not one.  @r: the thread's
 * registers as it trapped at the syscall; @word_at_rsp8: the word at
 * rsp + 8 (for mov 8(%rsp), %r9), or -1 when unreadable.  Pure, for tests. */
int syscall_patch_match(const uint8_t bytes[8], const struct user_regs_struct *r,
			uint64_t word_at_rsp8, bool rsp8_ok);

/* The jump that stands for the site using table word @idx (7 bytes). */
void syscall_patch_jump(uint8_t out[7], unsigned idx);

/* The thunk for @insn (the site's first 5 bytes) at @site, going to
 * @entry (PATCH_THUNK_LEN bytes, padded with int3). */
void syscall_patch_thunk(uint8_t out[PATCH_THUNK_LEN], const uint8_t insn[5], uint64_t site,
			 uint64_t entry);

/* A thread of @mm trapped at a syscall with registers @r (rip after the
 * syscall, the number in orig_rax): patch the site if it is one.  Nothing
 * to report: a site that cannot be patched stays as it is. */
void syscall_patch_try(struct mm *mm, const struct user_regs_struct *r);

/* A SIGILL at @r->rip: when it is the old syscall instruction of a patched
 * site, make @r the registers of that syscall's trap (orig_rax = rax, rip
 * after it, rcx and r11 as the syscall leaves them) and return true. */
bool syscall_patch_sigill(struct mm *mm, struct user_regs_struct *r);

/* A thread of @mm stopped (a signal, a fault, an interrupt) inside a
 * thunk or at the fast entry's first instruction: move @r back to the
 * site, where the thread would be without the patch (before the site's
 * first instruction, or after it at the old syscall instruction); with
 * @unpatch (single-stepping: TF), the site gets its bytes back for good.
 * True if @r changed. */
bool syscall_patch_rewind(struct mm *mm, struct user_regs_struct *r, bool unpatch);

/* [start, end) of @mm is unmapped or mapped over: forget its sites. */
void syscall_patch_unmap(struct mm *mm, uint64_t start, uint64_t end);
/* [start, end) becomes writable or moves: its sites get their bytes back. */
void syscall_patch_restore(struct mm *mm, uint64_t start, uint64_t end);
/* No more patches in @mm; every site gets its bytes back. */
void syscall_patch_disable(struct mm *mm);
/* @child, a copy of @parent, has its patches. 0 or -ENOMEM. */
int syscall_patch_fork(struct mm *child, const struct mm *parent);
void syscall_patch_free(struct mm *mm);

#endif

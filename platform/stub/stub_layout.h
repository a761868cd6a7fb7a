/* The stub's fixed layout, shared by the stub itself and the sentry.
 *
 * The stub is linked at STUB_BASE (see stub.ld).  Its first bytes are the
 * *gate*: the `syscall` instruction the tracer injects syscalls at,
 * followed by `int3` so that the thread stops again as soon as the syscall
 * returns; then the park loop and the *call gate* (`syscall; ret`), the
 * one instruction the stub's own code makes syscalls from under systrap.
 * The backstop seccomp filter lets syscalls through from these two
 * instructions only.  Everything from STUB_BASE to STUB_END belongs to the
 * stub; guest mappings always stay below STUB_BASE.
 */
#ifndef SBX_STUB_LAYOUT_H
#define SBX_STUB_LAYOUT_H

#define STUB_BASE      0x7fc000000000UL
#define STUB_IMAGE_END (STUB_BASE + 0x100000UL) /* the stub's ELF: 1 MiB at most */

/* The gate: `syscall; int3`.  A syscall issued here is allowed by the
 * backstop filter; its seccomp_data.instruction_pointer is STUB_GATE + 2.
 * Under systrap the control thread has the guest filter too, which lets a
 * syscall through from here only with the sentry's 64-bit key in two of
 * its argument words (r9, or for mmap the upper halves of r10 and r8,
 * which the kernel ignores there), and kills the process otherwise: a
 * guest cannot know the key, which lives in the sentry, in the kernel's
 * copy of the filter and in the control threads' registers.  At the clone
 * gate a syscall without the key is SECCOMP_RET_TRACE: it stops for the
 * sentry, which traces control threads with PTRACE_O_TRACESECCOMP and lets
 * it run, and fails with ENOSYS in a guest thread, which no one traces.
 * So does one at the trace gate, but for the two calls a new stub makes
 * there. */
#define STUB_GATE	  STUB_BASE
#define STUB_GATE_RET_IP  (STUB_GATE + 2)
#define STUB_GATE_TRAP_IP (STUB_GATE + 3) /* rip after the int3 */

/* The call gate: `syscall; ret`, for the stub's own syscalls (systrap). */
#define STUB_CALL_GATE	      (STUB_BASE + 8)
#define STUB_CALL_GATE_RET_IP (STUB_CALL_GATE + 2)

/* systrap: where a new guest thread starts once the tracer lets it go
 * (rdi: its slot), and the int3 it then stops at, so that the sentry gets
 * the thread's first signal frame: its rip is STUB_THREAD_TRAP_IP. */
#define STUB_THREAD_ENTRY   (STUB_BASE + 0x10)
#define STUB_THREAD_TRAP_IP (STUB_BASE + 0x16)

/* The *clone gate*, where new stubs and (systrap) guest threads are born.
 * The tracer injects clone here; the control thread stops at the int3
 * after it with the result in rax (its rip is then STUB_CLONE_TRAP_IP).
 * The new task goes on from registers the tracer set:
 * The new task clears r9 (the key) first.
 *   - rbx = 0: a new stub (a fork, CLONE_PARENT | SIGCHLD).  Alone in its
 *     process, it arms its death signal, unmaps r13 bytes at r12 when r13
 *     is not 0 (the slots a forked stub inherited), and when r14 is not 0
 *     maps the slot at r14 to the context file at offset r15 and clones
 *     its first guest thread into it, here (STUB_THREAD_CLONE_FLAGS, its
 *     tid in the slot's tid word, 0 if the clone failed); then it parks at
 *     STUB_CLONE_TRAP_IP (it leaves with exit_group(126) if one of the
 *     others fails);
 *   - else a guest thread (systrap, CLONE_UNTRACED), rbx its slot: it has
 *     its control thread's filters, the guest filter among them, and
 *     signal mask (every signal but SIGTRAP blocked), and goes on to
 *     stub_thread_entry.
 * The new stub makes its syscalls through the *trace gate* (`syscall;
 * ret`). */
/* clone's flags for a guest thread: CLONE_VM, FS, FILES, SIGHAND, THREAD,
 * SYSVSEM, PARENT_SETTID, CHILD_SETTID, CHILD_CLEARTID, UNTRACED
 * (platform/systrap/thread.c checks them). */
#define STUB_THREAD_CLONE_FLAGS 0x1b50f00
#define STUB_CLONE_GATE	       (STUB_BASE + 0x50)
#define STUB_CLONE_GATE_RET_IP (STUB_CLONE_GATE + 2)
#define STUB_TRACE_GATE	       (STUB_BASE + 0x70)
#define STUB_TRACE_GATE_RET_IP (STUB_TRACE_GATE + 2)
#define STUB_CLONE_TRAP_IP     (STUB_BASE + 0x80)

/* systrap: the fast entry.  A syscall the sentry patched jumps to
 * STUB_FAST_ENTRY (through its thunk) with the syscall's number in rax and
 * the address of the patched `syscall` instruction in rcx; the entry saves
 * the registers in the thread's slot (found by its gs base), waits for the
 * sentry and goes on where the sentry says, with rcx and r11 as a syscall
 * leaves them.  When the sentry needs the thread's full state (its FP
 * registers, flags beyond the arithmetic ones, new fs or gs bases) it asks
 * for a trap instead: the int3 before STUB_FAST_TRAP_IP. */
#define STUB_FAST_TRAP	  (STUB_BASE + 0x100)
#define STUB_FAST_TRAP_IP (STUB_FAST_TRAP + 1)
#define STUB_FAST_ENTRY	  (STUB_BASE + 0x108)

/* A page of the stub the sentry may fill with syscall arguments (struct
 * itimerval...) before injecting a syscall that points at it. */
#define STUB_SCRATCH	  (STUB_BASE + 0x10000)
#define STUB_SCRATCH_SIZE 0x1000

/* systrap: a page of the sentry's, read-only in every stub
 * (struct stub_shared, stub_slot.h). */
#define STUB_SHARED (STUB_BASE + 0x100000UL)

/* systrap: one slot per guest thread (struct stub_slot, stub_slot.h), each
 * STUB_SLOT_SIZE bytes and aligned to it: a header page shared with the
 * sentry, the thread's alternate signal stack, and a small stack it starts
 * on. */
#define STUB_SLOTS	 (STUB_BASE + 0x1000000UL)
#define STUB_SLOT_SIZE	 0x10000UL
#define STUB_NSLOTS	 4096
#define STUB_SLOT_HDR	 0x1000UL		     /* the shared header */
#define STUB_SLOT_ALTSTK STUB_SLOT_HDR		     /* signal stack start */
#define STUB_SLOT_STACK	 (STUB_SLOT_SIZE - 0x1000UL) /* start stack, to the end */
#define STUB_SLOTS_SIZE	 ((unsigned long)STUB_NSLOTS * STUB_SLOT_SIZE)
#define STUB_SLOTS_END	 (STUB_SLOTS + STUB_SLOTS_SIZE)

#define STUB_END STUB_SLOTS_END

/* The host fd numbers every stub has: the memory file; under systrap also
 * the context file (slots and the shared page) and the sentry's eventfd;
 * and when the sentry gave one, a file to map into guests (the fork
 * server's coverage map; the sentry closes that number in a stub it starts
 * without one). */
#define STUB_MEMFILE_FD 240
#define STUB_CTXFILE_FD 241
#define STUB_EVENT_FD	242
#define STUB_MAPFILE_FD 243

/* systrap: the host signal the sentry interrupts a guest thread with. */
#define STUB_SIG_INTERRUPT 62

/* Highest user address on x86-64 with 4-level paging (TASK_SIZE_MAX). */
#define HOST_TASK_SIZE 0x7ffffffff000UL

#endif

/* The stub's fixed layout, shared by the stub itself and the sentry.
 *
 * The stub is linked at STUB_BASE (see stub.ld).  Its first bytes are the
 * *gate*: the single `syscall` instruction the backstop seccomp filter lets
 * through, followed by `int3` so that a syscall injected there by the tracer
 * stops the thread again as soon as it returns.  Everything from STUB_BASE to
 * STUB_END belongs to the stub; guest mappings always stay below STUB_BASE.
 */
#ifndef SBX_STUB_LAYOUT_H
#define SBX_STUB_LAYOUT_H

#define STUB_BASE 0x7fc000000000UL
#define STUB_SIZE 0x00100000UL /* 1 MiB reserved for the stub */
#define STUB_END  (STUB_BASE + STUB_SIZE)

/* The gate: `syscall; int3`.  A syscall issued here is allowed by the
 * backstop filter; its seccomp_data.instruction_pointer is STUB_GATE + 2. */
#define STUB_GATE         STUB_BASE
#define STUB_GATE_RET_IP  (STUB_GATE + 2)
#define STUB_GATE_TRAP_IP (STUB_GATE + 3) /* rip after the int3 */

/* A page of the stub the sentry may fill with syscall arguments (struct
 * itimerval...) before injecting a syscall that points at it. */
#define STUB_SCRATCH      (STUB_BASE + 0x10000)
#define STUB_SCRATCH_SIZE 0x1000

/* The host fd number the memory file has in every stub. */
#define STUB_MEMFILE_FD 240

/* Highest user address on x86-64 with 4-level paging (TASK_SIZE_MAX). */
#define HOST_TASK_SIZE 0x7ffffffff000UL

#endif

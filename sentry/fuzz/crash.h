/* Crash reports (sbx run --crash-report FILE): when a process dies of a
 * fault signal's default action (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGTRAP, SIGABRT, SIGSYS... every signal whose default is a core dump),
 * a JSON report of what it was doing: signal, si_code and fault address,
 * registers, the bytes at the instruction pointer, a backtrace (frame
 * pointers, then stack scanning where they stop), symbolised from the
 * mapped files' ELF symbol tables, the memory map, the sandbox's last 64
 * syscalls, and a crash id that groups crashes with the same top frames. */
#ifndef SBX_CRASH_H
#define SBX_CRASH_H

#include <signal.h>
#include <stdbool.h>

struct task;

extern bool crash_reports_enabled;

/* Write reports to the host file @path from now on (the syscall ring is
 * kept from here). */
void crash_init(const char *path);
/* @t's process is about to die of @info's signal: write the report
 * (replacing an earlier one: the file holds the last crash).  0, or -1
 * after a `sbx:` message. */
int crash_report(struct task *t, const siginfo_t *info);
/* The crash id of the last report written ("" if none). */
const char *crash_last_id(void);

#endif

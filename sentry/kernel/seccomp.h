/* A guest's own seccomp filters (kernel/seccomp.c): strict mode and
 * classic-BPF filters, checked as Linux checks them when installed and run
 * by a small interpreter before each syscall of the task.  Filters form a
 * tree through their prev pointers: a task holds a reference on its newest
 * one, fork shares it, execve keeps it. */
#ifndef SBX_SECCOMP_H
#define SBX_SECCOMP_H

#include <stdbool.h>
#include <stdint.h>

struct task;
struct seccomp_filter;

/* The syscall hook (do_syscall, before dispatch): runs once per syscall
 * entry.  False: the syscall goes on.  True: the filters decided and *ret
 * is the result (an errno, the syscall number after a SIGSYS trap, or
 * -SBX_NORESUME when the task or its process was killed). */
bool seccomp_syscall_denied(struct task *t, long *ret);

/* seccomp(2) and prctl(PR_SET_SECCOMP). */
long do_seccomp(struct task *t, unsigned op, unsigned flags, uint64_t uargs);
long prctl_set_seccomp(struct task *t, unsigned long mode, uint64_t filter);

/* fork: the child shares the parent's filters and mode. */
void seccomp_fork(struct task *p, const struct task *parent);
/* Drop a task's reference (task_free). */
void seccomp_put(struct seccomp_filter *f);
/* How many filters @t runs (/proc/<pid>/status Seccomp_filters). */
int seccomp_filter_count(const struct task *t);

#endif

/* System call handlers.  Each takes the calling task and the six raw
 * argument registers, and returns the result, a negative errno, or one of
 * the -SBX_* codes of task.h.  Handlers unpack their arguments and call
 * the code that does the work; semantics are Linux's, errno for errno. */
#ifndef SBX_SYSCALLS_H
#define SBX_SYSCALLS_H

#include <stdint.h>

struct task;

typedef long (*syscall_fn)(struct task *t, const uint64_t *a);

#define SYSCALL(name) long sys_##name(struct task *t, const uint64_t *a)

/* Linux's cap on one read or write (MAX_RW_COUNT). */
#define MAX_RW_COUNT (0x7fffffffUL & ~0xfffUL)

/* sys_rw.c */
SYSCALL(read);
SYSCALL(write);
SYSCALL(readv);
SYSCALL(writev);
SYSCALL(pread64);
SYSCALL(pwrite64);
SYSCALL(preadv);
SYSCALL(pwritev);
SYSCALL(preadv2);
SYSCALL(pwritev2);
SYSCALL(close);
SYSCALL(ioctl);
SYSCALL(lseek);

/* sys_mm.c */
SYSCALL(brk);
SYSCALL(mmap);
SYSCALL(munmap);
SYSCALL(mprotect);
SYSCALL(pkey_mprotect);
SYSCALL(pkey_alloc);
SYSCALL(pkey_free);
SYSCALL(mremap);
SYSCALL(madvise);

struct file;
/* mmap of a file (sys_mm.c), also used by the ELF loader. */
long do_mmap_file(struct task *t, struct file *f, uint64_t addr, uint64_t len, int prot, int flags,
		  unsigned vflags, uint64_t off);
/* RLIMIT_FSIZE: a write or truncate past it gets SIGXFSZ and -EFBIG. */
int check_fsize(struct task *t, int64_t end);
/* Copy a path from the guest (PATH_MAX with its NUL): length or -errno. */
long getname(struct task *t, uint64_t upath, char *buf);

/* sys_info.c */
SYSCALL(uname);
SYSCALL(getpid);
SYSCALL(gettid);
SYSCALL(getppid);
SYSCALL(getuid);
SYSCALL(geteuid);
SYSCALL(getgid);
SYSCALL(getegid);
SYSCALL(getrandom);
SYSCALL(prlimit64);
SYSCALL(getrlimit);
SYSCALL(setrlimit);
SYSCALL(sched_yield);

/* sys_time.c */
SYSCALL(clock_gettime);
SYSCALL(clock_getres);
SYSCALL(gettimeofday);
SYSCALL(settimeofday);
SYSCALL(clock_settime);
SYSCALL(adjtimex);
SYSCALL(clock_adjtime);
SYSCALL(time);

/* sys_thread.c */
SYSCALL(arch_prctl);
SYSCALL(set_tid_address);
SYSCALL(set_robust_list);
SYSCALL(get_robust_list);
SYSCALL(exit);
SYSCALL(exit_group);

/* sys_signal.c */
SYSCALL(rt_sigaction);
SYSCALL(rt_sigprocmask);
SYSCALL(rt_sigpending);
SYSCALL(rt_sigsuspend);
SYSCALL(rt_sigtimedwait);
SYSCALL(rt_sigqueueinfo);
SYSCALL(rt_tgsigqueueinfo);
SYSCALL(rt_sigreturn);
SYSCALL(kill);
SYSCALL(tkill);
SYSCALL(tgkill);
SYSCALL(sigaltstack);
SYSCALL(pause);
SYSCALL(restart_syscall);

/* sys_process.c */
SYSCALL(clone);
SYSCALL(clone3);
SYSCALL(fork);
SYSCALL(vfork);
SYSCALL(wait4);
SYSCALL(waitid);
SYSCALL(execve);
SYSCALL(execveat);
SYSCALL(setpgid);
SYSCALL(getpgid);
SYSCALL(getpgrp);
SYSCALL(getsid);
SYSCALL(setsid);
SYSCALL(pidfd_open);
SYSCALL(pidfd_send_signal);

/* sys_futex.c, sys_time.c (sleeps), sys_fd.c, sys_prctl.c */
SYSCALL(futex);
SYSCALL(futex_waitv);
SYSCALL(nanosleep);
SYSCALL(clock_nanosleep);
SYSCALL(getitimer);
SYSCALL(setitimer);
SYSCALL(alarm);
SYSCALL(dup);
SYSCALL(dup2);
SYSCALL(dup3);
SYSCALL(fcntl);
SYSCALL(pipe);
SYSCALL(pipe2);
SYSCALL(umask);
SYSCALL(prctl);

/* sys_open.c */
SYSCALL(open);
SYSCALL(openat);
SYSCALL(openat2);
SYSCALL(creat);
SYSCALL(stat);
SYSCALL(lstat);
SYSCALL(fstat);
SYSCALL(newfstatat);
SYSCALL(statx);
SYSCALL(access);
SYSCALL(faccessat);
SYSCALL(faccessat2);
SYSCALL(readlink);
SYSCALL(readlinkat);
SYSCALL(getdents64);
SYSCALL(getdents);
SYSCALL(getcwd);
SYSCALL(chdir);
SYSCALL(fchdir);
SYSCALL(chroot);

/* sys_namei.c */
SYSCALL(mknod);
SYSCALL(mknodat);
SYSCALL(mkdir);
SYSCALL(mkdirat);
SYSCALL(symlink);
SYSCALL(symlinkat);
SYSCALL(link);
SYSCALL(linkat);
SYSCALL(unlink);
SYSCALL(rmdir);
SYSCALL(unlinkat);
SYSCALL(rename);
SYSCALL(renameat);
SYSCALL(renameat2);

/* sys_attr.c */
SYSCALL(chmod);
SYSCALL(fchmod);
SYSCALL(fchmodat);
SYSCALL(fchmodat2);
SYSCALL(chown);
SYSCALL(lchown);
SYSCALL(fchown);
SYSCALL(fchownat);
SYSCALL(utimensat);
SYSCALL(utimes);
SYSCALL(futimesat);
SYSCALL(utime);
SYSCALL(truncate);
SYSCALL(ftruncate);
SYSCALL(fallocate);
SYSCALL(fsync);
SYSCALL(fdatasync);
SYSCALL(sync);
SYSCALL(syncfs);
SYSCALL(sync_file_range);
SYSCALL(statfs);
SYSCALL(fstatfs);
SYSCALL(getxattr);
SYSCALL(lgetxattr);
SYSCALL(fgetxattr);
SYSCALL(setxattr);
SYSCALL(lsetxattr);
SYSCALL(fsetxattr);
SYSCALL(listxattr);
SYSCALL(llistxattr);
SYSCALL(flistxattr);
SYSCALL(removexattr);
SYSCALL(lremovexattr);
SYSCALL(fremovexattr);

/* sys_fmisc.c, sys_info.c */
SYSCALL(close_range);
SYSCALL(sendfile);
SYSCALL(copy_file_range);
SYSCALL(splice);
SYSCALL(tee);
SYSCALL(vmsplice);
SYSCALL(memfd_create);
SYSCALL(flock);
SYSCALL(fadvise64);
SYSCALL(readahead);
SYSCALL(sysinfo);
SYSCALL(getrusage);
SYSCALL(times);

/* sys_unshare.c */
SYSCALL(unshare);

/* sys_poll.c, sys_epoll.c */
SYSCALL(poll);
SYSCALL(ppoll);
SYSCALL(select);
SYSCALL(pselect6);
SYSCALL(epoll_create);
SYSCALL(epoll_create1);
SYSCALL(epoll_ctl);
SYSCALL(epoll_wait);
SYSCALL(epoll_pwait);
SYSCALL(epoll_pwait2);

/* sys_eventfd.c */
SYSCALL(eventfd);
SYSCALL(eventfd2);
SYSCALL(timerfd_create);
SYSCALL(timerfd_settime);
SYSCALL(timerfd_gettime);
SYSCALL(signalfd);
SYSCALL(signalfd4);
SYSCALL(inotify_init);
SYSCALL(inotify_init1);
SYSCALL(inotify_add_watch);
SYSCALL(inotify_rm_watch);

/* sys_socket.c */
SYSCALL(socket);
SYSCALL(socketpair);
SYSCALL(bind);
SYSCALL(listen);
SYSCALL(connect);
SYSCALL(accept);
SYSCALL(accept4);
SYSCALL(shutdown);
SYSCALL(getsockname);
SYSCALL(getpeername);
SYSCALL(setsockopt);
SYSCALL(getsockopt);

/* sys_sockmsg.c */
SYSCALL(sendto);
SYSCALL(recvfrom);
SYSCALL(sendmsg);
SYSCALL(recvmsg);
SYSCALL(sendmmsg);
SYSCALL(recvmmsg);

/* sys_ipc.c */
SYSCALL(shmget);
SYSCALL(shmat);
SYSCALL(shmdt);
SYSCALL(shmctl);
SYSCALL(semget);
SYSCALL(semop);
SYSCALL(semtimedop);
SYSCALL(semctl);
SYSCALL(msgget);
SYSCALL(msgsnd);
SYSCALL(msgrcv);
SYSCALL(msgctl);
SYSCALL(io_setup);
SYSCALL(io_destroy);
SYSCALL(io_submit);
SYSCALL(io_getevents);
SYSCALL(io_cancel);
SYSCALL(io_pgetevents);
SYSCALL(mq_open);
SYSCALL(mq_unlink);
SYSCALL(mq_timedsend);
SYSCALL(mq_timedreceive);
SYSCALL(mq_notify);
SYSCALL(mq_getsetattr);

/* Refused on purpose, without the "unsupported" message (rseq...). */
SYSCALL(enosys_quiet);
/* madvise(2) on @mm (madvise and process_madvise). */
struct mm;
long madvise_range(struct mm *mm, uint64_t start, uint64_t len_in, int advice);

/* The handler of syscall @nr, or NULL (table.c; for compat.c). */
syscall_fn syscall_handler(long nr);

/* sys_cred.c */
SYSCALL(setuid);
SYSCALL(setgid);
SYSCALL(setreuid);
SYSCALL(setregid);
SYSCALL(setresuid);
SYSCALL(setresgid);
SYSCALL(getresuid);
SYSCALL(getresgid);
SYSCALL(setfsuid);
SYSCALL(setfsgid);
SYSCALL(getgroups);
SYSCALL(setgroups);
SYSCALL(capget);
SYSCALL(capset);

/* Refused with EPERM: no task of the sandbox holds the privilege (sys_refused.c). */
SYSCALL(eperm);

/* sys_sched.c */
SYSCALL(sched_getaffinity);
SYSCALL(sched_setaffinity);
SYSCALL(sched_setscheduler);
SYSCALL(sched_setparam);
SYSCALL(sched_getscheduler);
SYSCALL(sched_getparam);
SYSCALL(sched_setattr);
SYSCALL(sched_getattr);
SYSCALL(sched_get_priority_max);
SYSCALL(sched_get_priority_min);
SYSCALL(sched_rr_get_interval);
SYSCALL(setpriority);
SYSCALL(getpriority);
SYSCALL(ioprio_set);
SYSCALL(ioprio_get);
SYSCALL(getcpu);

/* sys_info.c */
SYSCALL(personality);
SYSCALL(sethostname);
SYSCALL(setdomainname);

/* sys_mm2.c */
SYSCALL(msync);
SYSCALL(mincore);
SYSCALL(mlock);
SYSCALL(mlock2);
SYSCALL(munlock);
SYSCALL(mlockall);
SYSCALL(munlockall);
SYSCALL(membarrier);
SYSCALL(process_vm_readv);
SYSCALL(process_vm_writev);
SYSCALL(pidfd_getfd);
SYSCALL(process_madvise);
SYSCALL(kcmp);
SYSCALL(set_mempolicy);
SYSCALL(get_mempolicy);
SYSCALL(mbind);
struct mm;
/* Name the anonymous memory of [start, start+len) (@name NULL: no name),
 * as prctl(PR_SET_VMA_ANON_NAME) does: 0, -EINVAL, -ENOMEM (a hole) or
 * -EBADF (a file mapping). */
int mm_set_anon_name(struct mm *mm, uint64_t start, uint64_t len, const char *name);

/* sys_mount.c, sys_timer.c */
SYSCALL(mount);
SYSCALL(umount2);
SYSCALL(setns);
SYSCALL(timer_create);
SYSCALL(timer_settime);
SYSCALL(timer_gettime);
SYSCALL(timer_getoverrun);
SYSCALL(timer_delete);

/* sys_seccomp.c */
SYSCALL(seccomp);

#endif

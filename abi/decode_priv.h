/* Internals of the decoders: the DECODER macro, the list of decoders the
 * syscall table refers to, and formatters shared between subjects. */
#ifndef SBX_ABI_DECODE_PRIV_H
#define SBX_ABI_DECODE_PRIV_H

#include <stdint.h>
#include <sys/time.h>

#include "decode.h"

#define DECODER(name) int decode_##name(struct dec *d)

/* Every decoder (each one is `decode_NAME`); a decoder may serve several
 * syscalls with the same arguments (stat and lstat). */
/* files */
DECODER(stat);
DECODER(fstat);
DECODER(newfstatat);
DECODER(statx);
DECODER(statfs);
DECODER(fstatfs);
DECODER(open);
DECODER(openat);
DECODER(creat);
DECODER(openat2);
DECODER(access);
DECODER(faccessat);
DECODER(faccessat2);
DECODER(path);
DECODER(path_path);
DECODER(getcwd);
DECODER(mkdir);
DECODER(mkdirat);
DECODER(mknod);
DECODER(mknodat);
DECODER(unlinkat);
DECODER(renameat);
DECODER(renameat2);
DECODER(linkat);
DECODER(symlinkat);
DECODER(readlink);
DECODER(readlinkat);
DECODER(chmod);
DECODER(fchmod);
DECODER(fchmodat);
DECODER(fchmodat2);
DECODER(chown);
DECODER(fchown);
DECODER(fchownat);
DECODER(umask);
DECODER(truncate);
DECODER(utime);
DECODER(utimes);
DECODER(futimesat);
DECODER(utimensat);
DECODER(setxattr);
DECODER(fsetxattr);
DECODER(getxattr);
DECODER(fgetxattr);
DECODER(listxattr);
DECODER(flistxattr);
DECODER(removexattr);
DECODER(fremovexattr);
DECODER(mount);
DECODER(umount2);
/* descriptors */
DECODER(read);
DECODER(write);
DECODER(pread64);
DECODER(pwrite64);
DECODER(readv);
DECODER(writev);
DECODER(preadv);
DECODER(pwritev);
DECODER(preadv2);
DECODER(pwritev2);
DECODER(fd);
DECODER(close_range);
DECODER(dup2);
DECODER(dup3);
DECODER(fcntl);
DECODER(ioctl);
DECODER(lseek);
DECODER(pipe);
DECODER(pipe2);
DECODER(ftruncate);
DECODER(fallocate);
DECODER(fadvise64);
DECODER(readahead);
DECODER(sendfile);
DECODER(copy_file_range);
DECODER(splice);
DECODER(tee);
DECODER(sync_file_range);
DECODER(flock);
DECODER(poll);
DECODER(ppoll);
DECODER(select);
DECODER(pselect6);
DECODER(int);
DECODER(epoll_create1);
DECODER(epoll_ctl);
DECODER(epoll_wait);
DECODER(epoll_pwait);
DECODER(epoll_pwait2);
DECODER(eventfd2);
DECODER(signalfd);
DECODER(signalfd4);
DECODER(timerfd_create);
DECODER(timerfd_settime);
DECODER(timerfd_gettime);
DECODER(memfd_create);
DECODER(getdents);
DECODER(inotify_init1);
DECODER(inotify_add_watch);
DECODER(inotify_rm_watch);
DECODER(none);
DECODER(vmsplice);
/* memory */
DECODER(mmap);
DECODER(munmap);
DECODER(mprotect);
DECODER(pkey_mprotect);
DECODER(pkey_alloc);
DECODER(io_setup);
DECODER(io_submit);
DECODER(io_getevents);
DECODER(io_cancel);
DECODER(mq_open);
DECODER(mq_unlink);
DECODER(mq_timedsend);
DECODER(mq_timedreceive);
DECODER(mq_notify);
DECODER(mq_getsetattr);
DECODER(pkey_free);
DECODER(mremap);
DECODER(madvise);
DECODER(brk);
DECODER(msync);
DECODER(mincore);
DECODER(mlock2);
DECODER(mlockall);
DECODER(membarrier);
/* processes */
DECODER(clone);
DECODER(clone3);
DECODER(execve);
DECODER(execveat);
DECODER(exit);
DECODER(wait4);
DECODER(waitid);
DECODER(set_tid_address);
DECODER(int_int);
DECODER(prctl);
DECODER(arch_prctl);
DECODER(kill);
DECODER(tgkill);
DECODER(futex);
DECODER(set_robust_list);
DECODER(get_robust_list);
DECODER(rseq);
DECODER(sched_getaffinity);
DECODER(sched_setaffinity);
DECODER(sched_getparam);
DECODER(sched_setscheduler);
DECODER(sched_policy);
DECODER(getpriority);
DECODER(setpriority);
DECODER(getcpu);
DECODER(pidfd_open);
DECODER(pidfd_send_signal);
DECODER(pidfd_getfd);
DECODER(futex_waitv);
DECODER(unshare);
DECODER(setns);
DECODER(personality);
DECODER(seccomp);
DECODER(getrusage);
/* signals */
DECODER(rt_sigaction);
DECODER(rt_sigprocmask);
DECODER(rt_sigpending);
DECODER(rt_sigsuspend);
DECODER(rt_sigtimedwait);
DECODER(rt_sigqueueinfo);
DECODER(rt_tgsigqueueinfo);
DECODER(rt_sigreturn);
DECODER(sigaltstack);
DECODER(uint);
DECODER(restart_syscall);
/* time */
DECODER(nanosleep);
DECODER(clock_nanosleep);
DECODER(clock_gettime);
DECODER(clock_settime);
DECODER(gettimeofday);
DECODER(settimeofday);
DECODER(adjtimex);
DECODER(clock_adjtime);
DECODER(time);
DECODER(times);
DECODER(getitimer);
DECODER(setitimer);
DECODER(timer_create);
DECODER(timer_settime);
DECODER(timer_gettime);
/* information, limits, credentials */
DECODER(uname);
DECODER(sysinfo);
DECODER(getrandom);
DECODER(getrlimit);
DECODER(setrlimit);
DECODER(prlimit64);
DECODER(id);
DECODER(id_id);
DECODER(id_id_id);
DECODER(getresid);
DECODER(getgroups);
DECODER(setgroups);
DECODER(capget);
DECODER(capset);
DECODER(syslog);
/* network */
DECODER(socket);
DECODER(socketpair);
DECODER(sockaddr_in);
DECODER(listen);
DECODER(accept);
DECODER(accept4);
DECODER(sockaddr_out);
DECODER(sendto);
DECODER(recvfrom);
DECODER(sendmsg);
DECODER(recvmsg);
DECODER(shutdown);
DECODER(setsockopt);
DECODER(getsockopt);
DECODER(sendmmsg);
DECODER(recvmmsg);
/* ipc */
DECODER(shmget);
DECODER(shmat);
DECODER(shmdt);
DECODER(shmctl);
DECODER(semget);
DECODER(semop);
DECODER(semtimedop);
DECODER(semctl);
DECODER(msgget);
DECODER(msgsnd);
DECODER(msgrcv);
DECODER(msgctl);
DECODER(n);

/* the rest */
DECODER(raw);
DECODER(ptrace);
DECODER(reboot);
DECODER(sethostname);
DECODER(iopl);
DECODER(ioperm);
DECODER(ioprio_get);
DECODER(ioprio_set);
DECODER(swapon);
DECODER(init_module);
DECODER(finit_module);
DECODER(delete_module);
DECODER(kexec_load);
DECODER(kexec_file_load);
DECODER(mbind);
DECODER(set_mempolicy);
DECODER(get_mempolicy);
DECODER(bpf);
DECODER(perf_event_open);
DECODER(io_uring_setup);
DECODER(io_uring_enter);
DECODER(io_uring_register);
DECODER(userfaultfd);
DECODER(process_vm_readv);
DECODER(process_madvise);
DECODER(kcmp);
DECODER(open_tree);
DECODER(move_mount);
DECODER(fsopen);
DECODER(fsconfig);
DECODER(fsmount);
DECODER(fspick);
DECODER(mount_setattr);
DECODER(quotactl);
DECODER(quotactl_fd);
DECODER(sched_getattr);
DECODER(sched_setattr);
DECODER(sched_rr_get_interval);

/* Shared formatters (they print into d->sb). */
void fmt_timespec(struct dec *d, const void *p); /* struct __kernel_timespec */
void fmt_timeval(struct dec *d, const void *p);	 /* struct timeval */
void fmt_itimerspec(struct dec *d, const void *p);
void fmt_iovec_array(struct dec *d, uint64_t addr, uint64_t n, int64_t data_max);
/* iovecs whose bases are shown as addresses (another process's). */
void fmt_iovec_addrs(struct dec *d, uint64_t addr, uint64_t n);
void fmt_sockaddr(struct dec *d, uint64_t addr, uint64_t len);
void fmt_time_comment(struct sbuf *sb, int64_t sec, long nsec, bool with_ns);
/* A uid/gid argument: -1 or unsigned. */
void p_id(struct dec *d, uint64_t v);
/* A timespec argument. */
void p_timespec(struct dec *d, uint64_t addr);

#endif

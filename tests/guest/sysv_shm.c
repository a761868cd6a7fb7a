/* System V shared memory: a counter in a segment incremented by forked
 * children under a semaphore; attach counts across fork, detach and exit;
 * IPC_RMID while attached; keys, IPC_EXCL, sizes, permissions, read-only
 * attaches, fixed and rounded addresses, shmctl. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

static unsigned long nattch(int id)
{
	struct shmid_ds d;
	if (shmctl(id, IPC_STAT, &d) < 0)
		return (unsigned long)-1;
	return (unsigned long)d.shm_nattch;
}

static int segv_child(volatile int *p)
{
	pid_t c = fork();
	if (c == 0) {
		*p = 1;
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

int main(void)
{
	/* The counter: 8 children add 1000 each, one at a time. */
	int id = shmget(IPC_PRIVATE, sizeof(long), IPC_CREAT | 0600);
	SAY("shmget: %s", rs(id));
	int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	semctl(sem, 0, SETVAL, 1);
	long *counter = shmat(id, NULL, 0);
	SAY("shmat: %s", counter == (void *)-1 ? ename(errno) : "ok");
	SAY("fresh memory is zero: %ld", *counter);
	SAY("attached once: %lu", nattch(id));
	for (int i = 0; i < 8; i++) {
		if (fork() == 0) {
			for (int k = 0; k < 1000; k++) {
				struct sembuf down = {0, -1, SEM_UNDO}, up = {0, 1, SEM_UNDO};
				semop(sem, &down, 1);
				(*counter)++;
				semop(sem, &up, 1);
			}
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	SAY("counter after 8 children x 1000: %ld", *counter);
	SAY("attach count back to one: %lu", nattch(id));

	/* A child attaches on its own; a forked attach counts too. */
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		long *again = shmat(id, NULL, 0);
		*again += 5;
		char x = 'x';
		write(p[1], &x, 1);
		pause();
		_exit(0);
	}
	char x;
	read(p[0], &x, 1);
	SAY("with a child's own attach and the fork's: %lu, counter %ld", nattch(id), *counter);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	SAY("after the child's death: %lu", nattch(id));

	/* Detach and errors. */
	SAY("shmdt: %s", rs(shmdt(counter)));
	SAY("shmdt again: %s", rs(shmdt(counter)));
	SAY("shmdt unaligned: %s", rs(shmdt((char *)counter + 1)));
	SAY("no attach: %lu", nattch(id));
	struct shmid_ds d;
	shmctl(id, IPC_STAT, &d);
	SAY("IPC_STAT: size %lu mode %o creator pid mine %s", (unsigned long)d.shm_segsz,
	    d.shm_perm.mode & 0777, d.shm_cpid == getpid() ? "yes" : "no");
	/* Attaching again sees what the children left. */
	counter = shmat(id, NULL, 0);
	SAY("attach again: counter %ld", *counter);
	SAY("IPC_RMID while attached: %s", rs(shmctl(id, IPC_RMID, NULL)));
	shmctl(id, IPC_STAT, &d);
	SAY("marked for destruction: %s, still usable %ld", (d.shm_perm.mode & 01000) ? "yes" : "no",
	    *counter);
	shmdt(counter);
	SAY("gone after the last detach: %s", rs(shmctl(id, IPC_STAT, &d)));
	SAY("attach a removed id: %s", shmat(id, NULL, 0) == (void *)-1 ? ename(errno) : "ok");

	/* Keys. */
	key_t key = (key_t)(0x5b0000 | (getpid() & 0xffff));
	shmctl(shmget(key, 1, 0), IPC_RMID, NULL);
	SAY("missing key: %s", rs(shmget(key, 4096, 0600)));
	int k1 = shmget(key, 8192, IPC_CREAT | 0640);
	SAY("create with a key: %s", rs(k1));
	SAY("same key, same id: %s", shmget(key, 4096, 0) == k1 ? "yes" : "no");
	SAY("IPC_EXCL: %s", rs(shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600)));
	SAY("bigger than it is: %s", rs(shmget(key, 16384, 0)));
	SAY("size 0 new: %s", rs(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600)));
	shmctl(k1, IPC_STAT, &d);
	d.shm_perm.mode = 0400;
	SAY("IPC_SET: %s", rs(shmctl(k1, IPC_SET, &d)));
	shmctl(k1, IPC_STAT, &d);
	SAY("mode now %o", d.shm_perm.mode & 0777);
	SAY("shmctl bad command: %s", rs(shmctl(k1, 9999, &d)));
	SAY("shmctl bad id: %s", rs(shmctl(-5, IPC_STAT, &d)));
	SAY("shmctl bad buffer: %s", rs(shmctl(k1, IPC_STAT, (struct shmid_ds *)8)));

	/* Read-only attaches fault on writes; SHM_RND and fixed addresses. */
	char *ro = shmat(k1, NULL, SHM_RDONLY);
	SAY("read-only attach: %s, write faults with signal %d", ro == (void *)-1 ? ename(errno) : "ok",
	    segv_child((volatile int *)ro));
	char *rw = shmat(k1, NULL, 0);
	strcpy(rw, "shared text");
	SAY("the read-only view sees writes: %s", ro);
	char *where = mmap(NULL, 1 << 20, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(where, 1 << 20);
	char *fixed = shmat(k1, where + 4096, 0);
	SAY("fixed address: %s", fixed == where + 4096 ? "yes" : "no");
	SAY("unaligned without SHM_RND: %s", shmat(k1, where + 100, 0) == (void *)-1 ? ename(errno) : "ok");
	char *rnd = shmat(k1, where + 0x20000 + 100, SHM_RND);
	SAY("SHM_RND rounds down: %s", rnd == where + 0x20000 ? "yes" : "no");
	SAY("over an existing attach: %s", shmat(k1, fixed, 0) == (void *)-1 ? ename(errno) : "ok");
	char *re = shmat(k1, fixed, SHM_REMAP);
	SAY("with SHM_REMAP: %s", re == fixed ? "yes" : "no");
	SAY("SHM_REMAP without an address: %s", shmat(k1, NULL, SHM_REMAP) == (void *)-1 ? ename(errno) : "ok");
	SAY("attaches: %lu", nattch(k1));
	/* munmap of part of an attach keeps it attached. */
	munmap(rw + 4096, 4096);
	SAY("after unmapping half of one: %lu", nattch(k1));
	shmdt(rw);
	shmdt(ro);
	shmdt(fixed);
	shmdt(rnd);
	SAY("all detached: %lu", nattch(k1));
	shmctl(k1, IPC_RMID, NULL);
	struct shminfo info;
	SAY("IPC_INFO: %s", shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0 ? "ok" : ename(errno));
	SAY("shmmin: %lu", info.shmmin);
	semctl(sem, 0, IPC_RMID);
	return 0;
}

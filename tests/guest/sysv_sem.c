/* System V semaphores: values, atomic multi-operations, waits for zero
 * and for a value woken by another process, IPC_NOWAIT, timeouts,
 * GETNCNT/GETZCNT, SEM_UNDO applied at exit, removal waking sleepers,
 * semctl commands and errors. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netcheck.h"

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int op(int id, unsigned short num, short delta, short flg)
{
	struct sembuf b = {num, delta, flg};
	return semop(id, &b, 1);
}

/* Wait until @n tasks sleep on semaphore @num of @id (for a decrement,
 * or for zero): polled without timing assumptions. */
static void wait_sleepers(int id, int num, int cmd, int n)
{
	while (semctl(id, num, cmd) < n)
		usleep(1000);
}

static void on_alarm(int s)
{
	(void)s;
}

int main(void)
{
	int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	SAY("semget: %s", rs(id));
	SAY("initial value: %d", semctl(id, 0, GETVAL));
	SAY("SETVAL 5: %s", rs(semctl(id, 0, SETVAL, (union semun){.val = 5})));
	SAY("GETVAL: %d", semctl(id, 0, GETVAL));
	SAY("GETPID is mine: %s", semctl(id, 0, GETPID) == getpid() ? "yes" : "no");
	SAY("SETVAL too big: %s", rs(semctl(id, 0, SETVAL, (union semun){.val = 40000})));
	SAY("SETVAL negative: %s", rs(semctl(id, 0, SETVAL, (union semun){.val = -1})));
	unsigned short all[3] = {1, 2, 3};
	SAY("SETALL: %s", rs(semctl(id, 0, SETALL, (union semun){.array = all})));
	memset(all, 0, sizeof(all));
	semctl(id, 0, GETALL, (union semun){.array = all});
	SAY("GETALL: %u %u %u", all[0], all[1], all[2]);
	SAY("semnum out of range: %s", rs(semctl(id, 3, GETVAL)));

	/* All or nothing: the second operation cannot go, so neither does. */
	struct sembuf two[2] = {{0, -1, 0}, {1, -5, IPC_NOWAIT}};
	SAY("atomic pair that cannot go: %s", rs(semop(id, two, 2)));
	SAY("first unchanged: %d", semctl(id, 0, GETVAL));
	two[1].sem_op = -2;
	int r = semop(id, two, 2);
	SAY("atomic pair that can: %s, now %d %d", rs(r), semctl(id, 0, GETVAL), semctl(id, 1, GETVAL));
	SAY("wait for zero on a zero: %s", rs(op(id, 0, 0, 0)));
	SAY("IPC_NOWAIT would block: %s", rs(op(id, 0, -1, IPC_NOWAIT)));
	SAY("above SEMVMX: %s", rs(op(id, 2, 32767, 0)));
	SAY("semnum past the set: %s", rs(op(id, 7, 1, 0)));
	SAY("no operations: %s", rs(semop(id, two, 0)));
	SAY("bad id: %s", rs(op(-1, 0, 1, 0)));
	SAY("bad pointer: %s", rs(semop(id, (struct sembuf *)8, 1)));
	struct timespec ts = {0, 20000000};
	struct sembuf dec = {0, -1, 0};
	SAY("semtimedop times out: %s", rs(semtimedop(id, &dec, 1, &ts)));
	ts.tv_nsec = -1;
	SAY("semtimedop bad timeout: %s", rs(semtimedop(id, &dec, 1, &ts)));

	/* Sleepers: two wait for a decrement, one for zero. */
	semctl(id, 0, SETVAL, (union semun){.val = 0});
	semctl(id, 1, SETVAL, (union semun){.val = 1});
	for (int i = 0; i < 2; i++)
		if (fork() == 0)
			_exit(op(id, 0, -1, 0) == 0 ? 0 : 1);
	if (fork() == 0)
		_exit(op(id, 1, 0, 0) == 0 ? 0 : 1);
	wait_sleepers(id, 0, GETNCNT, 2);
	wait_sleepers(id, 1, GETZCNT, 1);
	SAY("GETNCNT: %d GETZCNT: %d", semctl(id, 0, GETNCNT), semctl(id, 1, GETZCNT));
	op(id, 0, 2, 0);
	op(id, 1, -1, 0);
	int ok = 0, st;
	for (int i = 0; i < 3; i++) {
		wait(&st);
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	SAY("all three woke: %d, value %d", ok, semctl(id, 0, GETVAL));

	/* A signal interrupts a wait: EINTR. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGUSR1, &sa, NULL);
	pid_t me = getpid();
	pid_t c = fork();
	if (c == 0) {
		wait_sleepers(id, 0, GETNCNT, 1);
		kill(me, SIGUSR1);
		_exit(0);
	}
	SAY("interrupted by a signal: %s", rs(op(id, 0, -1, 0)));
	waitpid(c, NULL, 0);

	/* SEM_UNDO: what an exited process took comes back. */
	semctl(id, 2, SETVAL, (union semun){.val = 3});
	c = fork();
	if (c == 0) {
		op(id, 2, -2, SEM_UNDO);
		op(id, 2, 1, 0); /* not undone */
		_exit(0);
	}
	waitpid(c, NULL, 0);
	SAY("after a child took 2 with SEM_UNDO and gave 1 back: %d", semctl(id, 2, GETVAL));
	c = fork();
	if (c == 0) {
		op(id, 2, 5, SEM_UNDO);
		semctl(id, 2, SETVAL, (union semun){.val = 1}); /* clears the adjustment */
		_exit(0);
	}
	waitpid(c, NULL, 0);
	SAY("SETVAL clears undo: %d", semctl(id, 2, GETVAL));

	/* Removal wakes a sleeper with EIDRM. */
	c = fork();
	if (c == 0)
		_exit(op(id, 0, -1, 0) < 0 && errno == EIDRM ? 0 : 1);
	wait_sleepers(id, 0, GETNCNT, 1);
	SAY("IPC_RMID: %s", rs(semctl(id, 0, IPC_RMID)));
	waitpid(c, &st, 0);
	SAY("the sleeper got EIDRM: %s", WEXITSTATUS(st) == 0 ? "yes" : "no");
	SAY("removed id: %s", rs(semctl(id, 0, GETVAL)));

	/* Keys and stat. */
	key_t key = (key_t)(0x5e0000 | (getpid() & 0xffff));
	semctl(semget(key, 0, 0), 0, IPC_RMID);
	SAY("missing key: %s", rs(semget(key, 1, 0600)));
	int k = semget(key, 2, IPC_CREAT | 0640);
	SAY("more than the set has: %s", rs(semget(key, 3, 0)));
	SAY("zero new: %s", rs(semget(IPC_PRIVATE, 0, IPC_CREAT | 0600)));
	SAY("too many: %s", rs(semget(IPC_PRIVATE, 100000, IPC_CREAT | 0600)));
	struct semid_ds d;
	r = semctl(k, 0, IPC_STAT, (union semun){.buf = &d});
	SAY("IPC_STAT: %s nsems %lu mode %o", rs(r), (unsigned long)d.sem_nsems,
	    d.sem_perm.mode & 0777);
	d.sem_perm.mode = 0600;
	SAY("IPC_SET: %s", rs(semctl(k, 0, IPC_SET, (union semun){.buf = &d})));
	SAY("bad command: %s", rs(semctl(k, 0, 9999)));
	struct seminfo si;
	r = semctl(k, 0, IPC_INFO, (union semun){.buf = (void *)&si});
	SAY("IPC_INFO: %s semvmx %d", r >= 0 ? "ok" : ename(errno), si.semvmx);
	semctl(k, 0, IPC_RMID);
	return 0;
}

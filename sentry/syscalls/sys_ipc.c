/* System V IPC syscalls (ipc/syscall.c, shm.c, sem.c, msg.c): arguments
 * unpacked for sentry/ipc.  POSIX message queues (mq_*) are not offered:
 * ENOSYS. */
#define _GNU_SOURCE
#include <errno.h>

#include "../ipc/ipc.h"
#include "../kernel/task.h"
#include "syscalls.h"

SYSCALL(shmget)
{
	return shm_get(t, (int32_t)a[0], a[1], (int)a[2]);
}

SYSCALL(shmat)
{
	return shm_at(t, (int)a[0], a[1], (int)a[2]);
}

SYSCALL(shmdt)
{
	return shm_dt(t, a[0]);
}

SYSCALL(shmctl)
{
	return shm_ctl(t, (int)a[0], (int)a[1], a[2]);
}

SYSCALL(semget)
{
	return sem_get(t, (int32_t)a[0], (int)a[1], (int)a[2]);
}

SYSCALL(semop)
{
	return sem_op(t, (int)a[0], a[1], (unsigned)a[2], 0);
}

SYSCALL(semtimedop)
{
	return sem_op(t, (int)a[0], a[1], (unsigned)a[2], a[3]);
}

SYSCALL(semctl)
{
	return sem_ctl(t, (int)a[0], (int)a[1], (int)a[2], a[3]);
}

SYSCALL(msgget)
{
	return msg_get(t, (int32_t)a[0], (int)a[1]);
}

SYSCALL(msgsnd)
{
	return msg_snd(t, (int)a[0], a[1], a[2], (int)a[3]);
}

SYSCALL(msgrcv)
{
	return msg_rcv(t, (int)a[0], a[1], a[2], (long)a[3], (int)a[4]);
}

SYSCALL(msgctl)
{
	return msg_ctl(t, (int)a[0], (int)a[1], a[2]);
}

/* System V message queues: typed messages (first, by type, lowest type,
 * MSG_EXCEPT), truncation, a full queue waiting for a reader, a receive
 * waiting for a writer, removal waking sleepers, msgctl. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

struct m {
	long type;
	char text[64];
};

static int snd(int q, long type, const char *s, int flg)
{
	struct m b = {.type = type};
	strcpy(b.text, s);
	return msgsnd(q, &b, strlen(s), flg);
}

static void rcv(int q, long type, int flg, const char *what)
{
	struct m b;
	memset(&b, 0, sizeof(b));
	long r = msgrcv(q, &b, sizeof(b.text), type, flg);
	if (r < 0)
		SAY("%s: %s", what, ename(errno));
	else
		SAY("%s: type %ld %.*s", what, b.type, (int)r, b.text);
}

int main(void)
{
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	SAY("msgget: %s", rs(q));
	snd(q, 3, "three", 0);
	snd(q, 1, "one", 0);
	snd(q, 2, "two", 0);
	snd(q, 1, "one again", 0);
	struct msqid_ds d;
	msgctl(q, IPC_STAT, &d);
	SAY("queued: %lu messages, %lu bytes", (unsigned long)d.msg_qnum, (unsigned long)d.__msg_cbytes);
	rcv(q, 2, 0, "type 2");
	rcv(q, -2, 0, "lowest up to 2");
	rcv(q, 1, MSG_EXCEPT, "not type 1");
	rcv(q, 0, 0, "first");
	rcv(q, 0, IPC_NOWAIT, "empty");
	SAY("type 0: %s", rs(snd(q, 0, "x", 0)));
	SAY("negative size: %s", rs(msgsnd(q, &(struct m){.type = 1}, (size_t)-1, 0)));
	snd(q, 5, "a long message", 0);
	struct m small;
	SAY("too small a buffer: %s", rs(msgrcv(q, &small, 4, 0, 0)));
	long r = msgrcv(q, &small, 4, 0, MSG_NOERROR);
	SAY("MSG_NOERROR: %ld %.4s", r, small.text);
	SAY("bad id: %s", rs(msgsnd(-1, &small, 1, 0)));
	SAY("bad buffer: %s", rs(msgsnd(q, (void *)8, 1, 0)));

	/* A small queue: the second send waits until a child reads. */
	msgctl(q, IPC_STAT, &d);
	d.msg_qbytes = 16;
	SAY("IPC_SET qbytes: %s", rs(msgctl(q, IPC_SET, &d)));
	snd(q, 1, "0123456789abc", 0);
	SAY("full, IPC_NOWAIT: %s", rs(snd(q, 1, "more", IPC_NOWAIT)));
	pid_t c = fork();
	if (c == 0) {
		struct m b;
		for (int i = 0; i < 2; i++)
			if (msgrcv(q, &b, sizeof(b.text), 0, 0) < 0)
				_exit(1);
		_exit(0);
	}
	SAY("blocking send on a full queue: %s", rs(snd(q, 1, "more", 0)));
	int st;
	waitpid(c, &st, 0);
	SAY("child read both: %d", WEXITSTATUS(st));

	/* A receive waits for its type. */
	c = fork();
	if (c == 0) {
		snd(q, 8, "other", 0);
		snd(q, 9, "wanted", 0);
		_exit(0);
	}
	rcv(q, 9, 0, "waited for type 9");
	waitpid(c, NULL, 0);
	rcv(q, 0, 0, "then");

	/* Removal wakes a receiver with EIDRM. */
	c = fork();
	if (c == 0) {
		struct m b;
		/* EIDRM if it slept when the queue went (the usual case);
		 * EINVAL if it came too late. */
		_exit(msgrcv(q, &b, sizeof(b.text), 0, 0) < 0 && (errno == EIDRM || errno == EINVAL) ? 0 : 1);
	}
	/* No way to see the sleeper: wait until the child is blocked. */
	for (;;) {
		msgctl(q, IPC_STAT, &d);
		char path[64], state = 0;
		snprintf(path, sizeof(path), "/proc/%d/stat", c);
		FILE *f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%*d %*s %c", &state) != 1)
				state = 0;
			fclose(f);
		}
		if (state == 'S')
			break;
		usleep(1000);
	}
	SAY("IPC_RMID: %s", rs(msgctl(q, IPC_RMID, NULL)));
	waitpid(c, &st, 0);
	SAY("the sleeper failed: %s", WEXITSTATUS(st) == 0 ? "yes" : "no");
	SAY("removed: %s", rs(msgctl(q, IPC_STAT, &d)));

	key_t key = (key_t)(0x4d0000 | (getpid() & 0xffff));
	msgctl(msgget(key, 0), IPC_RMID, NULL);
	SAY("missing key: %s", rs(msgget(key, 0600)));
	int k = msgget(key, IPC_CREAT | 0600);
	SAY("same key: %s", msgget(key, 0) == k ? "yes" : "no");
	SAY("IPC_EXCL: %s", rs(msgget(key, IPC_CREAT | IPC_EXCL | 0600)));
	struct msginfo mi;
	SAY("IPC_INFO: %s", msgctl(k, IPC_INFO, (struct msqid_ds *)&mi) >= 0 ? "ok" : ename(errno));
	SAY("bad command: %s", rs(msgctl(k, 9999, &d)));
	msgctl(k, IPC_RMID, NULL);
	return 0;
}

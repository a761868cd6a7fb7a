/* What the System V IPC types share (ipc/util.c): tables of ids, keys,
 * permissions and the host's limits. */
#define _GNU_SOURCE
#include "ipc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/ipc.h>

#include "../kernel/task.h"

static void read_u64(const char *path, uint64_t *v)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return;
	unsigned long long x;
	if (fscanf(f, "%llu", &x) == 1)
		*v = x;
	fclose(f);
}

static void read_int(const char *path, int *v)
{
	uint64_t x = (uint64_t)*v;
	read_u64(path, &x);
	*v = (int)x;
}

const struct ipc_limits *ipc_limits(void)
{
	static struct ipc_limits l;
	static bool done;
	if (done)
		return &l;
	done = true;
	/* Linux's defaults (include/uapi/linux/shm.h, sem.h, msg.h). */
	l = (struct ipc_limits){.shmmax = UINT64_MAX - (1ULL << 24),
				.shmall = UINT64_MAX - (1ULL << 24),
				.shmmni = 4096,
				.semmsl = 32000,
				.semmns = 1024000000,
				.semopm = 500,
				.semmni = 32000,
				.msgmax = 8192,
				.msgmnb = 16384,
				.msgmni = 32000};
	read_u64("/proc/sys/kernel/shmmax", &l.shmmax);
	read_u64("/proc/sys/kernel/shmall", &l.shmall);
	read_u64("/proc/sys/kernel/shmmni", &l.shmmni);
	FILE *f = fopen("/proc/sys/kernel/sem", "re");
	if (f) {
		int a, b, c, d;
		if (fscanf(f, "%d %d %d %d", &a, &b, &c, &d) == 4) {
			l.semmsl = a;
			l.semmns = b;
			l.semopm = c;
			l.semmni = d;
		}
		fclose(f);
	}
	read_int("/proc/sys/kernel/msgmax", &l.msgmax);
	read_int("/proc/sys/kernel/msgmnb", &l.msgmnb);
	read_int("/proc/sys/kernel/msgmni", &l.msgmni);
	return &l;
}

time_t ipc_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

void *ipc_lookup(struct ipc_ids *ids, int id)
{
	if (id < 0)
		return NULL;
	int idx = id % IPC_MNI;
	if (idx >= ids->nslots || !ids->slots[idx])
		return NULL;
	struct ipc_perm_k *p = ids->slots[idx];
	return p->id == id ? p : NULL;
}

void *ipc_at(struct ipc_ids *ids, int idx)
{
	if (idx < 0 || idx >= ids->nslots)
		return NULL;
	return ids->slots[idx];
}

void *ipc_find_key(struct ipc_ids *ids, int32_t key)
{
	for (int i = 0; i < ids->nslots; i++) {
		struct ipc_perm_k *p = ids->slots[i];
		if (p && !p->deleted && p->key == key)
			return p;
	}
	return NULL;
}

int ipc_add(struct ipc_ids *ids, void *obj, struct task *t, int32_t key, int flags, int max)
{
	if (ids->in_use >= max || ids->in_use >= IPC_MNI)
		return -ENOSPC;
	int idx = 0;
	while (idx < ids->nslots && ids->slots[idx])
		idx++;
	if (idx == ids->nslots) {
		int n = ids->nslots ? ids->nslots * 2 : 16;
		if (n > IPC_MNI)
			n = IPC_MNI;
		void **s = realloc(ids->slots, sizeof(*s) * (size_t)n);
		if (!s)
			return -ENOMEM;
		memset(s + ids->nslots, 0, sizeof(*s) * (size_t)(n - ids->nslots));
		ids->slots = s;
		ids->nslots = n;
	}
	struct ipc_perm_k *p = obj;
	p->key = key;
	p->mode = (unsigned)flags & 0777;
	p->uid = p->cuid = t->cred.euid;
	p->gid = p->cgid = t->cred.egid;
	p->seq = ids->seq++ & 0xffff;
	p->id = (int)((p->seq * IPC_MNI + (unsigned)idx) & 0x7fffffff);
	ids->slots[idx] = obj;
	ids->in_use++;
	return 0;
}

void ipc_remove(struct ipc_ids *ids, void *obj)
{
	struct ipc_perm_k *p = obj;
	int idx = p->id % IPC_MNI;
	if (idx < ids->nslots && ids->slots[idx] == obj) {
		ids->slots[idx] = NULL;
		ids->in_use--;
	}
	p->deleted = true;
}

int ipc_max_idx(const struct ipc_ids *ids)
{
	int max = -1;
	for (int i = 0; i < ids->nslots; i++)
		if (ids->slots[i])
			max = i;
	return max;
}

int ipc_perms(struct task *t, const struct ipc_perm_k *p, int flag)
{
	int requested = (flag >> 6) | (flag >> 3) | flag;
	unsigned granted = p->mode;
	uid_t euid = t->cred.euid;
	if (euid == p->cuid || euid == p->uid)
		granted >>= 6;
	else if (task_in_group(t, p->cgid) || task_in_group(t, p->gid))
		granted >>= 3;
	if ((requested & ~(int)granted & 0007) && euid != 0) /* CAP_IPC_OWNER */
		return -EACCES;
	return 0;
}

int ipc_owner_check(struct task *t, const struct ipc_perm_k *p)
{
	uid_t euid = t->cred.euid;
	if (euid == p->cuid || euid == p->uid || euid == 0) /* CAP_SYS_ADMIN */
		return 0;
	return -EPERM;
}

void ipc_fill_perm(const struct ipc_perm_k *p, void *out)
{
	struct ipc64_perm o;
	memset(&o, 0, sizeof(o));
	o.key = p->key;
	o.uid = p->uid;
	o.gid = p->gid;
	o.cuid = p->cuid;
	o.cgid = p->cgid;
	o.mode = (unsigned short)p->mode;
	o.seq = (unsigned short)p->seq;
	memcpy(out, &o, sizeof(o));
}

void ipc_set_perm(struct ipc_perm_k *p, const void *in)
{
	struct ipc64_perm o;
	memcpy(&o, in, sizeof(o));
	p->uid = o.uid;
	p->gid = o.gid;
	p->mode = (p->mode & ~0777u) | (o.mode & 0777u);
}

/* System V IPC (ipc/util.c, shm.c, sem.c, msg.c): one namespace for the
 * sandbox.  Objects are found by key or by id; an id is seq * 32768 +
 * index (IPCMNI), so a reused index gets a new id. */
#ifndef SBX_IPC_H
#define SBX_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct task;
struct thread_group;

#define IPC_MNI 32768 /* IPCMNI: indexes per type */

/* kern_ipc_perm */
struct ipc_perm_k {
	int id;
	int32_t key;
	uid_t uid, cuid;
	gid_t gid, cgid;
	unsigned mode; /* permission bits, and SHM_DEST / SHM_LOCKED */
	unsigned seq;
	bool deleted;
};

/* A table of objects of one type. */
struct ipc_ids {
	void **slots; /* each object starts with its struct ipc_perm_k */
	int nslots;
	int in_use;
	unsigned seq;
};

/* The host's limits (/proc/sys/kernel/shm*, sem, msg*), read once. */
struct ipc_limits {
	uint64_t shmmax, shmall, shmmni;
	int semmsl, semmns, semopm, semmni;
	int msgmax, msgmnb, msgmni;
};
const struct ipc_limits *ipc_limits(void);

/* The object with @id (whose seq must match), or NULL. */
void *ipc_lookup(struct ipc_ids *ids, int id);
/* The object at index @idx (IPC_STAT by index: SHM_STAT...). */
void *ipc_at(struct ipc_ids *ids, int idx);
/* The object with @key (not IPC_PRIVATE), or NULL. */
void *ipc_find_key(struct ipc_ids *ids, int32_t key);
/* Give @obj (starting with its perm) an id and owner: 0 or -ENOSPC. */
int ipc_add(struct ipc_ids *ids, void *obj, struct task *t, int32_t key, int flags, int max);
void ipc_remove(struct ipc_ids *ids, void *obj);
/* The highest index in use (IPC_INFO's answer), or -1... */
int ipc_max_idx(const struct ipc_ids *ids);

/* ipcperms: may @t have @flag's access (S_IRUGO, S_IWUGO bits)?  0 or
 * -EACCES. */
int ipc_perms(struct task *t, const struct ipc_perm_k *p, int flag);
/* IPC_SET and IPC_RMID: the owner, the creator or a privileged task;
 * else -EPERM. */
int ipc_owner_check(struct task *t, const struct ipc_perm_k *p);
/* struct ipc64_perm as the guest sees it. */
void ipc_fill_perm(const struct ipc_perm_k *p, void *ipc64_perm);
/* IPC_SET: uid, gid and the permission bits from a guest ipc64_perm. */
void ipc_set_perm(struct ipc_perm_k *p, const void *ipc64_perm);
time_t ipc_now(void);

/* shm.c, sem.c, msg.c: the syscalls' work. */
long shm_get(struct task *t, int32_t key, uint64_t size, int flags);
long shm_at(struct task *t, int id, uint64_t addr, int flags);
long shm_dt(struct task *t, uint64_t addr);
long shm_ctl(struct task *t, int id, int cmd, uint64_t buf);
long sem_get(struct task *t, int32_t key, int nsems, int flags);
long sem_op(struct task *t, int id, uint64_t sops, unsigned nsops, uint64_t timeout);
long sem_ctl(struct task *t, int id, int num, int cmd, uint64_t arg);
long msg_get(struct task *t, int32_t key, int flags);
long msg_snd(struct task *t, int id, uint64_t msgp, uint64_t size, int flags);
long msg_rcv(struct task *t, int id, uint64_t msgp, uint64_t size, long type, int flags);
long msg_ctl(struct task *t, int id, int cmd, uint64_t buf);

/* The process @tg is gone: apply its SEM_UNDO adjustments. */
void sem_exit(struct thread_group *tg);

#endif

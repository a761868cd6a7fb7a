/* User and group ids, supplementary groups and capability sets
 * (kernel/sys.c, kernel/groups.c, kernel/capability.c).  Every change is
 * the sandbox's own: the host never sees a guest's setuid.  Each setter
 * builds the new credentials, checks them as Linux does, lets the
 * capability rules follow the uid change, then commits them. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/cred.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* (uid_t)-1 names no user: the initial user namespace maps every other
 * value (uid_valid / gid_valid). */
#define NO_ID ((uint32_t)-1)

SYSCALL(setuid)
{
	uid_t uid = (uid_t)a[0];
	struct cred new = t->cred;
	const struct cred *old = &t->cred;
	if (uid == NO_ID)
		return -EINVAL;
	if (capable(t, CAP_SETUID)) {
		new.uid = new.suid = uid;
	} else if (uid != old->uid && uid != old->suid) {
		return -EPERM;
	}
	new.fsuid = new.euid = uid;
	cap_task_fix_setuid(&new, old, LSM_SETID_ID);
	commit_creds(t, &new);
	return 0;
}

SYSCALL(setgid)
{
	gid_t gid = (gid_t)a[0];
	struct cred new = t->cred;
	const struct cred *old = &t->cred;
	if (gid == NO_ID)
		return -EINVAL;
	if (capable(t, CAP_SETGID))
		new.gid = new.egid = new.sgid = new.fsgid = gid;
	else if (gid == old->gid || gid == old->sgid)
		new.egid = new.fsgid = gid;
	else
		return -EPERM;
	commit_creds(t, &new);
	return 0;
}

SYSCALL(setreuid)
{
	uid_t ruid = (uid_t)a[0], euid = (uid_t)a[1];
	struct cred new = t->cred;
	const struct cred *old = &t->cred;
	/* -1 leaves an id alone; Linux checks every id the caller gave
	 * before anything else (EINVAL only for unmapped ids, none here). */
	if (ruid != NO_ID) {
		new.uid = ruid;
		if (ruid != old->uid && ruid != old->euid && !capable(t, CAP_SETUID))
			return -EPERM;
	}
	if (euid != NO_ID) {
		new.euid = euid;
		if (euid != old->uid && euid != old->euid && euid != old->suid &&
		    !capable(t, CAP_SETUID))
			return -EPERM;
	}
	/* The saved uid follows the effective one when the real uid is set,
	 * or when the effective uid becomes something other than the real. */
	if (ruid != NO_ID || (euid != NO_ID && euid != old->uid))
		new.suid = new.euid;
	new.fsuid = new.euid;
	cap_task_fix_setuid(&new, old, LSM_SETID_RE);
	commit_creds(t, &new);
	return 0;
}

SYSCALL(setregid)
{
	gid_t rgid = (gid_t)a[0], egid = (gid_t)a[1];
	struct cred new = t->cred;
	const struct cred *old = &t->cred;
	if (rgid != NO_ID) {
		if (rgid == old->gid || rgid == old->egid || capable(t, CAP_SETGID))
			new.gid = rgid;
		else
			return -EPERM;
	}
	if (egid != NO_ID) {
		if (egid == old->gid || egid == old->egid || egid == old->sgid ||
		    capable(t, CAP_SETGID))
			new.egid = egid;
		else
			return -EPERM;
	}
	if (rgid != NO_ID || (egid != NO_ID && egid != old->gid))
		new.sgid = new.egid;
	new.fsgid = new.egid;
	commit_creds(t, &new);
	return 0;
}

/* Is @id, when given, none of the caller's three current ids (a change
 * that needs the capability)? */
static bool is_new_id(uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
	return id != NO_ID && id != r && id != e && id != s;
}

SYSCALL(setresuid)
{
	uid_t ruid = (uid_t)a[0], euid = (uid_t)a[1], suid = (uid_t)a[2];
	const struct cred *old = &t->cred;
	/* Nothing to do: no check, no change (not even of dumpability). */
	if ((ruid == NO_ID || ruid == old->uid) &&
	    (euid == NO_ID || (euid == old->euid && euid == old->fsuid)) &&
	    (suid == NO_ID || suid == old->suid))
		return 0;
	if ((is_new_id(ruid, old->uid, old->euid, old->suid) ||
	     is_new_id(euid, old->uid, old->euid, old->suid) ||
	     is_new_id(suid, old->uid, old->euid, old->suid)) &&
	    !capable(t, CAP_SETUID))
		return -EPERM;
	struct cred new = *old;
	if (ruid != NO_ID)
		new.uid = ruid;
	if (euid != NO_ID)
		new.euid = euid;
	if (suid != NO_ID)
		new.suid = suid;
	new.fsuid = new.euid;
	cap_task_fix_setuid(&new, old, LSM_SETID_RES);
	commit_creds(t, &new);
	return 0;
}

SYSCALL(setresgid)
{
	gid_t rgid = (gid_t)a[0], egid = (gid_t)a[1], sgid = (gid_t)a[2];
	const struct cred *old = &t->cred;
	if ((rgid == NO_ID || rgid == old->gid) &&
	    (egid == NO_ID || (egid == old->egid && egid == old->fsgid)) &&
	    (sgid == NO_ID || sgid == old->sgid))
		return 0;
	if ((is_new_id(rgid, old->gid, old->egid, old->sgid) ||
	     is_new_id(egid, old->gid, old->egid, old->sgid) ||
	     is_new_id(sgid, old->gid, old->egid, old->sgid)) &&
	    !capable(t, CAP_SETGID))
		return -EPERM;
	struct cred new = *old;
	if (rgid != NO_ID)
		new.gid = rgid;
	if (egid != NO_ID)
		new.egid = egid;
	if (sgid != NO_ID)
		new.sgid = sgid;
	new.fsgid = new.egid;
	commit_creds(t, &new);
	return 0;
}

/* getresuid / getresgid: three separate stores, as put_user does; a bad
 * pointer after a good one leaves the first written. */
static long put_three(struct task *t, const uint64_t *a, uint32_t r, uint32_t e, uint32_t s)
{
	if (copy_to_user(t->mm, a[0], &r, sizeof(r)) < 0 ||
	    copy_to_user(t->mm, a[1], &e, sizeof(e)) < 0 ||
	    copy_to_user(t->mm, a[2], &s, sizeof(s)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(getresuid)
{
	return put_three(t, a, t->cred.uid, t->cred.euid, t->cred.suid);
}

SYSCALL(getresgid)
{
	return put_three(t, a, t->cred.gid, t->cred.egid, t->cred.sgid);
}

/* setfsuid / setfsgid never fail: they return the old value whether or
 * not the change was allowed. */
SYSCALL(setfsuid)
{
	uid_t uid = (uid_t)a[0];
	const struct cred *old = &t->cred;
	uid_t old_fsuid = old->fsuid;
	if (uid == NO_ID)
		return old_fsuid;
	if (uid == old->uid || uid == old->euid || uid == old->suid || uid == old->fsuid ||
	    capable(t, CAP_SETUID)) {
		if (uid != old->fsuid) {
			struct cred new = *old;
			new.fsuid = uid;
			cap_task_fix_setuid(&new, old, LSM_SETID_FS);
			commit_creds(t, &new);
		}
	}
	return old_fsuid;
}

SYSCALL(setfsgid)
{
	gid_t gid = (gid_t)a[0];
	const struct cred *old = &t->cred;
	gid_t old_fsgid = old->fsgid;
	if (gid == NO_ID)
		return old_fsgid;
	if (gid == old->gid || gid == old->egid || gid == old->sgid || gid == old->fsgid ||
	    capable(t, CAP_SETGID)) {
		if (gid != old->fsgid) {
			struct cred new = *old;
			new.fsgid = gid;
			commit_creds(t, &new);
		}
	}
	return old_fsgid;
}

SYSCALL(getgroups)
{
	int size = (int)a[0];
	int n = t->cred.ngroups;
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return n;
	if (n > size)
		return -EINVAL;
	if (n && copy_to_user(t->mm, a[1], t->cred.groups, (size_t)n * sizeof(gid_t)) < 0)
		return -EFAULT;
	return n;
}

static int cmp_gid(const void *x, const void *y)
{
	gid_t p = *(const gid_t *)x, q = *(const gid_t *)y;
	return p < q ? -1 : p > q;
}

#define NGROUPS_MAX_LINUX 65536

SYSCALL(setgroups)
{
	int size = (int)a[0];
	if (!capable(t, CAP_SETGID))
		return -EPERM;
	if ((unsigned)size > NGROUPS_MAX_LINUX)
		return -EINVAL;
	/* The sandbox keeps at most SBX_NGROUPS_MAX groups per task. */
	if (size > SBX_NGROUPS_MAX)
		return -EINVAL;
	struct cred new = t->cred;
	if (size && copy_from_user(t->mm, new.groups, a[1], (size_t)size * sizeof(gid_t)) < 0)
		return -EFAULT;
	for (int i = 0; i < size; i++)
		if (new.groups[i] == NO_ID)
			return -EINVAL;
	new.ngroups = size;
	qsort(new.groups, (size_t)size, sizeof(gid_t), cmp_gid);
	commit_creds(t, &new);
	return 0;
}

/* --- capget / capset (kernel/capability.c) --- */

/* The header's version says how many 32-bit words each set takes; an
 * unknown version is answered with the preferred one and EINVAL. */
static long cap_validate_magic(struct task *t, uint64_t uheader, unsigned *tocopy)
{
	uint32_t version;
	if (copy_from_user(t->mm, &version, uheader, sizeof(version)) < 0)
		return -EFAULT;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		*tocopy = _LINUX_CAPABILITY_U32S_1;
		return 0;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		*tocopy = _LINUX_CAPABILITY_U32S_3;
		return 0;
	default:
		version = _LINUX_CAPABILITY_VERSION_3;
		if (copy_to_user(t->mm, uheader, &version, sizeof(version)) < 0)
			return -EFAULT;
		return -EINVAL;
	}
}

SYSCALL(capget)
{
	unsigned tocopy = 0;
	long r = cap_validate_magic(t, a[0], &tocopy);
	/* A NULL data pointer asks only for the preferred version. */
	if (!a[1] || r != 0)
		return !a[1] && r == -EINVAL ? 0 : r;
	int32_t pid;
	if (copy_from_user(t->mm, &pid, a[0] + 4, sizeof(pid)) < 0)
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	const struct task *target = t;
	if (pid && pid != t->tid) {
		target = task_lookup(pid);
		if (!target || target->state == TASK_DEAD)
			return -ESRCH;
	}
	const struct cred *c = &target->cred;
	struct __user_cap_data_struct d[2] = {
	    {(uint32_t)c->cap_effective, (uint32_t)c->cap_permitted, (uint32_t)c->cap_inheritable},
	    {(uint32_t)(c->cap_effective >> 32), (uint32_t)(c->cap_permitted >> 32),
	     (uint32_t)(c->cap_inheritable >> 32)},
	};
	if (copy_to_user(t->mm, a[1], d, tocopy * sizeof(d[0])) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(capset)
{
	unsigned tocopy = 0;
	long r = cap_validate_magic(t, a[0], &tocopy);
	if (r != 0)
		return r;
	int32_t pid;
	if (copy_from_user(t->mm, &pid, a[0] + 4, sizeof(pid)) < 0)
		return -EFAULT;
	/* Only the caller's own sets may change. */
	if (pid != 0 && pid != t->tid)
		return -EPERM;
	struct __user_cap_data_struct d[2];
	memset(d, 0, sizeof(d));
	if (copy_from_user(t->mm, d, a[1], tocopy * sizeof(d[0])) < 0)
		return -EFAULT;
	uint64_t eff = (d[0].effective | (uint64_t)d[1].effective << 32) & CAP_VALID_MASK;
	uint64_t prm = (d[0].permitted | (uint64_t)d[1].permitted << 32) & CAP_VALID_MASK;
	uint64_t inh = (d[0].inheritable | (uint64_t)d[1].inheritable << 32) & CAP_VALID_MASK;
	const struct cred *old = &t->cred;
	/* cap_capset: without CAP_SETPCAP the inheritable set may only take
	 * permitted capabilities; never any outside the bounding set; the
	 * permitted set only shrinks; effective stays within permitted. */
	if (!capable(t, CAP_SETPCAP) && (inh & ~(old->cap_inheritable | old->cap_permitted)))
		return -EPERM;
	if (inh & ~(old->cap_inheritable | old->cap_bset))
		return -EPERM;
	if (prm & ~old->cap_permitted)
		return -EPERM;
	if (eff & ~prm)
		return -EPERM;
	struct cred new = *old;
	new.cap_effective = eff;
	new.cap_inheritable = inh;
	new.cap_permitted = prm;
	/* Ambient capabilities must stay both permitted and inheritable. */
	new.cap_ambient &= prm &inh;
	commit_creds(t, &new);
	return 0;
}

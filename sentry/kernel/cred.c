/* Credentials inside the sandbox: capable(), the capability rules of
 * security/commoncap.c, and commit_creds (kernel/cred.c). */
#define _GNU_SOURCE
#include "cred.h"

#include <grp.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../fs/file.h"
#include "../fs/vfs.h"
#include "../mm/mm.h"
#include "../confine/host.h"

/* The capabilities that fsuid 0 stood for (CAP_FS_SET): dropped from the
 * effective set when the fsuid leaves 0, raised again when it returns. */
#define CAP_FS_SET                                                                                 \
	(CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_DAC_OVERRIDE) |                     \
	 CAP_BIT(CAP_DAC_READ_SEARCH) | CAP_BIT(CAP_FOWNER) | CAP_BIT(CAP_FSETID) |                \
	 CAP_BIT(CAP_MAC_OVERRIDE) | CAP_BIT(CAP_LINUX_IMMUTABLE))

bool capable(const struct task *t, int cap)
{
	if (cap < 0 || cap > SBX_CAP_LAST)
		return false;
	return (t->cred.cap_effective & CAP_BIT(cap)) != 0;
}

/* sbx's own capability sets, as the host sees them. */
static bool host_caps(uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	*eff = (d[0].effective | (uint64_t)d[1].effective << 32) & CAP_VALID_MASK;
	*prm = (d[0].permitted | (uint64_t)d[1].permitted << 32) & CAP_VALID_MASK;
	*inh = (d[0].inheritable | (uint64_t)d[1].inheritable << 32) & CAP_VALID_MASK;
	return true;
}

/* The host's bounding set, capability by capability (PR_CAPBSET_READ). */
static uint64_t host_bset(void)
{
	uint64_t b = 0;
	for (int cap = 0; cap <= SBX_CAP_LAST; cap++) {
		/* EINVAL: a capability the host is too old to know; it
		 * cannot have been dropped, so it is in the set. */
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 0)
			b |= CAP_BIT(cap);
	}
	return b;
}

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
	return x < y ? -1 : x > y;
}

void cred_init_root(struct cred *c, uid_t uid, gid_t gid)
{
	memset(c, 0, sizeof(*c));
	bool as_host = uid == getuid() && gid == getgid();
	c->uid = c->suid = c->fsuid = uid;
	c->euid = as_host ? geteuid() : uid;
	c->gid = c->sgid = c->fsgid = gid;
	c->egid = as_host ? getegid() : gid;
	uint64_t eff, prm, inh;
	if (as_host && host_caps(&eff, &prm, &inh)) {
		c->cap_effective = eff;
		c->cap_permitted = prm;
		c->cap_inheritable = inh;
		c->cap_bset = host_bset();
		int sb = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
		c->securebits = sb > 0 ? (unsigned)sb & (SECURE_ALL_BITS | SECURE_ALL_LOCKS) : 0;
		int n = getgroups(SBX_NGROUPS_MAX, c->groups);
		c->ngroups = n > 0 ? n : 0;
		qsort(c->groups, (size_t)c->ngroups, sizeof(gid_t), cmp_gid);
		return;
	}
	/* A fresh login: root holds every capability, others none; the
	 * bounding set is full as for any process Linux starts. */
	c->cap_bset = CAP_VALID_MASK;
	if (uid == 0)
		c->cap_permitted = c->cap_effective = CAP_VALID_MASK;
	c->ngroups = 1;
	c->groups[0] = gid;
}

/* fs.suid_dumpable of the host: what a process whose credentials changed
 * becomes (0: not dumpable). */
static int suid_dumpable(void)
{
	static int v = -1;
	if (v < 0) {
		FILE *f = host_fopen("/proc/sys/fs/suid_dumpable", "re");
		v = 0;
		if (f) {
			if (fscanf(f, "%d", &v) != 1 || v < 0 || v > 2)
				v = 0;
			fclose(f);
		}
	}
	return v;
}

void commit_creds(struct task *t, const struct cred *new)
{
	const struct cred *old = &t->cred;
	if (old->euid != new->euid || old->egid != new->egid || old->fsuid != new->fsuid ||
	    old->fsgid != new->fsgid || (new->cap_permitted & ~old->cap_permitted)) {
		t->tg->dumpable = suid_dumpable();
		t->pdeath_signal = 0;
	}
	t->cred = *new;
}

/* cap_emulate_setxuid: leaving uid 0 in all three of real, effective and
 * saved uid drops the permitted and effective sets (unless keep-caps) and
 * the ambient set; the effective set follows the effective uid. */
static void cap_emulate_setxuid(struct cred *new, const struct cred *old)
{
	if ((old->uid == 0 || old->euid == 0 || old->suid == 0) &&
	    (new->uid != 0 && new->euid != 0 && new->suid != 0)) {
		if (!(old->securebits & SECBIT_KEEP_CAPS)) {
			new->cap_permitted = 0;
			new->cap_effective = 0;
		}
		/* Pre-ambient programs expect setresuid to non-root followed
		 * by exec to drop capabilities. */
		new->cap_ambient = 0;
	}
	if (old->euid == 0 && new->euid != 0)
		new->cap_effective = 0;
	if (old->euid != 0 && new->euid == 0)
		new->cap_effective = new->cap_permitted;
}

void cap_task_fix_setuid(struct cred *new, const struct cred *old, int flags)
{
	if (old->securebits & SECBIT_NO_SETUID_FIXUP)
		return;
	if (flags != LSM_SETID_FS) {
		cap_emulate_setxuid(new, old);
		return;
	}
	if (old->fsuid == 0 && new->fsuid != 0)
		new->cap_effective &= ~CAP_FS_SET;
	if (old->fsuid != 0 && new->fsuid == 0)
		new->cap_effective |= new->cap_permitted &CAP_FS_SET;
}

void cap_access_override(struct cred *c)
{
	if (c->securebits & SECBIT_NO_SETUID_FIXUP)
		return;
	c->cap_effective = c->uid == 0 ? c->cap_permitted : 0;
}

void cred_exec(struct task *t)
{
	struct cred new = t->cred;
	const struct cred *old = &t->cred;
	bool effective = false;
	/* No file capabilities: pP' starts empty (get_file_caps). */
	new.cap_permitted = 0;
	/* handle_privileged_root: root is given the bounding set (and its
	 * inheritable set), and an effective set when its euid is 0. */
	if (!(old->securebits & SECBIT_NOROOT)) {
		if (new.euid == 0 || new.uid == 0)
			new.cap_permitted = old->cap_bset | old->cap_inheritable;
		if (new.euid == 0)
			effective = true;
	}
	/* Under no_new_privs an exec never gains capabilities. */
	if (t->no_new_privs && (new.cap_permitted & ~old->cap_permitted))
		new.cap_permitted &= old->cap_permitted;
	new.suid = new.fsuid = new.euid;
	new.sgid = new.fsgid = new.egid;
	new.cap_permitted |= new.cap_ambient;
	new.cap_effective = effective ? new.cap_permitted : new.cap_ambient;
	new.securebits &= ~(unsigned)SECBIT_KEEP_CAPS;
	t->cred = new;
	/* setup_new_exec: dumpable again (SUID_DUMP_USER), unless the program
	 * may not be read by whoever runs it (would_dump). */
	t->tg->dumpable = 1;
	struct inode *ino = t->mm && t->mm->exe_file ? file_inode(t->mm->exe_file) : NULL;
	if (ino && inode_permission(t, ino, MAY_READ) < 0)
		t->tg->dumpable = suid_dumpable();
	/* The 64-bit ELF loader clears READ_IMPLIES_EXEC (set_personality_64bit). */
	t->personality &= ~(unsigned)READ_IMPLIES_EXEC;
}

/* Credentials inside the sandbox (kernel/cred.c, security/commoncap.c):
 * capability checks, the capability changes that follow uid changes and
 * execve, and commit_creds' side effects.  Nothing here reaches the host:
 * a guest's uid 0 and its capabilities are the sandbox's only. */
#ifndef SBX_CRED_H
#define SBX_CRED_H

#include <linux/capability.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "task.h"

/* Every capability this kernel knows (CAP_LAST_CAP: CAP_CHECKPOINT_RESTORE). */
#define SBX_CAP_LAST   40
#define CAP_VALID_MASK ((1ULL << (SBX_CAP_LAST + 1)) - 1)
#define CAP_BIT(cap)   (1ULL << (cap))

/* Does @t hold @cap in its effective set (ns_capable in the sandbox's
 * only user namespace)? */
bool capable(const struct task *t, int cap);

/* The credentials of the sandbox's first task: @uid / @gid, the host's
 * supplementary groups and capability sets when they are sbx's own ids
 * (the guest sees what sbx was started with), otherwise a fresh login's:
 * root gets every capability, anyone else none. */
void cred_init_root(struct cred *c, uid_t uid, gid_t gid);

/* Install @new as @t's credentials (commit_creds): when the effective or
 * filesystem ids change, or permitted capabilities grow, the process
 * stops being dumpable and the parent-death signal is cleared. */
void commit_creds(struct task *t, const struct cred *new);

/* The capability changes of a uid change (cap_task_fix_setuid):
 * LSM_SETID_ID / _RE / _RES follow the real, effective and saved uids,
 * LSM_SETID_FS the filesystem uid. */
#define LSM_SETID_ID  1
#define LSM_SETID_RE  2
#define LSM_SETID_RES 4
#define LSM_SETID_FS  8
void cap_task_fix_setuid(struct cred *new, const struct cred *old, int flags);

/* access(2)'s credentials (access_override_creds): the caller has set
 * the fs ids to the real ones; the effective capabilities become root's
 * permitted set for a real uid 0, none otherwise. */
void cap_access_override(struct cred *c);

/* execve's new credentials (cap_bprm_creds_from_file without file
 * capabilities): root's permitted set is refilled from the bounding set,
 * others keep only their ambient capabilities; keep-caps is cleared; the
 * process becomes dumpable again unless it may not read its own
 * executable.  Set-user-ID and set-group-ID bits are not honoured: the
 * sandbox's file tree behaves as a nosuid mount. */
void cred_exec(struct task *t);

#endif

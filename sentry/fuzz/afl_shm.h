/* The AFL++ coverage map for instrumented targets under the fork server.
 *
 * afl-fuzz creates a SysV shared memory segment and names it in
 * __AFL_SHM_ID; the target's instrumentation attaches it with shmat and
 * writes its edge counters there.  In fork-server mode only, a guest
 * shmat of exactly that id (the one sbx found in its own environment; no
 * other id can be reached) is carried out by the stub itself, an injected
 * shmat: the segment is the one host mapping of a guest besides the memory
 * file.  The sentry keeps a VMA_HOST vma for it and never touches its
 * contents; copies of the snapshot inherit the attachment with the stub's
 * host fork. */
#ifndef SBX_AFL_SHM_H
#define SBX_AFL_SHM_H

#include <stdbool.h>
#include <stdint.h>

struct task;

/* The segment id from __AFL_SHM_ID, or -1 (no map: nothing intercepted). */
extern int afl_shm_id;

/* Look __AFL_SHM_ID up in sbx's environment (fork-server mode). */
void afl_shm_init(void);
/* shmat(@a[0], @a[1], @a[2]) of the guest, when a[0] is the map's id: the
 * address, or -errno (EINVAL for a misaligned or taken address, ENOMEM
 * without room). */
long afl_shm_attach(struct task *t, const uint64_t *a);

#endif

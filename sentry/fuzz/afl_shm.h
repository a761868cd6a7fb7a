/* The AFL++ coverage map for instrumented targets under the fork server.
 *
 * afl-fuzz creates a SysV shared memory segment and names it in
 * __AFL_SHM_ID; the target's instrumentation attaches it with shmat and
 * writes its edge counters there.  In fork-server mode only, a guest
 * shmat of exactly that id (the one sbx found in its own environment; no
 * other id can be reached) becomes a host mapping of the segment in the
 * stub: the one host mapping of a guest besides the memory file.  The
 * stubs may run under another uid than afl-fuzz's (--host-uid), which the
 * segment's mode (0600) does not let in, so at start-up, before the first
 * stub, the sentry opens the segment's own file (/proc/self/map_files of
 * an attachment of its own; root may) and every stub holds it as the
 * platform's map file: the guest's shmat is an injected mmap of it.  When
 * that file cannot be had (an unprivileged sbx, whose stubs run as
 * afl-fuzz's user), the stub attaches the segment itself, an injected
 * shmat.  The sentry keeps a VMA_HOST vma for it and never touches its
 * contents; copies of the snapshot inherit the mapping with the stub's
 * host fork. */
#ifndef SBX_AFL_SHM_H
#define SBX_AFL_SHM_H

#include <stdbool.h>
#include <stdint.h>

struct task;

/* The segment id from __AFL_SHM_ID, or -1 (no map: nothing intercepted). */
extern int afl_shm_id;

/* Look __AFL_SHM_ID up in sbx's environment (fork-server mode) and open
 * the segment's file; before the platform starts.  @other_uid: the stubs
 * will run under another uid (a segment they cannot attach is then worth
 * a warning). */
void afl_shm_init(bool other_uid);
/* The segment's file, for platform_config.mapfile_fd; -1 if none. */
int afl_shm_file(void);
/* shmat(@a[0], @a[1], @a[2]) of the guest, when a[0] is the map's id: the
 * address, or -errno (EINVAL for a misaligned or taken address, ENOMEM
 * without room). */
long afl_shm_attach(struct task *t, const uint64_t *a);

#endif

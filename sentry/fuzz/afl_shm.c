/* The AFL++ coverage map (see afl_shm.h). */
#define _GNU_SOURCE
#include "afl_shm.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../platform/platform.h"
#include "../../util/log.h"
#include "../kernel/task.h"
#include "../mm/mm.h"

/* The environment variable's name, as AFL++'s config.h spells it (its
 * presence in the binary is also what afl-fuzz looks for). */
#define SHM_ENV_VAR "__AFL_SHM_ID"

int afl_shm_id = -1;
static uint64_t seg_size;
static int seg_fd = -1;

/* The file behind segment @id (its shmem inode), read-write, through an
 * attachment of the sentry's own that is gone again on return; -errno
 * (EPERM without CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE). */
static int segment_file(int id, uint64_t size)
{
	void *at = shmat(id, NULL, SHM_RDONLY);
	if (at == (void *)-1)
		return -errno;
	char path[80];
	snprintf(path, sizeof(path), "/proc/self/map_files/%lx-%lx", (unsigned long)at,
		 (unsigned long)at + (unsigned long)size);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	int r = fd < 0 ? -errno : fd;
	shmdt(at);
	return r;
}

void afl_shm_init(bool other_uid)
{
	const char *s = getenv(SHM_ENV_VAR);
	if (!s || !*s)
		return;
	char *end;
	long id = strtol(s, &end, 10);
	struct shmid_ds ds;
	if (*end || id < 0 || id > INT32_MAX || shmctl((int)id, IPC_STAT, &ds) < 0) {
		sbx_msg("--fork-server: %s=%s names no shared memory segment", SHM_ENV_VAR, s);
		return;
	}
	afl_shm_id = (int)id;
	seg_size = PAGE_ALIGN_UP(ds.shm_segsz);
	seg_fd = segment_file(afl_shm_id, seg_size);
	if (seg_fd < 0 && other_uid)
		sbx_msg("--fork-server: the coverage map (segment %d) cannot be shared with "
			"stubs of another uid (%s): see --host-uid",
			afl_shm_id, strerror(-seg_fd));
	sbx_dbg("AFL++ coverage map: segment %d, %llu bytes, %s", afl_shm_id,
		(unsigned long long)seg_size, seg_fd >= 0 ? "its file held" : "attached by stubs");
}

int afl_shm_file(void)
{
	return seg_fd >= 0 ? seg_fd : -1;
}

long afl_shm_attach(struct task *t, const uint64_t *a)
{
	struct mm *mm = t->mm;
	uint64_t addr = a[1];
	int flags = (int)a[2];
	const uint64_t shmlba = PAGE_SIZE; /* x86-64's SHMLBA */
	if (addr & (shmlba - 1)) {
		if (!(flags & SHM_RND))
			return -EINVAL;
		addr &= ~(shmlba - 1);
	}
	if (addr) {
		if (addr < MMAP_MIN_ADDR || addr > TASK_SIZE - seg_size ||
		    !mm_range_free(mm, addr, addr + seg_size))
			return -EINVAL;
	} else {
		addr = mm_get_unmapped_area(mm, 0, seg_size);
		if (!addr)
			return -ENOMEM;
	}
	int prot = (flags & SHM_RDONLY) ? PROT_READ : PROT_READ | PROT_WRITE;
	int64_t r = mm_mmap(mm, addr, seg_size, prot, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
			    VMA_HOST, NULL, 0);
	if (r < 0)
		return (long)r;
	/* The segment's file where the sentry holds it, else shmat. */
	int fd = platform_mapfile_fd();
	uint64_t mmap_args[6] = {addr, seg_size, (uint64_t)prot, MAP_SHARED | MAP_FIXED};
	uint64_t shmat_args[6] = {(uint64_t)afl_shm_id, addr, (uint64_t)(flags & SHM_RDONLY)};
	mmap_args[4] = (uint64_t)fd;
	long got = fd >= 0 ? as_syscall(mm->as, SYS_mmap, mmap_args, NULL, 0, NULL, 0)
			   : as_syscall(mm->as, SYS_shmat, shmat_args, NULL, 0, NULL, 0);
	if (got < 0 || (uint64_t)got != addr) {
		mm_munmap(mm, addr, seg_size);
		return got < 0 ? got : -EINVAL;
	}
	struct vma *v = mm_find_vma(mm, addr);
	if (v && !v->name)
		v->name = strdup("afl-coverage");
	return (long)addr;
}

/* hostfs: a host directory tree, passed through.
 *
 * Every inode holds an O_PATH fd of its host object, opened one component
 * at a time from its parent's fd with openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS): the sandbox's path walk
 * resolves symlinks itself, so no name the guest builds can make the host
 * follow anything out of the mount.  Files are opened again through the
 * sentry's own /proc/self/fd directory (a dirfd taken at start-up).  Inodes
 * are cached by host (dev, ino) so that their page caches outlive one use
 * (the hundredth exec of a program reads nothing from the host).
 */
#define _GNU_SOURCE
#include "hostfs.h"
#include "hostfs_impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <uthash.h>

#include "../../util/log.h"
#include "../kernel/det.h"
#include "../mm/memfile.h"
#include "../mm/uio.h"
#include "file.h"
#include "pagecache.h"
#include "special.h"
#include "tmpfs.h"
#include "../confine/host.h"

/* A host file as one instance sees it: the same host file reached through
 * two instances (the host's / and a --bind of one of its directories) gets
 * an inode in each, as each belongs to its own super_block and mount. */
struct hostfs_key {
	struct super_block *sb;
	dev_t dev;
	ino_t ino;
};

struct hostfs_inode {
	int fd; /* O_PATH | O_NOFOLLOW */
	struct hostfs_key key;
	struct timespec mtime; /* at caching time: a change drops the page cache */
	off_t size;
	struct inode *inode;
	/* Writable instances (--bind): a checksum + 1 of each cached page as
	 * the host file has it (0: unknown), so that pages the guest changed
	 * through a shared mapping are found and written back, and no others
	 * (which would undo the host's own changes). */
	uint64_t *sums;
	uint64_t nsums;
	UT_hash_handle hh;
	TAILQ_ENTRY(hostfs_inode) lru; /* unreferenced, kept for their cache */
	bool on_lru;
};

static int proc_fd_dir = -1;
static struct hostfs_inode *by_key;
static TAILQ_HEAD(, hostfs_inode) lru = TAILQ_HEAD_INITIALIZER(lru);
static int lru_len;
#define LRU_MAX 1024

static const struct inode_ops hostfs_iops;
static const struct file_ops hostfs_file_ops;
static const struct file_ops hostfs_dir_ops;

static struct hostfs_inode *hi(struct inode *ino)
{
	return ino->priv;
}

/* FNV-1a over a page, 8 bytes at a time. */
static uint64_t page_sum(const void *page)
{
	const uint64_t *w = page;
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < PAGE_SIZE / 8; i++)
		h = (h ^ w[i]) * 1099511628211ULL;
	return h;
}

/* Page @idx of @ino now holds what the host file holds. */
static void note_clean(struct inode *ino, uint64_t idx, const void *page)
{
	struct hostfs_inode *h = hi(ino);
	if (ino->sb->readonly)
		return;
	if (idx >= h->nsums) {
		uint64_t n = idx + 1 > 2 * h->nsums ? idx + 1 : 2 * h->nsums;
		uint64_t *v = realloc(h->sums, n * sizeof(*v));
		if (!v)
			return; /* unknown: written back when it differs from the host */
		memset(v + h->nsums, 0, (n - h->nsums) * sizeof(*v));
		h->sums = v;
		h->nsums = n;
	}
	h->sums[idx] = page_sum(page) + 1;
}

/* Drop the cached pages from @idx on. */
static void drop_cache(struct inode *ino, uint64_t idx)
{
	struct hostfs_inode *h = hi(ino);
	pagecache_truncate(ino->cache, idx);
	for (uint64_t i = idx; i < h->nsums; i++)
		h->sums[i] = 0;
}

int hostfs_init(void)
{
	if (proc_fd_dir < 0)
		proc_fd_dir = host_open("/proc/self/fd/.", O_PATH | O_DIRECTORY);
	return proc_fd_dir < 0 ? -errno : 0;
}

/* Open the host object behind an O_PATH fd again, with @flags. */
static int reopen(int fd, int flags)
{
	char name[16];
	snprintf(name, sizeof(name), "%d", fd);
	int r = openat(proc_fd_dir, name,
		       (flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOFOLLOW)) | O_CLOEXEC);
	return r < 0 ? -errno : r;
}

static int open_beneath(int dirfd, const char *name, int flags)
{
	struct open_how how = {
	    .flags = (uint64_t)(flags | O_CLOEXEC | O_NOFOLLOW),
	    .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	long r = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	return r < 0 ? -errno : (int)r;
}

static void lru_remove(struct hostfs_inode *h)
{
	if (h->on_lru) {
		TAILQ_REMOVE(&lru, h, lru);
		h->on_lru = false;
		lru_len--;
	}
}

/* Make (or find) the inode for the host object behind @fd (taken over). */
static int inode_for_fd(struct super_block *sb, int fd, struct inode **out)
{
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	struct hostfs_key key;
	memset(&key, 0, sizeof(key)); /* no padding bytes in the hash */
	key.sb = sb;
	key.dev = st.st_dev;
	key.ino = st.st_ino;
	struct hostfs_inode *h;
	HASH_FIND(hh, by_key, &key, sizeof(key), h);
	if (h) {
		close(fd);
		/* Changed on the host since it was cached: its pages are stale. */
		if (h->inode->cache &&
		    (h->mtime.tv_sec != st.st_mtim.tv_sec ||
		     h->mtime.tv_nsec != st.st_mtim.tv_nsec || h->size != st.st_size)) {
			drop_cache(h->inode, 0);
			h->mtime = st.st_mtim;
			h->size = st.st_size;
		}
		h->inode->mode = st.st_mode;
		h->inode->uid = st.st_uid;
		h->inode->gid = st.st_gid;
		h->inode->nlink = st.st_nlink;
		lru_remove(h);
		inode_get(h->inode);
		*out = h->inode;
		return 0;
	}
	const struct file_ops *fops = S_ISDIR(st.st_mode)   ? &hostfs_dir_ops
				      : S_ISREG(st.st_mode) ? &hostfs_file_ops
							    : NULL;
	struct inode *ino = inode_new(sb, st.st_mode, &hostfs_iops, fops);
	h = calloc(1, sizeof(*h));
	if (!ino || !h) {
		free(ino);
		free(h);
		close(fd);
		return -ENOMEM;
	}
	h->fd = fd;
	h->key = key;
	h->mtime = st.st_mtim;
	h->size = st.st_size;
	h->inode = ino;
	ino->priv = h;
	ino->ino = st.st_ino;
	ino->uid = st.st_uid;
	ino->gid = st.st_gid;
	ino->nlink = st.st_nlink;
	ino->rdev = st.st_rdev;
	if (S_ISREG(st.st_mode))
		ino->cache = pagecache_new();
	HASH_ADD(hh, by_key, key, sizeof(key), h);
	*out = ino;
	return 0;
}

static int writeback(struct inode *ino);

static void hostfs_evict(struct inode *ino)
{
	struct hostfs_inode *h = hi(ino);
	writeback(ino);
	free(h->sums);
	lru_remove(h);
	HASH_DEL(by_key, h);
	close(h->fd);
	free(h);
}

/* The last reference is gone: a file with cached pages stays on the LRU
 * (its page cache is what makes the next exec cheap); the oldest beyond
 * LRU_MAX is freed. */
static bool hostfs_unused(struct inode *ino)
{
	struct hostfs_inode *h = hi(ino);
	if (!ino->cache || !ino->cache->nslots)
		return false;
	/* No mapping is left: what it changed goes to the host now. */
	writeback(ino);
	TAILQ_INSERT_TAIL(&lru, h, lru);
	h->on_lru = true;
	if (++lru_len > LRU_MAX) {
		struct hostfs_inode *old = TAILQ_FIRST(&lru);
		lru_remove(old);
		inode_free(old->inode);
	}
	return true;
}

static int hostfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	int fd = open_beneath(hi(dir)->fd, name, O_PATH);
	if (fd < 0)
		return fd == -ELOOP || fd == -EXDEV ? -ENOENT : fd;
	return inode_for_fd(dir->sb, fd, out);
}

static int hostfs_getattr(struct inode *ino, struct stat *st)
{
	return fstat(hi(ino)->fd, st) < 0 ? -errno : 0;
}

static int hostfs_getbtime(struct inode *ino, struct timespec *ts)
{
	struct statx x;
	if (statx(hi(ino)->fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BTIME, &x) < 0)
		return -errno;
	if (!(x.stx_mask & STATX_BTIME))
		return -ENODATA;
	ts->tv_sec = x.stx_btime.tv_sec;
	ts->tv_nsec = x.stx_btime.tv_nsec;
	return 0;
}

static long hostfs_readlink(struct inode *ino, char *buf, size_t size)
{
	ssize_t n = readlinkat(hi(ino)->fd, "", buf, size);
	return n < 0 ? -errno : n;
}

static bool writable_sb(struct inode *ino)
{
	return !ino->sb->readonly;
}

static int hostfs_create(struct inode *dir, const char *name, mode_t mode, struct task *t,
			 struct inode **out)
{
	(void)t;
	if (!writable_sb(dir))
		return -EROFS;
	int fd = openat(hi(dir)->fd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW,
			mode & 07777);
	if (fd < 0)
		return -errno;
	close(fd);
	return hostfs_lookup(dir, name, out);
}

static int hostfs_mkdir(struct inode *dir, const char *name, mode_t mode, struct task *t)
{
	(void)t;
	if (!writable_sb(dir))
		return -EROFS;
	return mkdirat(hi(dir)->fd, name, mode & 07777) < 0 ? -errno : 0;
}

static int hostfs_mknod(struct inode *dir, const char *name, mode_t mode, dev_t dev, struct task *t)
{
	(void)t;
	if (!writable_sb(dir))
		return -EROFS;
	return mknodat(hi(dir)->fd, name, mode, dev) < 0 ? -errno : 0;
}

static int hostfs_symlink(struct inode *dir, const char *name, const char *target, struct task *t)
{
	(void)t;
	if (!writable_sb(dir))
		return -EROFS;
	return symlinkat(target, hi(dir)->fd, name) < 0 ? -errno : 0;
}

static int hostfs_link(struct inode *old, struct inode *dir, const char *name)
{
	if (!writable_sb(dir))
		return -EROFS;
	char src[16];
	snprintf(src, sizeof(src), "%d", hi(old)->fd);
	return linkat(proc_fd_dir, src, hi(dir)->fd, name, AT_SYMLINK_FOLLOW) < 0 ? -errno : 0;
}

static int hostfs_unlink(struct inode *dir, const char *name)
{
	if (!writable_sb(dir))
		return -EROFS;
	return unlinkat(hi(dir)->fd, name, 0) < 0 ? -errno : 0;
}

static int hostfs_rmdir(struct inode *dir, const char *name)
{
	if (!writable_sb(dir))
		return -EROFS;
	return unlinkat(hi(dir)->fd, name, AT_REMOVEDIR) < 0 ? -errno : 0;
}

static int hostfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
			 const char *nname, unsigned flags)
{
	if (!writable_sb(odir))
		return -EROFS;
	return renameat2(hi(odir)->fd, oname, hi(ndir)->fd, nname, flags) < 0 ? -errno : 0;
}

static int hostfs_setattr(struct inode *ino, const struct iattr *a)
{
	if (!writable_sb(ino))
		return -EROFS;
	char name[16];
	snprintf(name, sizeof(name), "%d", hi(ino)->fd);
	if ((a->valid & ATTR_MODE) && fchmodat(proc_fd_dir, name, a->mode & 07777, 0) < 0)
		return -errno;
	if ((a->valid & (ATTR_UID | ATTR_GID)) &&
	    fchownat(proc_fd_dir, name, (a->valid & ATTR_UID) ? a->uid : (uid_t)-1,
		     (a->valid & ATTR_GID) ? a->gid : (gid_t)-1, 0) < 0)
		return -errno;
	if (a->valid & ATTR_SIZE) {
		int fd = reopen(hi(ino)->fd, O_WRONLY);
		if (fd < 0)
			return fd;
		int r = ftruncate(fd, a->size) < 0 ? -errno : 0;
		close(fd);
		if (r < 0)
			return r;
		if (ino->cache)
			drop_cache(ino, 0);
	}
	if (a->valid & (ATTR_ATIME | ATTR_MTIME)) {
		struct timespec ts[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
		if (a->valid & ATTR_ATIME)
			ts[0] = a->atime;
		if (a->valid & ATTR_MTIME)
			ts[1] = a->mtime;
		if (utimensat(proc_fd_dir, name, ts, 0) < 0)
			return -errno;
	}
	return 0;
}

static int hostfs_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	struct inode *ino = f->inode; /* the real inode, under an overlay */
	if (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode)) {
		/* Host device nodes and FIFOs are not opened through: the
		 * sandbox's own devices stand in for them. */
		return special_open(ino, f, flags);
	}
	int acc = flags & O_ACCMODE;
	if (acc != O_RDONLY && ino->sb->readonly)
		return -EROFS;
	struct hostfs_file *hf = calloc(1, sizeof(*hf));
	if (!hf)
		return -ENOMEM;
	int hflags = acc | (flags & (O_APPEND | O_DIRECTORY | O_NOATIME));
	if (S_ISDIR(ino->mode))
		hflags = O_RDONLY | O_DIRECTORY;
	hf->fd = reopen(hi(ino)->fd, hflags);
	if (hf->fd < 0) {
		int r = hf->fd;
		free(hf);
		return r == -EPERM ? -EACCES : r;
	}
	f->priv = hf;
	return 0;
}

/* Is cached page @idx of @ino (at @page) changed from what the host has,
 * as far as the checksums know? */
static bool page_dirty(struct inode *ino, uint64_t idx, const void *page)
{
	struct hostfs_inode *h = hi(ino);
	return idx >= h->nsums || !h->sums[idx] || h->sums[idx] != page_sum(page) + 1;
}

/* For a writable instance: bytes [@off, @off + @n) of the file go between
 * @buf and the cached pages that hold them (shared mappings' pages): into
 * @buf after a read (the mapping's changes are the file's), into the pages
 * after a write (the mapping shows it). */
static void sync_cached(struct inode *ino, char *buf, int64_t off, size_t n, bool to_cache)
{
	if (ino->sb->readonly || !ino->cache || !ino->cache->nslots || !n)
		return;
	for (uint64_t idx = (uint64_t)off / PAGE_SIZE; idx * PAGE_SIZE < (uint64_t)off + n; idx++) {
		int64_t po = pagecache_lookup(ino->cache, idx);
		if (po < 0)
			continue;
		char *page = memfile_ptr((uint64_t)po);
		uint64_t start = idx * PAGE_SIZE > (uint64_t)off ? idx * PAGE_SIZE : (uint64_t)off;
		uint64_t end = (idx + 1) * PAGE_SIZE < (uint64_t)off + n ? (idx + 1) * PAGE_SIZE
									 : (uint64_t)off + n;
		char *in_page = page + (start - idx * PAGE_SIZE),
		     *in_buf = buf + (start - (uint64_t)off);
		if (!to_cache) {
			memcpy(in_buf, in_page, end - start);
			continue;
		}
		/* A page with changes not yet written back stays dirty. */
		bool dirty = page_dirty(ino, idx, page);
		memcpy(in_page, in_buf, end - start);
		if (!dirty)
			note_clean(ino, idx, page);
	}
}

static ssize_t hostfs_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	struct hostfs_file *hf = f->priv;
	int64_t *p = pos ? pos : &f->pos;
	static char buf[65536];
	size_t total = 0;
	while (to->resid) {
		size_t want = to->resid < sizeof(buf) ? to->resid : sizeof(buf);
		ssize_t n = pread(hf->fd, buf, want, *p);
		if (n < 0)
			return total ? (ssize_t)total : -errno;
		if (n == 0)
			break;
		sync_cached(f->inode, buf, *p, (size_t)n, false);
		ssize_t c = uio_copyout(to, buf, (size_t)n);
		if (c < 0)
			return total ? (ssize_t)total : c;
		*p += c;
		total += (size_t)c;
		if ((size_t)n < want)
			break;
	}
	return (ssize_t)total;
}

static ssize_t hostfs_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)t;
	struct hostfs_file *hf = f->priv;
	int64_t *p = pos ? pos : &f->pos;
	static char buf[65536];
	size_t total = 0;
	if ((f->flags & O_APPEND) && !pos) {
		struct stat st;
		if (fstat(hf->fd, &st) == 0)
			*p = st.st_size;
	}
	while (from->resid) {
		size_t want = from->resid < sizeof(buf) ? from->resid : sizeof(buf);
		struct uio save = *from;
		ssize_t c = uio_copyin(from, buf, want);
		if (c <= 0)
			return total ? (ssize_t)total : c;
		ssize_t n = pwrite(hf->fd, buf, (size_t)c, *p);
		if (n < 0) {
			*from = save;
			return total ? (ssize_t)total : -errno;
		}
		/* Mapped pages show the write (a read-only instance is never
		 * written). */
		sync_cached(f->inode, buf, *p, (size_t)n, true);
		*p += n;
		total += (size_t)n;
		if (n < c) {
			*from = save;
			uio_skip(from, (size_t)n);
			break;
		}
	}
	return (ssize_t)total;
}

static int64_t hostfs_llseek(struct file *f, int64_t off, int whence)
{
	struct hostfs_file *hf = f->priv;
	if (whence == SEEK_DATA || whence == SEEK_HOLE) {
		off_t r = lseek(hf->fd, off, whence);
		if (r < 0)
			return -errno;
		f->pos = r;
		return r;
	}
	struct stat st;
	if (fstat(hf->fd, &st) < 0)
		return -errno;
	return generic_llseek(f, off, whence, st.st_size);
}

static int hostfs_file_stat(struct file *f, struct stat *st)
{
	struct hostfs_file *hf = f->priv;
	return fstat(hf->fd, st) < 0 ? -errno : 0;
}

/* Write the pages the guest changed through shared mappings back to the
 * host file: at fsync, at the close of a writable file and when the last
 * mapping and file have gone. */
static int writeback(struct inode *ino)
{
	if (ino->sb->readonly || !ino->cache || !ino->cache->nslots || !S_ISREG(ino->mode))
		return 0;
	int64_t size = hostfs_size(ino);
	if (size <= 0)
		return (int)size;
	int fd = -1, r = 0;
	for (uint64_t idx = 0; idx < ino->cache->nslots && (int64_t)(idx * PAGE_SIZE) < size;
	     idx++) {
		int64_t po = pagecache_lookup(ino->cache, idx);
		if (po < 0)
			continue;
		char *page = memfile_ptr((uint64_t)po);
		if (!page_dirty(ino, idx, page))
			continue;
		if (fd < 0 && (fd = reopen(hi(ino)->fd, O_WRONLY)) < 0)
			return fd;
		size_t len = size - (int64_t)(idx * PAGE_SIZE) < (int64_t)PAGE_SIZE
				 ? (size_t)(size - (int64_t)(idx * PAGE_SIZE))
				 : PAGE_SIZE;
		if (pwrite(fd, page, len, (off_t)(idx * PAGE_SIZE)) != (ssize_t)len) {
			r = -EIO;
			continue;
		}
		note_clean(ino, idx, page);
	}
	if (fd >= 0)
		close(fd);
	return r;
}

static int hostfs_fsync(struct file *f)
{
	struct hostfs_file *hf = f->priv;
	int r = writeback(f->inode);
	if (fsync(hf->fd) < 0)
		return -errno;
	return r;
}

static int hostfs_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
	struct hostfs_file *hf = f->priv;
	return fallocate(hf->fd, mode, off, len) < 0 ? -errno : 0;
}

static void hostfs_release(struct file *f)
{
	struct hostfs_file *hf = f->priv;
	if (hf && (f->flags & O_ACCMODE) != O_RDONLY && f->inode)
		writeback(f->inode);
	if (hf) {
		close(hf->fd);
		free(hf);
	}
}

/* Fill page @idx of a host file for the page cache (mmap). */
static int fill_page(void *ctx, void *page, uint64_t idx)
{
	struct inode *ino = ctx;
	int fd = reopen(hi(ino)->fd, O_RDONLY);
	if (fd < 0)
		return fd;
	ssize_t n = pread(fd, page, PAGE_SIZE, (off_t)(idx * PAGE_SIZE));
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	if (n < (ssize_t)PAGE_SIZE)
		memset((char *)page + n, 0, PAGE_SIZE - (size_t)n);
	note_clean(ino, idx, page);
	return 0;
}

int64_t hostfs_get_page(struct inode *ino, uint64_t idx)
{
	if (!ino->cache)
		return -EINVAL;
	return pagecache_get_fill(ino->cache, idx, fill_page, ino);
}

int64_t hostfs_size(struct inode *ino)
{
	struct stat st;
	if (fstat(hi(ino)->fd, &st) < 0)
		return -errno;
	return st.st_size;
}

/* Read the whole file into one contiguous run of the memory file the
 * first time it is mapped, so that a mapping of it is one host mapping. */
static int fill_all(struct inode *ino)
{
	int64_t size = hostfs_size(ino);
	if (size <= 0)
		return (int)size;
	uint64_t n = ((uint64_t)size + PAGE_SIZE - 1) / PAGE_SIZE;
	for (uint64_t i = 0; i < n; i++)
		if (pagecache_lookup(ino->cache, i) >= 0)
			return 0; /* partly cached already: go page by page */
	int64_t run = memfile_alloc(n);
	if (run < 0)
		return 0;
	int fd = reopen(hi(ino)->fd, O_RDONLY);
	if (fd < 0) {
		memfile_put((uint64_t)run, n);
		return fd;
	}
	size_t done = 0;
	while (done < (size_t)size) {
		ssize_t r = pread(fd, (char *)memfile_ptr((uint64_t)run) + done,
				  (size_t)size - done, (off_t)done);
		if (r <= 0)
			break;
		done += (size_t)r;
	}
	close(fd);
	for (uint64_t i = 0; i < n; i++) {
		pagecache_set(ino->cache, i, (uint64_t)run + i * PAGE_SIZE);
		note_clean(ino, i, memfile_ptr((uint64_t)run + i * PAGE_SIZE));
	}
	return 0;
}

static int64_t hostfs_file_get_page(struct file *f, uint64_t idx)
{
	struct inode *ino = f->inode;
	int64_t size = hostfs_size(ino);
	if (size < 0)
		return size;
	if ((int64_t)(idx * PAGE_SIZE) >= size)
		return -ENXIO;
	if (pagecache_lookup(ino->cache, idx) < 0)
		fill_all(ino);
	return hostfs_get_page(ino, idx);
}

static int64_t hostfs_file_size(struct file *f)
{
	return hostfs_size(f->inode);
}

static const struct inode_ops hostfs_iops = {
    .lookup = hostfs_lookup,
    .create = hostfs_create,
    .mkdir = hostfs_mkdir,
    .mknod = hostfs_mknod,
    .symlink = hostfs_symlink,
    .link = hostfs_link,
    .unlink = hostfs_unlink,
    .rmdir = hostfs_rmdir,
    .rename = hostfs_rename,
    .readlink = hostfs_readlink,
    .getattr = hostfs_getattr,
    .getbtime = hostfs_getbtime,
    .setattr = hostfs_setattr,
    .open = hostfs_open,
    .evict = hostfs_evict,
    .unused = hostfs_unused,
};

static const struct file_ops hostfs_file_ops = {
    .read = hostfs_read,
    .write = hostfs_write,
    .stat = hostfs_file_stat,
    .llseek = hostfs_llseek,
    .fsync = hostfs_fsync,
    .fallocate = hostfs_fallocate,
    .release = hostfs_release,
    .get_page = hostfs_file_get_page,
    .size = hostfs_file_size,
};

static const struct file_ops hostfs_dir_ops = {
    .stat = hostfs_file_stat,
    .iterate = hostfs_dir_iterate,
    .llseek = hostfs_dir_llseek,
    .fsync = hostfs_fsync,
    .release = hostfs_release,
};

bool is_hostfs_inode(const struct inode *ino)
{
	return ino->iops == &hostfs_iops;
}

struct super_block *hostfs_new_sb(const char *host_dir, bool readonly, int *err)
{
	*err = hostfs_init();
	if (*err < 0)
		return NULL;
	/* Not only directories: --bind of a single file mounts a file. */
	int fd = open(host_dir, O_PATH | O_CLOEXEC);
	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	struct super_block *sb = sb_new("hostfs", 0);
	if (!sb) {
		close(fd);
		*err = -ENOMEM;
		return NULL;
	}
	sb->readonly = readonly;
	struct inode *root;
	*err = inode_for_fd(sb, fd, &root);
	if (*err < 0) {
		free(sb);
		return NULL;
	}
	struct statfs sfs;
	if (fstatfs(hi(root)->fd, &sfs) == 0)
		sb->magic = (unsigned long)sfs.f_type;
	sb->root = d_alloc(NULL, "/", root);
	if (!sb->root) {
		inode_put(root);
		free(sb);
		*err = -ENOMEM;
		return NULL;
	}
	sb->root->sb = sb;
	return sb;
}

int hostfs_statfs(struct inode *ino, struct statfs *sfs)
{
	return fstatfs(hi(ino)->fd, sfs) < 0 ? -errno : 0;
}

/* Guest address spaces: struct mm, its vmas (what the guest asked for) and
 * pmas (what is backed by the memory file and mapped into the stub).
 *
 * A vma is a range with protection and kind (private/shared, anonymous or
 * file).  Inside vmas, pmas map page-aligned guest ranges to contiguous runs
 * of memory-file pages.  A private pma may share its pages with another mm
 * (after fork) or with the page cache; it is then *cow*: mapped in the stub
 * without PROT_WRITE, and the first write copies (mm_fault).  Semantics
 * follow mm/mmap.c, mm/mprotect.c, mm/mremap.c and mm/memory.c.
 */
#ifndef SBX_MM_H
#define SBX_MM_H

#include <bsd/sys/tree.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "memfile.h"

struct as;
struct file;

/* The guest's highest usable address + 1: everything from here up is the
 * stub's. */
#define TASK_SIZE      0x7fc000000000UL
/* The host's vm.mmap_min_addr: stubs cannot map below it, so neither can
 * guests (even root ones). */
extern uint64_t mm_mmap_min_addr;
#define MMAP_MIN_ADDR mm_mmap_min_addr
#define ELF_ET_DYN_BASE 0x555555554000UL
/* Anonymous mappings up to this size are backed and mapped at mmap time;
 * larger ones are filled in by faults, in FAULT_CHUNK pieces. */
#define EAGER_MAP_MAX  (1UL << 30)
#define FAULT_CHUNK    (2UL << 20)
/* File mappings up to this size are mapped from the page cache at once. */
#define FILE_EAGER_MAX (256UL << 20)
/* Pages copied around a copy-on-write fault (aligned window). */
#define COW_WINDOW     (16 * PAGE_SIZE)

enum vma_flags {
	VMA_SHARED = 1 << 0,    /* MAP_SHARED: never copy-on-write */
	VMA_GROWSDOWN = 1 << 1, /* the main stack */
	VMA_DONTFORK = 1 << 2,  /* MADV_DONTFORK */
	VMA_WIPEONFORK = 1 << 3,
	VMA_NORESERVE = 1 << 4,
	VMA_LOCKED = 1 << 5,
	VMA_DONTDUMP = 1 << 6,
	VMA_STACK = 1 << 7, /* MAP_STACK (for /proc maps only) */
	VMA_HEAP = 1 << 8,  /* the brk area */
	/* Host memory the stub maps itself (the AFL++ coverage map of the
	 * fork server, a SysV segment): no pages in the memory file, never
	 * backed, copied or read by the sentry (usercopy gives EFAULT). */
	VMA_HOST = 1 << 9,
};

struct vma {
	RB_ENTRY(vma) link;
	uint64_t start, end; /* page-aligned, [start, end) */
	int prot;            /* PROT_READ | PROT_WRITE | PROT_EXEC */
	int maxprot;         /* what mprotect may grant (file open mode) */
	unsigned flags;      /* enum vma_flags */
	struct file *file;   /* NULL: anonymous */
	uint64_t pgoff;      /* file offset of start, bytes */
	char *name;          /* "[heap]", "[stack]", PR_SET_VMA_ANON_NAME; owned */
};

struct pma {
	RB_ENTRY(pma) link;
	uint64_t start, end; /* guest range */
	uint64_t off;        /* memory-file offset of start */
	bool cow;            /* pages may be shared: mapped without write */
};

RB_HEAD(vma_tree, vma);
RB_HEAD(pma_tree, pma);
RB_PROTOTYPE(vma_tree, vma, link, vma_cmp)
RB_PROTOTYPE(pma_tree, pma, link, pma_cmp)

struct mm {
	int users; /* tasks using it (CLONE_VM shares it) */
	struct as *as;
	struct vma_tree vmas;
	struct pma_tree pmas;
	uint64_t mmap_base; /* top-down allocation starts below this */
	uint64_t start_brk, brk;
	uint64_t stack_top;
	uint64_t stack_limit; /* RLIMIT_STACK for growth, bytes */
	uint64_t start_code, end_code, start_data, end_data, start_stack;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t total_pages; /* mapped, in pages (VmSize) */
	/* Pages backed by pmas (resident), and the most there were before
	 * any went (hiwater_rss: fork copies it; read with mm_hiwater_rss). */
	uint64_t rss_pages, hiwater_rss;
	/* The most pages ever mapped (hiwater_vm, taken before any go). */
	uint64_t hiwater_vm;
	/* RLIMIT_AS of the task mapping now, in bytes (RLIM_INFINITY: none):
	 * set by the syscalls that map before they do (Linux reads the
	 * caller's limit, may_expand_vm). */
	uint64_t as_limit;
	uint64_t *saved_auxv; /* for /proc/pid/auxv: pairs, AT_NULL-terminated */
	size_t saved_auxv_len;
	char *exe_path; /* the guest path of the executable */
	struct file *exe_file; /* what /proc/<pid>/exe links to (referenced) */
	struct mm_patches *patches; /* patched syscall sites (syscall_patch.c), or NULL */
};

/* The most pages @mm ever had resident (get_mm_hiwater_rss). */
static inline uint64_t mm_hiwater_rss(const struct mm *mm)
{
	return mm->hiwater_rss > mm->rss_pages ? mm->hiwater_rss : mm->rss_pages;
}

/* The most pages @mm ever had mapped (VmPeak). */
static inline uint64_t mm_hiwater_vm(const struct mm *mm)
{
	return mm->hiwater_vm > mm->total_pages ? mm->hiwater_vm : mm->total_pages;
}

/* The AIO contexts of @mm go with it (sys_aio.c); the events they have
 * room for, over the sandbox (fs.aio-nr). */
void aio_mm_gone(struct mm *mm);
unsigned aio_nr_in_use(void);

/* A new, empty mm on the address space @as (owned by the mm from now). */
struct mm *mm_new(struct as *as);
void mm_get(struct mm *mm);
/* Drop a user; the last one frees every page and destroys the stub. */
void mm_put(struct mm *mm);

/* mmap(2) core: map @len bytes at @addr (a hint unless MAP_FIXED is in
 * @mflags).  @vflags are enum vma_flags.  Returns the address or -errno
 * (ENOMEM, EEXIST for MAP_FIXED_NOREPLACE, EPERM below mmap_min_addr). */
int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int mflags,
		unsigned vflags, struct file *file, uint64_t pgoff);
/* May @mm map @pages more pages under its as_limit (may_expand_vm)? */
bool mm_may_expand(const struct mm *mm, uint64_t pages);
/* munmap(2) core: 0 or -EINVAL/-ENOMEM. */
int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len);
/* mprotect(2) core: 0, -ENOMEM (hole in range), -EACCES (beyond maxprot). */
int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot);
/* mremap(2) core: new address or -errno. */
int64_t mm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
		  uint64_t new_addr);
/* brk(2) core: the new break (the old one on failure, as Linux does). */
uint64_t mm_brk(struct mm *mm, uint64_t brk);
/* madvise(MADV_DONTNEED) on private anonymous memory: drop the pages. */
int mm_dontneed(struct mm *mm, uint64_t addr, uint64_t len);
/* Set or clear vma flags on a range (MADV_DONTFORK...); -ENOMEM on holes. */
int mm_set_vma_flags(struct mm *mm, uint64_t addr, uint64_t len, unsigned set, unsigned clear);

/* A file's pages from page @first on left its page cache (truncate): take
 * them out of every address space that maps them, private copies too
 * (unmap_mapping_range with even_cows), so that the next access faults
 * again: SIGBUS beyond the end of the file, the file's page if it grew
 * back. */
struct page_cache;
void mm_zap_file_pages(const struct page_cache *pc, uint64_t first);

/* Handle a fault at @addr (instruction pointer @ip, host si_code
 * @host_code) reported by the platform.  0 if it was resolved: retry the
 * access.  Otherwise a negative errno, and *sig / *code say which signal
 * the guest gets (SIGSEGV with SEGV_MAPERR or SEGV_ACCERR, or SIGBUS). */
int mm_fault(struct mm *mm, uint64_t addr, uint64_t ip, int host_code, int *sig, int *code);
/* Grow a MAP_GROWSDOWN vma down to @addr when Linux would; NULL if not. */
struct vma *mm_expand_stack(struct mm *mm, uint64_t addr);


/* A copy of @parent for fork: private pages shared copy-on-write, shared
 * mappings shared, MADV_DONTFORK ranges left out.  NULL with errno. */
struct mm *mm_fork(struct mm *parent);

/* Is [start, end) free of vmas? */
bool mm_range_free(struct mm *mm, uint64_t start, uint64_t end);
/* Lookup: the vma containing @addr, or NULL. */
struct vma *mm_find_vma(struct mm *mm, uint64_t addr);
/* The first vma ending above @addr, or NULL. */
struct vma *mm_find_vma_after(struct mm *mm, uint64_t addr);
/* Find a free range of @len bytes for a new mapping (top-down from
 * mmap_base, or at @hint when free); 0 if none. */
uint64_t mm_get_unmapped_area(struct mm *mm, uint64_t hint, uint64_t len);

/* Access checks and copies (usercopy.c).  0 or -EFAULT. */
int copy_from_user(struct mm *mm, void *dst, uint64_t src, size_t n);
int copy_to_user(struct mm *mm, uint64_t dst, const void *src, size_t n);
int clear_user(struct mm *mm, uint64_t dst, size_t n);
/* The sentry's pointer to the aligned 32-bit guest word at @addr, after
 * the access checks (and copy-on-write for @write); NULL: -EFAULT.  For
 * atomic operations on guest memory (futexes). */
uint32_t *user_u32_ptr(struct mm *mm, uint64_t addr, bool write);
/* The futex key of @addr: (mm, address) for private memory, (0, memory-
 * file offset) for shared memory, so that processes mapping the same pages
 * meet.  0 or -EFAULT. */
int mm_futex_key(struct mm *mm, uint64_t addr, uint64_t *a, uint64_t *b);
/* Write into guest memory whatever its protection (the loader). */
int mm_poke(struct mm *mm, uint64_t dst, const void *src, size_t n);
/* mm_poke of one aligned word with a single atomic store (other threads
 * may run the code it changes).  0 or -EFAULT. */
int mm_poke_u64(struct mm *mm, uint64_t dst, uint64_t val);
/* Copy a NUL-terminated string of at most @max bytes (NUL included).
 * Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL within @max. */
long strncpy_from_user(struct mm *mm, char *dst, uint64_t src, size_t max);

/* Internals shared by the mm files. */
struct pma *mm_find_pma(struct mm *mm, uint64_t addr);
int mm_populate(struct mm *mm, struct vma *vma, uint64_t addr, bool write);
int mm_break_cow(struct mm *mm, struct vma *vma, struct pma *pma, uint64_t addr);
/* Called with the mm and the address of every copy-on-write break when
 * set (the fork server learns which pages its copies write). */
extern void (*mm_cow_hook)(struct mm *mm, uint64_t addr);
/* Break the copy-on-write of @addr's page ahead of a write, if it is a
 * private writable page still shared: 0 or -errno. */
int mm_prefault_write(struct mm *mm, uint64_t addr);
int vma_host_prot(const struct vma *vma, const struct pma *pma);

#endif

/* /proc/<pid>/{maps,smaps,smaps_rollup,mounts,mountinfo}: the address
 * space and the mount table in Linux's formats (fs/proc/task_mmu.c,
 * fs/proc_namespace.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "../kernel/task.h"
#include "../mm/mm.h"
#include "file.h"
#include "fs_struct.h"
#include "procfs.h"
#include "vfs.h"
#include "../confine/host.h"

/* --- maps --- */

/* The host's [vsyscall] line: the page is in every host process, the
 * stubs that run guests included, so guests have it too. */
static const char *vsyscall_line(void)
{
	static char line[256];
	static bool done;
	if (done)
		return line[0] ? line : NULL;
	done = true;
	FILE *f = host_fopen("/proc/self/maps", "re");
	char buf[512];
	while (f && fgets(buf, sizeof(buf), f)) {
		if (strstr(buf, "[vsyscall]") && strlen(buf) < sizeof(line))
			strcpy(line, buf);
	}
	if (f)
		fclose(f);
	return line[0] ? line : NULL;
}

/* What a vma maps: device, inode and name. */
struct vma_id {
	dev_t dev;
	uint64_t ino;
	uint64_t pgoff;
	char *name; /* malloc'ed, or NULL */
};

static void vma_identify(struct task *viewer, struct mm *mm, struct vma *v, struct vma_id *id)
{
	memset(id, 0, sizeof(*id));
	if (v->file) {
		struct inode *ino = file_inode(v->file);
		struct stat st;
		if (ino && ino->iops && ino->iops->getattr && ino->iops->getattr(ino, &st) == 0) {
			id->dev = st.st_dev;
			id->ino = st.st_ino;
		} else if (ino) {
			id->ino = ino->ino;
		}
		id->pgoff = v->pgoff;
		const struct path *p = file_path(v->file);
		id->name = p && p->dentry ? path_string(viewer, p) : NULL;
		return;
	}
	if (v->flags & VMA_SHARED) {
		/* Shared anonymous memory is a deleted shmem file to Linux;
		 * its "inode" here is its first page in the memory file,
		 * the same in every process that shares it. */
		struct pma *p = mm_find_pma(mm, v->start);
		id->dev = makedev(0, 1);
		id->ino = p ? (p->off >> PAGE_SHIFT) + 1 : 0;
		id->pgoff = v->pgoff;
		id->name = strdup("/dev/zero (deleted)");
		return;
	}
	if (v->name) {
		/* "[heap]" and "[stack]" as they are; a PR_SET_VMA_ANON_NAME
		 * name as "[anon:name]". */
		if (v->name[0] == '[')
			id->name = strdup(v->name);
		else if (asprintf(&id->name, "[anon:%s]", v->name) < 0)
			id->name = NULL;
	} else if (mm->start_stack >= v->start && mm->start_stack <= v->end) {
		id->name = strdup("[stack]");
	}
}

/* show_vma_header_prefix and the name padded to column 73. */
static void vma_line(struct sbuf *b, uint64_t start, uint64_t end, const char *perms,
		     const struct vma_id *id, const char *name)
{
	char pre[160];
	int n = snprintf(pre, sizeof(pre), "%08llx-%08llx %s %08llx %02x:%02x %llu ",
			 (unsigned long long)start, (unsigned long long)end, perms,
			 (unsigned long long)id->pgoff, major(id->dev), minor(id->dev),
			 (unsigned long long)id->ino);
	sbuf_write(b, pre, (size_t)n);
	if (name) {
		for (; n < 72; n++)
			sbuf_write(b, " ", 1);
		sbuf_printf(b, " %s", name);
	}
	sbuf_write(b, "\n", 1);
}

static void vma_perms(const struct vma *v, char perms[5])
{
	perms[0] = v->prot & PROT_READ ? 'r' : '-';
	perms[1] = v->prot & PROT_WRITE ? 'w' : '-';
	perms[2] = v->prot & PROT_EXEC ? 'x' : '-';
	perms[3] = v->flags & VMA_SHARED ? 's' : 'p';
	perms[4] = '\0';
}

int proc_gen_maps(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)arg;
	if (!t->mm)
		return 0;
	struct vma *v;
	RB_FOREACH(v, vma_tree, &t->mm->vmas)
	{
		struct vma_id id;
		char perms[5];
		vma_identify(viewer, t->mm, v, &id);
		vma_perms(v, perms);
		vma_line(b, v->start, v->end, perms, &id, id.name);
		free(id.name);
	}
	const char *vs = vsyscall_line();
	if (vs)
		sbuf_printf(b, "%s", vs);
	return 0;
}

/* --- smaps --- */

struct mem_stats {
	uint64_t size, rss, shared_clean, shared_dirty, private_clean, private_dirty, anon, locked;
	/* Proportional sizes, in bytes << 12 as Linux keeps them. */
	uint64_t pss, pss_dirty, pss_anon, pss_file, pss_shmem;
};

/* Account the resident pages of @v: a page is shared when another mapping
 * holds it too (the page cache's own reference does not count), dirty when
 * it is anonymous or shared memory. */
static void vma_stats(struct mm *mm, struct vma *v, struct mem_stats *s)
{
	s->size += v->end - v->start;
	bool shmem = (v->flags & VMA_SHARED) &&
		     (!v->file || (v->file->inode && v->file->inode->sb &&
				   strcmp(v->file->inode->sb->type, "tmpfs") == 0));
	struct pma *p = mm_find_pma(mm, v->start);
	if (!p)
		p = RB_NFIND(pma_tree, &mm->pmas, &(struct pma){.start = v->start});
	for (; p && p->start < v->end; p = RB_NEXT(pma_tree, &mm->pmas, p)) {
		uint64_t s0 = p->start > v->start ? p->start : v->start;
		uint64_t e0 = p->end < v->end ? p->end : v->end;
		for (uint64_t a = s0; a < e0; a += PAGE_SIZE) {
			uint64_t off = p->off + (a - p->start);
			uint32_t rc = memfile_refcount(off);
			bool cache = v->file && (p->cow || (v->flags & VMA_SHARED)) && !shmem;
			if (cache && rc > 1)
				rc--;
			if (rc == 0)
				rc = 1;
			bool anon = !cache && !shmem;
			bool dirty = !cache;
			uint64_t pss = (PAGE_SIZE << 12) / rc;
			s->rss += PAGE_SIZE;
			s->pss += pss;
			if (dirty)
				s->pss_dirty += pss;
			if (anon) {
				s->anon += PAGE_SIZE;
				s->pss_anon += pss;
			} else if (shmem) {
				s->pss_shmem += pss;
			} else {
				s->pss_file += pss;
			}
			if (rc >= 2)
				*(dirty ? &s->shared_dirty : &s->shared_clean) += PAGE_SIZE;
			else
				*(dirty ? &s->private_dirty : &s->private_clean) += PAGE_SIZE;
			if (v->flags & VMA_LOCKED)
				s->locked += pss;
		}
	}
}

static void kb_line(struct sbuf *b, const char *name, uint64_t bytes)
{
	sbuf_printf(b, "%-16s%8llu kB\n", name, (unsigned long long)(bytes >> 10));
}

/* __show_smap: the counters of one vma or of the rollup. */
static void show_stats(struct sbuf *b, const struct mem_stats *s, bool rollup)
{
	if (!rollup) {
		kb_line(b, "Size:", s->size);
		kb_line(b, "KernelPageSize:", PAGE_SIZE);
		kb_line(b, "MMUPageSize:", PAGE_SIZE);
	}
	kb_line(b, "Rss:", s->rss);
	kb_line(b, "Pss:", s->pss >> 12);
	kb_line(b, "Pss_Dirty:", s->pss_dirty >> 12);
	if (rollup) {
		kb_line(b, "Pss_Anon:", s->pss_anon >> 12);
		kb_line(b, "Pss_File:", s->pss_file >> 12);
		kb_line(b, "Pss_Shmem:", s->pss_shmem >> 12);
	}
	kb_line(b, "Shared_Clean:", s->shared_clean);
	kb_line(b, "Shared_Dirty:", s->shared_dirty);
	kb_line(b, "Private_Clean:", s->private_clean);
	kb_line(b, "Private_Dirty:", s->private_dirty);
	kb_line(b, "Referenced:", s->rss);
	kb_line(b, "Anonymous:", s->anon);
	kb_line(b, "KSM:", 0);
	kb_line(b, "LazyFree:", 0);
	kb_line(b, "AnonHugePages:", 0);
	kb_line(b, "ShmemPmdMapped:", 0);
	kb_line(b, "FilePmdMapped:", 0);
	kb_line(b, "Shared_Hugetlb:", 0);
	kb_line(b, "Private_Hugetlb:", 0);
	kb_line(b, "Swap:", 0);
	kb_line(b, "SwapPss:", 0);
	kb_line(b, "Locked:", s->locked >> 12);
}

/* show_smap_vma_flags: the VM_* flags a vma would have in Linux. */
static void vma_flags(struct sbuf *b, const struct vma *v)
{
	bool shared = v->flags & VMA_SHARED;
	sbuf_printf(b, "VmFlags:");
	struct {
		bool on;
		const char *name;
	} f[] = {
		{v->prot & PROT_READ, "rd"},
		{v->prot & PROT_WRITE, "wr"},
		{v->prot & PROT_EXEC, "ex"},
		{shared && (v->prot & PROT_WRITE), "sh"},
		{v->maxprot & PROT_READ, "mr"},
		{v->maxprot & PROT_WRITE, "mw"},
		{v->maxprot & PROT_EXEC, "me"},
		{shared, "ms"},
		{v->flags & VMA_GROWSDOWN, "gd"},
		{v->flags & VMA_LOCKED, "lo"},
		{v->flags & VMA_DONTFORK, "dc"},
		{!shared && (v->prot & PROT_WRITE) && !(v->flags & VMA_NORESERVE), "ac"},
		{v->flags & VMA_NORESERVE, "nr"},
		{v->flags & VMA_WIPEONFORK, "wf"},
		{v->flags & VMA_DONTDUMP, "dd"},
	};
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].on)
			sbuf_printf(b, " %s", f[i].name);
	sbuf_printf(b, " \n");
}

int proc_gen_smaps(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)arg;
	if (!t->mm)
		return 0;
	struct vma *v;
	RB_FOREACH(v, vma_tree, &t->mm->vmas)
	{
		struct vma_id id;
		char perms[5];
		vma_identify(viewer, t->mm, v, &id);
		vma_perms(v, perms);
		vma_line(b, v->start, v->end, perms, &id, id.name);
		free(id.name);
		struct mem_stats s = {0};
		vma_stats(t->mm, v, &s);
		show_stats(b, &s, false);
		sbuf_printf(b, "THPeligible:    %8d\n", 0);
		vma_flags(b, v);
	}
	const char *vs = vsyscall_line();
	if (vs) {
		/* The gate page: nothing resident, execute only. */
		struct mem_stats s = {.size = PAGE_SIZE};
		sbuf_printf(b, "%s", vs);
		show_stats(b, &s, false);
		sbuf_printf(b, "THPeligible:    %8d\nVmFlags: ex \n", 0);
	}
	return 0;
}

int proc_gen_smaps_rollup(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	if (!t->mm)
		return 0;
	struct mem_stats s = {0};
	struct vma *v, *first = RB_MIN(vma_tree, &t->mm->vmas);
	struct vma *last = RB_MAX(vma_tree, &t->mm->vmas);
	if (!first)
		return 0;
	RB_FOREACH(v, vma_tree, &t->mm->vmas)
		vma_stats(t->mm, v, &s);
	struct vma_id id = {0};
	vma_line(b, first->start, last->end, "---p", &id, "[rollup]");
	show_stats(b, &s, true);
	return 0;
}

/* --- mounts --- */

/* mangle(): the characters that would break the line, as octal. */
static void mangle(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			sbuf_printf(b, "\\%03o", (unsigned char)*s);
		else
			sbuf_write(b, s, 1);
	}
}

/* show_mnt_opts: the per-mount flags after rw/ro. */
static void mnt_opts(struct sbuf *b, const struct vfsmount *m)
{
	if (m->flags & MNT_NOSUID)
		sbuf_printf(b, ",nosuid");
	if (m->flags & MNT_NODEV)
		sbuf_printf(b, ",nodev");
	if (m->flags & MNT_NOEXEC)
		sbuf_printf(b, ",noexec");
	sbuf_printf(b, ",relatime");
}

/* The filesystem's own options (->show_options). */
static void sb_opts(struct sbuf *b, const struct super_block *sb)
{
	if (sb->type && strcmp(sb->type, "tmpfs") == 0 && sb->root && sb->root->inode) {
		const struct inode *r = sb->root->inode;
		if ((r->mode & 07777) != 01777)
			sbuf_printf(b, ",mode=%o", (unsigned)(r->mode & 07777));
		if (r->uid)
			sbuf_printf(b, ",uid=%u", (unsigned)r->uid);
		if (r->gid)
			sbuf_printf(b, ",gid=%u", (unsigned)r->gid);
		sbuf_printf(b, ",inode64");
	}
}

struct mounts_ctx {
	struct task *viewer;
	struct sbuf *b;
	bool info;
};

static void show_mount(struct vfsmount *m, void *arg)
{
	struct mounts_ctx *c = arg;
	struct sbuf *b = c->b;
	struct path root = {m, m->root};
	char *where = path_string(c->viewer, &root);
	/* Mounts outside the viewer's root are not its to see. */
	if (!where || strncmp(where, "(unreachable)", 13) == 0) {
		free(where);
		return;
	}
	bool ro = (m->flags & MNT_READONLY) || m->sb->readonly;
	const char *type = m->sb->type ? m->sb->type : "none";
	if (c->info) {
		/* show_mountinfo: id, parent id, dev, root in the fs, mount
		 * point, options; optional fields; "-", type, source, super
		 * options. */
		struct path fsroot = {m, m->sb->root};
		char *inner = NULL;
		if (m->root != m->sb->root) {
			/* A bind of a subtree: its path inside the filesystem. */
			struct vfsmount tmp = *m;
			tmp.parent = NULL;
			tmp.root = m->sb->root;
			struct path sub = {&tmp, m->root};
			inner = path_string(NULL, &sub);
		}
		(void)fsroot;
		sbuf_printf(b, "%d %d %u:%u ", m->id, m->parent ? m->parent->id : 1,
			    major(m->sb->dev), minor(m->sb->dev));
		mangle(b, inner ? inner : "/");
		free(inner);
		sbuf_printf(b, " ");
		mangle(b, where);
		sbuf_printf(b, " %s", m->flags & MNT_READONLY ? "ro" : "rw");
		mnt_opts(b, m);
		sbuf_printf(b, " - %s ", type);
		mangle(b, m->source ? m->source : "none");
		sbuf_printf(b, " %s", m->sb->readonly ? "ro" : "rw");
		sb_opts(b, m->sb);
		sbuf_printf(b, "\n");
	} else {
		/* show_vfsmnt: source, mount point, type, options, 0 0. */
		mangle(b, m->source ? m->source : "none");
		sbuf_printf(b, " ");
		mangle(b, where);
		sbuf_printf(b, " %s %s", type, ro ? "ro" : "rw");
		mnt_opts(b, m);
		sb_opts(b, m->sb);
		sbuf_printf(b, " 0 0\n");
	}
	free(where);
}

int proc_gen_mounts(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)arg;
	struct mounts_ctx c = {t && t->fs ? t : viewer, b, false};
	mounts_for_each(show_mount, &c);
	return 0;
}

int proc_gen_mountinfo(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)arg;
	struct mounts_ctx c = {t && t->fs ? t : viewer, b, true};
	mounts_for_each(show_mount, &c);
	return 0;
}

/* What strace cannot show: what a new task shares, vfork suspensions,
 * the image an execve loaded, mappings from the page cache, copy-on-write
 * breaks and signal frames.  Text lines read `=== ... ===`; with
 * --trace-format=json each is one object. */
#define _GNU_SOURCE
#include "trace_priv.h"

#include <elf.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../fs/file.h"
#include "../fs/vfs.h"
#include "../kernel/sigframe.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"

/* An event line of @tt's, right now (text or JSON already built). */
static void emit_text(struct ttask *tt, const char *text)
{
	trace_begin_line(tt);
	trace_put("=== ");
	trace_put(text);
	trace_put(" ===\n");
}

/* --- clone -------------------------------------------------------------- */

void trace_ev_clone(struct task *parent, struct task *child, struct ttask *ptt, struct ttask *ctt,
		    unsigned long flags)
{
	struct {
		const char *name;
		bool shared, present;
	} res[] = {
	    {"vm", child->mm == parent->mm, child->mm != NULL},
	    {"files", child->files == parent->files, child->files != NULL},
	    {"fs", child->fs == parent->fs, child->fs != NULL},
	    {"sighand", child->sighand == parent->sighand, child->sighand != NULL},
	    {"thread", child->tg == parent->tg, false},
	};
	size_t nres = sizeof(res) / sizeof(res[0]);
	pid_t ppid = child->real_parent ? child->real_parent->tg->tgid : 0;
	bool vfork = flags & CLONE_VFORK;
	if (trace_events & TEV_COW) {
		trace_ev_mm_forget(parent->mm); /* fork write-protected it */
		trace_ev_cow_check(parent, ptt);
		trace_ev_cow_check(child, ctt);
	}
	/* With the clone's own line only. */
	if (!trace_cfg.lines || !ptt->shown || ptt->hidden)
		return;
	struct sbuf *o = &ptt->after;
	if (trace_cfg.json) {
		/* Sequenced when it is printed, after the clone's own line. */
		sb_puts(o, "clone\t");
		json_int(o, "child", child->tid);
		json_int(o, "child_pid", child->tg->tgid);
		json_int(o, "parent_pid", ppid);
		json_bool(o, "thread", child->tg == parent->tg);
		sb_puts(o, ",\"shares\":[");
		int n = 0;
		for (size_t i = 0; i < nres; i++)
			if (res[i].shared)
				sb_printf(o, "%s\"%s\"", n++ ? "," : "", res[i].name);
		sb_puts(o, "],\"copies\":[");
		n = 0;
		for (size_t i = 0; i < nres; i++)
			if (!res[i].shared && res[i].present)
				sb_printf(o, "%s\"%s\"", n++ ? "," : "", res[i].name);
		sb_putc(o, ']');
		json_bool(o, "vfork", vfork);
		json_end(o);
		return;
	}
	struct sbuf s = SBUF_INIT;
	if (child->tg == parent->tg)
		sb_printf(&s, "task %d: a new thread of process %d", child->tid, child->tg->tgid);
	else
		sb_printf(&s, "task %d: a new process %d, child of %d", child->tid, child->tg->tgid,
			  ppid);
	sb_puts(&s, "; shares");
	int n = 0;
	for (size_t i = 0; i < nres; i++)
		if (res[i].shared) {
			sb_printf(&s, " %s", res[i].name);
			n++;
		}
	if (!n)
		sb_puts(&s, " nothing");
	sb_puts(&s, "; copies");
	n = 0;
	for (size_t i = 0; i < nres; i++)
		if (!res[i].shared && res[i].present) {
			sb_printf(&s, " %s", res[i].name);
			n++;
		}
	if (!n)
		sb_puts(&s, " nothing");
	if (vfork)
		sb_printf(&s, "; %d is suspended until %d calls execve or exits (vfork)",
			  parent->tid, child->tid);
	sb_printf(o, "=== %s ===\n", sb_str(&s));
	sb_free(&s);
	(void)ctt;
}

void trace_ev_vfork_release(struct ttask *child, const char *why)
{
	pid_t parent = child->vfork_parent;
	child->vfork_parent = 0;
	struct ttask *ptt = trace_task_find(parent);
	if (!ptt)
		ptt = child;
	if (!trace_cfg.lines || !ptt->shown)
		return;
	if (trace_cfg.json) {
		json_begin(&trace_out, "vfork_release", ptt);
		json_int(&trace_out, "child", child->tid);
		json_str(&trace_out, "reason", strcmp(why, "exited") == 0 ? "exit" : "execve");
		json_end(&trace_out);
		return;
	}
	struct sbuf s = SBUF_INIT;
	sb_printf(&s, "task %d resumes: its vfork child %d %s", parent, child->tid, why);
	emit_text(ptt, sb_str(&s));
	sb_free(&s);
}

/* --- mappings ------------------------------------------------------------ */

/* Pages of [start, end) backed now, and how many of them are shared
 * copy-on-write (with the page cache or another process). */
static void count_pages(struct mm *mm, uint64_t start, uint64_t end, uint64_t *pages, uint64_t *cow)
{
	*pages = *cow = 0;
	struct pma *p;
	RB_FOREACH(p, pma_tree, &mm->pmas)
	{
		if (p->end <= start || p->start >= end)
			continue;
		uint64_t s = p->start > start ? p->start : start;
		uint64_t e = p->end < end ? p->end : end;
		*pages += (e - s) / PAGE_SIZE;
		if (p->cow)
			*cow += (e - s) / PAGE_SIZE;
	}
}

static void vma_event(struct task *t, struct ttask *tt, struct vma *v)
{
	char *path = v->file ? path_string(t, &v->file->path) : NULL;
	uint64_t pages, cow;
	count_pages(t->mm, v->start, v->end, &pages, &cow);
	char prot[5] = {v->prot & PROT_READ ? 'r' : '-', v->prot & PROT_WRITE ? 'w' : '-',
			v->prot & PROT_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p', 0};
	const char *name =
	    path ? path : (v->file && v->file->ops->anon_name ? v->file->ops->anon_name : "?");
	if (trace_cfg.json) {
		json_begin(&trace_out, "mm", tt);
		json_hex(&trace_out, "start", v->start);
		json_hex(&trace_out, "end", v->end);
		json_str(&trace_out, "prot", prot);
		json_str(&trace_out, "file", name);
		json_hex(&trace_out, "offset", v->pgoff);
		json_int(&trace_out, "pages", (long long)pages);
		json_int(&trace_out, "cow_pages", (long long)cow);
		json_end(&trace_out);
	} else {
		struct sbuf s = SBUF_INIT;
		sb_printf(&s, "mm: %#lx-%#lx %s %s @%#lx: ", (unsigned long)v->start,
			  (unsigned long)v->end, prot, name, (unsigned long)v->pgoff);
		if (v->flags & VMA_SHARED)
			sb_printf(&s, "%lu page%s of the page cache, shared", (unsigned long)pages,
				  pages == 1 ? "" : "s");
		else
			sb_printf(&s,
				  "%lu page%s mapped, %lu from the page cache (copy-on-write), %lu "
				  "private",
				  (unsigned long)pages, pages == 1 ? "" : "s", (unsigned long)cow,
				  (unsigned long)(pages - cow));
		emit_text(tt, sb_str(&s));
		sb_free(&s);
	}
	free(path);
}

void trace_ev_mmap(struct task *t, struct ttask *tt, uint64_t addr, uint64_t len)
{
	if (!t->mm || !trace_cfg.lines)
		return;
	uint64_t end = addr + ((len + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1));
	for (struct vma *v = mm_find_vma_after(t->mm, addr); v && v->start < end;
	     v = mm_find_vma_after(t->mm, v->end)) {
		if (v->file)
			vma_event(t, tt, v);
		if (v->end >= end)
			break;
	}
}

/* --- exec ------------------------------------------------------------------ */

static uint64_t auxv(const struct mm *mm, uint64_t type)
{
	if (!mm->saved_auxv)
		return 0;
	for (size_t i = 0; i + 1 < mm->saved_auxv_len / 8; i += 2) {
		if (mm->saved_auxv[i] == AT_NULL)
			break;
		if (mm->saved_auxv[i] == type)
			return mm->saved_auxv[i + 1];
	}
	return 0;
}

/* The PT_INTERP of the image at AT_PHDR, read from guest memory. */
static bool interp_path(struct mm *mm, char *buf, size_t size)
{
	uint64_t phdr = auxv(mm, AT_PHDR), phnum = auxv(mm, AT_PHNUM);
	if (!phdr || !phnum || phnum > 256)
		return false;
	Elf64_Phdr ph[256];
	if (copy_from_user(mm, ph, phdr, phnum * sizeof(ph[0])) < 0)
		return false;
	uint64_t bias = 0;
	for (uint64_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_PHDR)
			bias = phdr - ph[i].p_vaddr;
	for (uint64_t i = 0; i < phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			return strncpy_from_user(mm, buf, bias + ph[i].p_vaddr, size) > 0;
	return false;
}

void trace_ev_exec(struct task *t, struct ttask *tt, const char *path)
{
	struct mm *mm = t->mm;
	if (!mm || !trace_cfg.lines || !tt->shown)
		return;
	if (tt->mm && tt->mm != mm)
		trace_ev_mm_forget(tt->mm);
	tt->mm = mm;
	if (!path)
		path = mm->exe_path ? mm->exe_path : "?";
	uint64_t entry = auxv(mm, AT_ENTRY), base = auxv(mm, AT_BASE), start = entry;
	char interp[256];
	bool has_interp = base && interp_path(mm, interp, sizeof(interp));
	if (base) {
		Elf64_Ehdr eh;
		if (copy_from_user(mm, &eh, base, sizeof(eh)) == 0)
			start = base + eh.e_entry;
	}
	if (trace_cfg.json) {
		json_begin(&trace_out, "exec", tt);
		json_str(&trace_out, "path", path);
		json_hex(&trace_out, "entry", entry);
		json_str(&trace_out, "interp", has_interp ? interp : NULL);
		json_hex(&trace_out, "interp_base", base);
		json_hex(&trace_out, "start", start);
		json_hex(&trace_out, "sp", mm->start_stack);
		json_hex(&trace_out, "stack_top", mm->stack_top);
		json_hex(&trace_out, "brk", mm->start_brk);
		json_end(&trace_out);
	} else {
		struct sbuf s = SBUF_INIT;
		sb_printf(&s, "exec: %s: entry %#lx", path, (unsigned long)entry);
		if (has_interp)
			sb_printf(&s, ", interpreter %s at %#lx starts at %#lx", interp,
				  (unsigned long)base, (unsigned long)start);
		else
			sb_puts(&s, ", no interpreter");
		sb_printf(&s, ", stack top %#lx, sp %#lx, brk %#lx", (unsigned long)mm->stack_top,
			  (unsigned long)mm->start_stack, (unsigned long)mm->start_brk);
		emit_text(tt, sb_str(&s));
		sb_free(&s);
	}
	if (trace_events & TEV_MM) {
		struct vma *v;
		RB_FOREACH(v, vma_tree, &mm->vmas)
		{
			if (v->file)
				vma_event(t, tt, v);
		}
	}
	if (trace_events & TEV_COW)
		trace_ev_cow_check(t, tt);
}

/* --- signal frames ---------------------------------------------------------- */

void trace_ev_signal(struct task *t, struct ttask *tt, int sig)
{
	if (sig < 1 || sig > SBX_NSIG || !t->sighand)
		return;
	const struct k_sigaction *ka = &t->sighand->action[sig - 1];
	if (ka->handler == (uint64_t)(uintptr_t)SIG_DFL ||
	    ka->handler == (uint64_t)(uintptr_t)SIG_IGN)
		return;
	uint64_t sp = t->regs.gp.rsp;
	bool alt = (ka->flags & SA_ONSTACK) && sas_ss_flags(t, sp - 128) == 0;
	sigset64_t mask = t->blocked | ka->mask;
	if (!(ka->flags & SA_NODEFER))
		mask |= SIGBIT(sig);
	mask &= ~SIG_UNBLOCKABLE;
	struct sbuf m = SBUF_INIT, st = SBUF_INIT;
	fmt_sigset(&m, &mask, sizeof(mask));
	if (alt)
		sb_printf(&st, "the alternate stack %#lx-%#lx", (unsigned long)t->sas_sp,
			  (unsigned long)(t->sas_sp + t->sas_size));
	else if (sas_ss_flags(t, sp) == SS_ONSTACK)
		sb_printf(&st, "the alternate stack (nested) below %#lx", (unsigned long)sp);
	else
		sb_printf(&st, "the stack below %#lx", (unsigned long)sp);
	char nb[16];
	const char *name = signame(sig, nb);
	if (trace_cfg.json) {
		json_begin(&trace_out, "sigframe", tt);
		json_str(&trace_out, "signal", name);
		json_hex(&trace_out, "handler", ka->handler);
		json_str(&trace_out, "stack", sb_str(&st));
		json_hex(&trace_out, "sp", alt ? t->sas_sp + t->sas_size : sp);
		json_bool(&trace_out, "altstack", alt);
		json_str(&trace_out, "mask", sb_str(&m));
		json_hex(&trace_out, "restorer", ka->restorer);
		json_end(&trace_out);
	} else {
		struct sbuf s = SBUF_INIT;
		sb_printf(&s,
			  "signal frame: %s to handler %#lx on %s; mask while it runs %s; returns "
			  "through %#lx",
			  name ? name : "?", (unsigned long)ka->handler, sb_str(&st), sb_str(&m),
			  (unsigned long)ka->restorer);
		emit_text(tt, sb_str(&s));
		sb_free(&s);
	}
	sb_free(&m);
	sb_free(&st);
}

void trace_ev_sigreturn(struct task *t, struct ttask *tt)
{
	struct sbuf m = SBUF_INIT;
	fmt_sigset(&m, &t->blocked, sizeof(t->blocked));
	uint64_t frame = tt->sp - 8;
	if (trace_cfg.json) {
		json_begin(&trace_out, "sigreturn", tt);
		json_hex(&trace_out, "frame", frame);
		json_hex(&trace_out, "rip", t->regs.gp.rip);
		json_hex(&trace_out, "sp", t->regs.gp.rsp);
		json_str(&trace_out, "mask", sb_str(&m));
		json_end(&trace_out);
	} else {
		struct sbuf s = SBUF_INIT;
		sb_printf(&s, "signal frame popped at %#lx: back to %#lx with sp %#lx, mask %s",
			  (unsigned long)frame, (unsigned long)t->regs.gp.rip,
			  (unsigned long)t->regs.gp.rsp, sb_str(&m));
		emit_text(tt, sb_str(&s));
		sb_free(&s);
	}
	sb_free(&m);
}

/* --- copy-on-write ------------------------------------------------------------ */

/* What each address space's pmas looked like at the last look: a break
 * shows as a range that was copy-on-write and is not any more (with new
 * memory-file pages when it was copied, the same ones when the process
 * was their only user). */
struct seg {
	uint64_t start, end, off;
	bool cow;
};

struct snap {
	struct mm *mm;
	struct seg *segs;
	size_t n;
	UT_hash_handle hh;
};

static struct snap *snaps;

static struct seg *take(struct mm *mm, size_t *n)
{
	size_t cap = 16, k = 0;
	struct seg *s = malloc(cap * sizeof(*s));
	struct pma *p;
	RB_FOREACH(p, pma_tree, &mm->pmas)
	{
		if (!s)
			break;
		if (k == cap) {
			struct seg *ns = realloc(s, 2 * cap * sizeof(*s));
			if (!ns) {
				free(s);
				s = NULL;
				break;
			}
			s = ns;
			cap *= 2;
		}
		s[k++] = (struct seg){p->start, p->end, p->off, p->cow};
	}
	*n = s ? k : 0;
	return s;
}

void trace_ev_mm_forget(struct mm *mm)
{
	struct snap *sn;
	if (!mm)
		return;
	HASH_FIND_PTR(snaps, &mm, sn);
	if (sn) {
		HASH_DEL(snaps, sn);
		free(sn->segs);
		free(sn);
	}
}

static void cow_event(struct task *t, struct ttask *tt, uint64_t s, uint64_t e, bool copied)
{
	if (!trace_cfg.lines || !tt->shown)
		return;
	unsigned long pages = (unsigned long)((e - s) / PAGE_SIZE);
	struct vma *v = mm_find_vma(t->mm, s);
	char *path = v && v->file ? path_string(t, &v->file->path) : NULL;
	if (trace_cfg.json) {
		json_begin(&trace_out, "cow", tt);
		json_hex(&trace_out, "start", s);
		json_hex(&trace_out, "end", e);
		json_int(&trace_out, "pages", (long long)pages);
		json_bool(&trace_out, "copied", copied);
		json_str(&trace_out, "file", path);
		json_end(&trace_out);
	} else {
		struct sbuf b = SBUF_INIT;
		sb_printf(&b, "cow: %#lx-%#lx%s%s: %lu page%s %s", (unsigned long)s,
			  (unsigned long)e, path ? " " : "", path ? path : "", pages,
			  pages == 1 ? "" : "s",
			  copied ? "copied" : "made writable in place (no other user left)");
		emit_text(tt, sb_str(&b));
		sb_free(&b);
	}
	free(path);
}

void trace_ev_cow_check(struct task *t, struct ttask *tt)
{
	struct mm *mm = t->mm;
	if (!mm)
		return;
	struct snap *sn;
	HASH_FIND_PTR(snaps, &mm, sn);
	size_t n;
	struct seg *now = take(mm, &n);
	if (!sn) {
		sn = calloc(1, sizeof(*sn));
		if (!sn) {
			free(now);
			return;
		}
		sn->mm = mm;
		HASH_ADD_PTR(snaps, mm, sn);
	} else if (now) {
		/* Ranges cow before and not now, in address order, merged. */
		uint64_t rs = 0, re = 0;
		bool rcopied = false, open = false;
		size_t j = 0;
		for (size_t i = 0; i < n; i++) {
			if (now[i].cow)
				continue;
			while (j < sn->n && sn->segs[j].end <= now[i].start)
				j++;
			for (size_t k = j; k < sn->n && sn->segs[k].start < now[i].end; k++) {
				const struct seg *o = &sn->segs[k];
				if (!o->cow)
					continue;
				uint64_t s = o->start > now[i].start ? o->start : now[i].start;
				uint64_t e = o->end < now[i].end ? o->end : now[i].end;
				if (s >= e)
					continue;
				bool copied =
				    o->off + (s - o->start) != now[i].off + (s - now[i].start);
				if (open && s == re && copied == rcopied) {
					re = e;
					continue;
				}
				if (open)
					cow_event(t, tt, rs, re, rcopied);
				rs = s;
				re = e;
				rcopied = copied;
				open = true;
			}
		}
		if (open)
			cow_event(t, tt, rs, re, rcopied);
	}
	free(sn->segs);
	sn->segs = now;
	sn->n = now ? n : 0;
}

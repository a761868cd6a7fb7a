/* Crash reports (see crash.h). */
#define _GNU_SOURCE
#include "crash.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../abi/syscalls.h"
#include "../../util/log.h"
#include "../fs/procfs.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "report.h"
#include "scring.h"
#include "symbolize.h"

bool crash_reports_enabled;

#define MAX_FRAMES   32
#define ID_FRAMES    5           /* frames the crash id hashes */
#define SCAN_BYTES   (64 << 10)  /* stack searched for return addresses */

static const char *report_path;
static char last_id[17];

void crash_init(const char *path)
{
	report_path = path;
	crash_reports_enabled = true;
	scring_enabled = true;
}

const char *crash_last_id(void)
{
	return last_id;
}

static struct json_object *hex(uint64_t v)
{
	char s[24];
	snprintf(s, sizeof(s), "0x%llx", (unsigned long long)v);
	return json_object_new_string(s);
}

/* si_code's name for the fault signals (include/uapi/asm-generic/siginfo.h). */
static const char *code_name(int sig, int code)
{
	static const char *const segv[] = {NULL, "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_BNDERR",
					   "SEGV_PKUERR"};
	static const char *const bus[] = {NULL, "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR",
					  "BUS_MCEERR_AR", "BUS_MCEERR_AO"};
	static const char *const fpe[] = {NULL, "FPE_INTDIV", "FPE_INTOVF", "FPE_FLTDIV",
					  "FPE_FLTOVF", "FPE_FLTUND", "FPE_FLTRES", "FPE_FLTINV",
					  "FPE_FLTSUB"};
	static const char *const ill[] = {NULL, "ILL_ILLOPC", "ILL_ILLOPN", "ILL_ILLADR",
					  "ILL_ILLTRP", "ILL_PRVOPC", "ILL_PRVREG", "ILL_COPROC",
					  "ILL_BADSTK"};
	static const char *const trap[] = {NULL, "TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH",
					   "TRAP_HWBKPT"};
	switch (code) {
	case SI_USER:
		return "SI_USER";
	case SI_KERNEL:
		return "SI_KERNEL";
	case SI_QUEUE:
		return "SI_QUEUE";
	case SI_TKILL:
		return "SI_TKILL";
	default:
		break;
	}
#define PICK(t) (code > 0 && (size_t)code < sizeof(t) / sizeof(t[0]) ? t[code] : NULL)
	switch (sig) {
	case SIGSEGV:
		return PICK(segv);
	case SIGBUS:
		return PICK(bus);
	case SIGFPE:
		return PICK(fpe);
	case SIGILL:
		return PICK(ill);
	case SIGTRAP:
		return PICK(trap);
	default:
		return NULL;
	}
#undef PICK
}

static struct json_object *registers(const struct user_regs_struct *r)
{
	struct json_object *o = json_object_new_object();
#define REG(n) json_object_object_add(o, #n, hex(r->n))
	REG(rip), REG(rsp), REG(rbp), REG(rax), REG(rbx), REG(rcx), REG(rdx), REG(rsi);
	REG(rdi), REG(r8), REG(r9), REG(r10), REG(r11), REG(r12), REG(r13), REG(r14);
	REG(r15), REG(eflags), REG(orig_rax), REG(fs_base), REG(gs_base), REG(cs), REG(ss);
#undef REG
	return o;
}

/* The bytes at @ip, as far as they can be read (at most 16). */
static struct json_object *instruction(struct mm *mm, uint64_t ip)
{
	unsigned char b[16];
	size_t n = 0;
	if (copy_from_user(mm, b, ip, sizeof(b)) == 0)
		n = sizeof(b);
	else
		while (n < sizeof(b) && copy_from_user(mm, b + n, ip + n, 1) == 0)
			n++;
	if (!n)
		return NULL;
	char s[3 * sizeof(b)];
	for (size_t i = 0; i < n; i++)
		snprintf(s + (i ? 3 * i - 1 : 0), 4, i ? " %02x" : "%02x", b[i]);
	return json_object_new_string(s);
}

/* Is @a where a call returns to: in executable memory, after a call
 * instruction (e8 rel32, or ff /2 through a register or memory)? */
static bool return_address(struct mm *mm, uint64_t a)
{
	struct vma *v = mm_find_vma(mm, a);
	unsigned char b[7];
	if (!v || !(v->prot & PROT_EXEC) || a < v->start + sizeof(b) ||
	    copy_from_user(mm, b, a - sizeof(b), sizeof(b)) < 0)
		return false;
	const unsigned char *e = b + sizeof(b); /* e[-1] is the byte before @a */
	if (e[-5] == 0xe8)
		return true;
	if (e[-2] == 0xff && (e[-1] & 0xf8) == 0xd0) /* call *%reg */
		return true;
	if (e[-3] == 0xff && (e[-2] & 0xf8) == 0x50) /* call *disp8(%reg) */
		return true;
	if (e[-6] == 0xff && ((e[-5] & 0xf8) == 0x90 || e[-5] == 0x15)) /* disp32, rip-relative */
		return true;
	if (e[-3] == 0xff && e[-2] == 0x14) /* call *(sib) */
		return true;
	return false;
}

static bool read_u64(struct mm *mm, uint64_t a, uint64_t *v)
{
	return copy_from_user(mm, v, a, sizeof(*v)) == 0;
}

/* The return addresses of @t's stack, innermost first, after the
 * instruction pointer: the words between the stack pointer and the frame
 * pointer that look like return addresses (frames of code built without
 * frame pointers, such as libc), then the frame-pointer chain.  Without a
 * usable frame pointer, the stack is scanned.  A scan may also find stale
 * return addresses, so each frame says how it was found. */
enum frame_kind { FRAME_IP, FRAME_SCAN, FRAME_FP };
static const char *const frame_kinds[] = {"ip", "stack-scan", "frame-pointer"};

static int backtrace(struct task *t, uint64_t *pcs, enum frame_kind *kind)
{
	struct mm *mm = t->mm;
	const struct user_regs_struct *r = &t->regs.gp;
	int n = 0;
	kind[n] = FRAME_IP;
	pcs[n++] = r->rip;
	uint64_t sp = r->rsp & ~7ULL, fp = r->rbp;
	struct vma *stack = mm_find_vma(mm, sp);
	bool fp_ok = stack && fp >= sp && fp < stack->end && !(fp & 7) && fp - sp <= SCAN_BYTES;
	uint64_t scan_end = fp_ok ? fp : sp + SCAN_BYTES;
	for (uint64_t a = sp; a < scan_end && n < MAX_FRAMES; a += 8) {
		uint64_t w;
		if (!read_u64(mm, a, &w))
			break;
		if (return_address(mm, w)) {
			kind[n] = FRAME_SCAN;
			pcs[n++] = w;
		}
	}
	while (fp_ok && n < MAX_FRAMES) {
		uint64_t next, ret;
		if (!read_u64(mm, fp, &next) || !read_u64(mm, fp + 8, &ret) || !return_address(mm, ret))
			break;
		kind[n] = FRAME_FP;
		pcs[n++] = ret;
		if (next <= fp || next >= stack->end)
			break;
		fp = next;
	}
	return n;
}

/* FNV-1a, 64 bits. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static struct json_object *frames(struct task *t, int sig)
{
	uint64_t pcs[MAX_FRAMES];
	enum frame_kind kind[MAX_FRAMES];
	int n = backtrace(t, pcs, kind);
	struct json_object *a = json_object_new_array();
	char key[320];
	snprintf(key, sizeof(key), "sig%d\n", sig);
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, key);
	for (int i = 0; i < n; i++) {
		struct json_object *f = json_object_new_object();
		struct code_loc loc;
		bool mapped = symbolize(t, pcs[i], &loc);
		json_object_object_add(f, "address", hex(pcs[i]));
		json_object_object_add(f, "found_by", json_object_new_string(frame_kinds[kind[i]]));
		const char *base = loc.module ? strrchr(loc.module, '/') : NULL;
		base = base ? base + 1 : loc.module;
		if (mapped) {
			json_object_object_add(f, "module", loc.module ? json_object_new_string(loc.module)
								       : NULL);
			json_object_object_add(f, "offset", hex(loc.offset));
			if (loc.symbol) {
				json_object_object_add(f, "symbol", json_object_new_string(loc.symbol));
				json_object_object_add(f, "symbol_offset", hex(loc.sym_offset));
			}
		}
		if (i < ID_FRAMES) {
			/* The module's name and the offset in it: the same code
			 * gives the same id wherever it was loaded. */
			snprintf(key, sizeof(key), "%s+0x%llx\n",
				 !mapped ? "unmapped" : base ? base : "anon",
				 (unsigned long long)(mapped ? loc.offset : 0));
			h = fnv1a(h, key);
		}
		code_loc_free(&loc);
		json_object_array_add(a, f);
	}
	snprintf(last_id, sizeof(last_id), "%016llx", (unsigned long long)h);
	return a;
}

static struct json_object *memory_map(struct task *t)
{
	struct json_object *a = json_object_new_array();
	struct sbuf b = {0};
	if (proc_gen_maps(t, t, 0, &b) == 0 && b.s) {
		char *save = NULL;
		for (char *line = strtok_r(b.s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			json_object_array_add(a, json_object_new_string(line));
	}
	free(b.s);
	return a;
}

static struct json_object *last_syscalls(void)
{
	struct scring_entry e[SCRING_SIZE];
	int n = scring_read(e);
	struct json_object *a = json_object_new_array();
	for (int i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object(), *args = json_object_new_array();
		const char *name = syscall_name(e[i].nr);
		json_object_object_add(o, "tid", json_object_new_int(e[i].tid));
		json_object_object_add(o, "nr", json_object_new_int64(e[i].nr));
		json_object_object_add(o, "name", name ? json_object_new_string(name) : NULL);
		for (int k = 0; k < 6; k++)
			json_object_array_add(args, hex(e[i].args[k]));
		json_object_object_add(o, "args", args);
		json_object_object_add(o, "ret", e[i].done ? json_object_new_int64(e[i].ret) : NULL);
		json_object_array_add(a, o);
	}
	return a;
}

int crash_report(struct task *t, const siginfo_t *info)
{
	if (!crash_reports_enabled || !t->mm)
		return 0;
	int sig = info->si_signo;
	struct json_object *o = json_object_new_object();
	char name[16];
	json_object_object_add(o, "signal", json_object_new_int(sig));
	json_object_object_add(o, "signal_name", json_object_new_string(signal_name(sig, name)));
	json_object_object_add(o, "si_code", json_object_new_int(info->si_code));
	const char *cn = code_name(sig, info->si_code);
	json_object_object_add(o, "si_code_name", cn ? json_object_new_string(cn) : NULL);
	bool fault = info->si_code > 0 && (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE ||
					   sig == SIGILL || sig == SIGTRAP);
	json_object_object_add(o, "fault_address", fault ? hex((uint64_t)info->si_addr) : NULL);
	json_object_object_add(o, "pid", json_object_new_int(t->tg->tgid));
	json_object_object_add(o, "tid", json_object_new_int(t->tid));
	json_object_object_add(o, "comm", json_object_new_string(t->comm));
	json_object_object_add(o, "executable",
			       t->mm->exe_path ? json_object_new_string(t->mm->exe_path) : NULL);
	json_object_object_add(o, "registers", registers(&t->regs.gp));
	json_object_object_add(o, "instruction", instruction(t->mm, t->regs.gp.rip));
	struct json_object *bt = frames(t, sig);
	json_object_object_add(o, "crash_id", json_object_new_string(last_id));
	json_object_object_add(o, "backtrace", bt);
	json_object_object_add(o, "maps", memory_map(t));
	json_object_object_add(o, "last_syscalls", last_syscalls());
	int r = json_write_file(report_path, o);
	json_object_put(o);
	if (r < 0) {
		sbx_msg("--crash-report %s: %s", report_path, strerror(-r));
		return -1;
	}
	return 0;
}

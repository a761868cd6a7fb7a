/* Syscall decoders: one per syscall, printing its arguments the way
 * strace does.  A decoder sees the six argument registers, the result at
 * exit, and reads guest memory only through the callbacks in struct
 * dec_mem (the tracer supplies them; the unit tests supply a fake), so it
 * never touches sentry state.
 *
 * A decoder is called at syscall entry with d->exiting false: it prints
 * the arguments known then (strace's enter-time arguments) and returns
 * DEC_DONE if that is all, or DEC_MORE to be called again at exit with
 * d->exiting true and d->rval set, to print the rest (read's buffer,
 * stat's struct...).  What it printed at entry stays in d->sb.  Where the
 * entry part ends matters when a line is cut (`wait4(-1,  <unfinished
 * ...>`): after DEC_MORE the separator of the next argument belongs to the
 * entry part, as in strace's read or wait4; DEC_MORE_RAW leaves it to the
 * exit part (strace's fcntl, clone, poll). */
#ifndef SBX_ABI_DECODE_H
#define SBX_ABI_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"
#include "sbuf.h"
#include "syscalls.h"

struct dec_mem {
	/* Copy @n bytes from guest address @addr into @dst: 0, or -1 when
	 * any of them cannot be read. */
	int (*read)(void *ctx, void *dst, uint64_t addr, size_t n);
	void *ctx;
};

/* How the result is printed. */
enum {
	RV_DEC,	 /* signed decimal (the default) */
	RV_HEX,	 /* mmap, brk: 0x7f... */
	RV_OCT,	 /* umask */
	RV_UDEC, /* unsigned decimal */
	RV_NONE, /* exit, exit_group: `= ?` */
};

#define DEC_DONE     0
#define DEC_MORE     1 /* the entry part ends with `, ` (strace's usual split) */
#define DEC_MORE_RAW 2 /* the exit part goes on right after the entry part */

#define DEC_MAX_ARGS 8

struct dec {
	long nr;
	uint64_t a[6];
	bool exiting;
	long rval; /* at exit: the result, -errno on failure */
	const struct dec_mem *mem;
	unsigned strsize;	     /* strace's -s: string bytes shown (32) */
	uint64_t saved[4];	     /* kept by the caller from entry to exit */
	struct sbuf *sb;	     /* the arguments' text */
	int argc;		     /* arguments printed so far */
	bool sep_done;		     /* the next argument's `, ` is out already */
	size_t argoff[DEC_MAX_ARGS]; /* where each one starts in sb */
	uint64_t sp;		     /* the stack pointer at entry (rt_sigreturn) */
	const char *restart_name;    /* restart_syscall: the call it resumes */
	int rv;			     /* result format (RV_*), preset from the table */
	char rstr[192];		     /* shown after the result: ` (flags O_RDONLY)` */
};

typedef int (*decode_fn)(struct dec *d);

/* Syscall classes for --trace=%CLASS (strace's). */
enum {
	TC_FILE = 1 << 0,	 /* %file: takes a file name */
	TC_DESC = 1 << 1,	 /* %desc: takes or returns a descriptor */
	TC_PROCESS = 1 << 2,	 /* %process */
	TC_SIGNAL = 1 << 3,	 /* %signal */
	TC_NETWORK = 1 << 4,	 /* %network, %net */
	TC_IPC = 1 << 5,	 /* %ipc */
	TC_MEMORY = 1 << 6,	 /* %memory */
	TC_CREDS = 1 << 7,	 /* %creds */
	TC_CLOCK = 1 << 8,	 /* %clock */
	TC_STAT = 1 << 9,	 /* %stat */
	TC_LSTAT = 1 << 10,	 /* %lstat */
	TC_FSTAT = 1 << 11,	 /* %fstat */
	TC_STATLIKE = 1 << 12,	 /* %%stat */
	TC_STATFS = 1 << 13,	 /* %statfs */
	TC_FSTATFS = 1 << 14,	 /* %fstatfs */
	TC_STATFSLIKE = 1 << 15, /* %%statfs */
	TC_PURE = 1 << 16,	 /* %pure: no arguments, always succeeds */
};

struct sc_info {
	uint8_t nargs;
	uint8_t rv;   /* RV_* */
	uint32_t cls; /* TC_* */
	decode_fn dec;
};

/* Everything sbx knows of syscall @nr (a zero entry for unknown ones). */
const struct sc_info *sc_info(long nr);
/* The class named @name (`file`, `process`, `%stat`... without the
 * leading %), or 0. */
uint32_t sc_class(const char *name);

/* Print @d's arguments as raw hex (strace's printargs), @n of them. */
void dec_raw_args(struct dec *d, int n);

/* --- helpers for decoders ------------------------------------------- */

/* Start the next argument: `, ` unless it is the first. */
void dec_arg(struct dec *d);
/* After the entry part (DEC_MORE): put the next argument's `, ` there. */
void dec_end_entry(struct dec *d, int ret);
/* Did the syscall fail (at exit)? */
static inline bool dec_failed(const struct dec *d)
{
	return d->exiting && (unsigned long)d->rval > -4096UL;
}
/* Read guest memory: 0 or -1. */
int dec_read(struct dec *d, void *dst, uint64_t addr, size_t n);
/* Read a NUL-terminated string of at most @max bytes into @buf (which
 * holds @max + 1): its length, or -1 if nothing could be read.  *@nul says
 * whether a NUL ended it within @max bytes. */
long dec_read_str(struct dec *d, char *buf, uint64_t addr, size_t max, bool *nul);

/* Arguments (each starts with dec_arg). */
void p_int(struct dec *d, uint64_t v);	 /* (int) */
void p_uint(struct dec *d, uint64_t v);	 /* (unsigned int) */
void p_long(struct dec *d, uint64_t v);	 /* (long) */
void p_ulong(struct dec *d, uint64_t v); /* (unsigned long) */
void p_hex(struct dec *d, uint64_t v);	 /* %#lx */
void p_addr(struct dec *d, uint64_t v);	 /* NULL or 0x... */
void p_oct(struct dec *d, uint64_t v);	 /* 0644 */
void p_dirfd(struct dec *d, uint64_t v);
void p_xval(struct dec *d, const struct xlat *x, uint64_t v, const char *dflt);
void p_flags(struct dec *d, const struct xlat *x, uint64_t v, const char *dflt);
/* Flags from two tables (fmt_flags2). */
void p_flags2(struct dec *d, const struct xlat *x1, const struct xlat *x2, uint64_t v,
	      const char *dflt);
void p_signal(struct dec *d, uint64_t v);
/* A path (NUL-terminated, up to PATH_MAX). */
void p_path(struct dec *d, uint64_t addr);
/* A NUL-terminated string cut at strsize. */
void p_str(struct dec *d, uint64_t addr);
/* @len bytes of data cut at strsize (write's buffer). */
void p_buf(struct dec *d, uint64_t addr, uint64_t len);
/* An output buffer at exit: its address if the call failed, else the
 * first @len bytes (read's buffer with len = the result). */
void p_buf_out(struct dec *d, uint64_t addr, uint64_t len);
/* Same with getrandom's hex style. */
void p_buf_out_hex(struct dec *d, uint64_t addr, uint64_t len);
/* An int in memory: `[5]`; NULL, or the address when unreadable (or
 * when the call failed, at exit). */
void p_int_ptr(struct dec *d, uint64_t addr);
void p_uint64_ptr(struct dec *d, uint64_t addr);
/* A signal set of @size bytes. */
void p_sigset(struct dec *d, uint64_t addr, uint64_t size);

/* Structures: read @size bytes at @addr and format them with @fmt; NULL,
 * or the address when unreadable (or at exit after a failure). */
typedef void (*fmt_struct_fn)(struct dec *d, const void *p);
void p_struct(struct dec *d, uint64_t addr, size_t size, fmt_struct_fn fmt);
/* The same without dec_arg (inside another structure). */
void f_struct(struct dec *d, uint64_t addr, size_t size, fmt_struct_fn fmt);
/* A string or path inside a structure (no dec_arg). */
void f_str(struct dec *d, uint64_t addr);
void f_path(struct dec *d, uint64_t addr);
void f_buf(struct dec *d, uint64_t addr, uint64_t len);

/* Arrays: @n elements of @size bytes, `[a, b, ...]`, at most strsize
 * elements then `...`. */
void f_array(struct dec *d, uint64_t addr, uint64_t n, size_t size, fmt_struct_fn fmt);

/* execve's argv (`["ls", "-l"]`) and envp (`0x7ffd... /\* 12 vars *\/`). */
void f_argv(struct dec *d, uint64_t addr);
void f_envc(struct dec *d, uint64_t addr);

/* A siginfo_t as strace shows it (`{si_signo=SIGCHLD, si_code=...}`), for
 * the `--- SIG ... ---` lines too (only d->sb is used for those). */
void fmt_siginfo(struct dec *d, const void *si);

/* Set the text shown after the result (printf-like). */
void dec_rstr(struct dec *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif

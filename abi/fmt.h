/* Formatting values the way strace prints them.  Pure functions: they
 * take values and bytes already copied from the guest and never look at
 * the sentry. */
#ifndef SBX_ABI_FMT_H
#define SBX_ABI_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"
#include "xlat.h"

/* A name of @x, or `0x... /\* DFLT *\/` (just the hex without @dflt). */
void fmt_xval(struct sbuf *sb, const struct xlat *x, uint64_t v, const char *dflt);
/* The same with a decimal fallback (`-5 /\* DFLT *\/`, or just `-5`). */
void fmt_xval_d(struct sbuf *sb, const struct xlat *x, int64_t v, const char *dflt);
/* Flags: the names of @x whose bits are all set, in @x's order, joined by
 * `|`, then the unknown rest in hex.  0 prints @x's name for 0 if it has
 * one, else `0`; no known bit at all prints `0x... /\* DFLT *\/`.  Returns
 * the number of items printed. */
int fmt_flags(struct sbuf *sb, const struct xlat *x, uint64_t v, const char *dflt);
/* Flags from two tables, @x1's names first (clone3's flags). */
int fmt_flags2(struct sbuf *sb, const struct xlat *x1, const struct xlat *x2, uint64_t v,
	       const char *dflt);
/* Like fmt_flags but prints nothing for 0 (to follow a `|`). */
int fmt_flags_rest(struct sbuf *sb, const struct xlat *x, uint64_t v);

/* prctl's dumpable modes (kernel-internal names). */
extern const struct xlat xlat_suid_dump;

/* An address: `NULL` or `0x7f...`. */
void fmt_addr(struct sbuf *sb, uint64_t v);
/* strace's `%#x`: `0` or `0x...`. */
void fmt_hex(struct sbuf *sb, uint64_t v);
/* An octal mode as strace prints it: `0644`, `000`. */
void fmt_oct(struct sbuf *sb, uint64_t v);

/* Signals: `SIGCHLD`, `SIGRTMIN`, `SIGRT_3`; @sig out of range prints the
 * number. */
void fmt_signame(struct sbuf *sb, int sig);
/* The name of @sig without the number fallback, or NULL. */
const char *signame(int sig, char buf[16]);
/* A signal set of @bytes bytes: `[CHLD USR1]`, `~[KILL STOP]` when two
 * thirds or more of the bits are set, `[]`. */
void fmt_sigset(struct sbuf *sb, const void *mask, size_t bytes);

/* Errors: the name of errno value @err (`ENOENT`, `ERESTARTSYS`), or NULL. */
const char *errno_name(long err);
/* The message strace shows with it. */
const char *errno_msg(long err, char buf[64]);
/* Is @err one of the kernel's restart codes (shown as `= ? ERESTART...`)? */
bool errno_is_restart(long err);

/* Quoting styles for fmt_quote. */
#define QUOTE_0_TERMINATED 0x01 /* a NUL ends the string */
#define QUOTE_FORCE_HEX	   0x02 /* every byte as \xNN (getrandom) */
#define QUOTE_OMIT_QUOTES  0x04

/* Quote @size bytes of @s with strace's escapes (\n \t \" \\ and octal
 * `\0`, `\177`, three digits when an octal digit follows).  @s[size] must
 * be readable: it is the look-ahead byte (0xff when nothing follows).
 * Returns 0 when QUOTE_0_TERMINATED is set and a NUL ended the string
 * within or right after @size bytes, 1 otherwise. */
int fmt_quote(struct sbuf *sb, const unsigned char *s, size_t size, unsigned style);

/* A device number: `makedev(0x1, 0x3)`. */
void fmt_dev(struct sbuf *sb, uint64_t dev);
/* A file mode with its type: `S_IFREG|S_ISUID|0644`, or `0644` for no
 * type. */
void fmt_mode(struct sbuf *sb, uint64_t mode);
/* Open flags: `O_RDONLY|O_CLOEXEC`. */
void fmt_open_flags(struct sbuf *sb, uint64_t flags);
/* A `dirfd` argument: `AT_FDCWD` or the number. */
void fmt_dirfd(struct sbuf *sb, int fd);
/* A clone flags word with its exit signal: `CLONE_VM|...|SIGCHLD`. */
void fmt_clone_flags(struct sbuf *sb, uint64_t flags);
/* mmap's flags: type, flags, huge page size. */
void fmt_mmap_flags(struct sbuf *sb, uint64_t flags);
/* A wait status: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]` (without the
 * brackets). */
void fmt_wait_status(struct sbuf *sb, int status);
/* An ioctl request: its name, or `_IOC(_IOC_READ, 0x54, 0x1, 0x4)`. */
void fmt_ioctl_req(struct sbuf *sb, uint64_t req);
/* An rlimit value: `RLIM64_INFINITY`, `8192*1024`, `1000`. */
void fmt_rlim(struct sbuf *sb, uint64_t v);

#endif

/* Decoders: system information, limits and credentials (uname, sysinfo,
 * getrandom, rlimits, uids, capabilities).  strace: uname.c, sysinfo.c,
 * getrandom.c, resource.c, uid.c, capability.c. */
#include "decode_priv.h"

#include <linux/capability.h>
#include <stddef.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

static void fmt_cstr_field(struct sbuf *sb, const char *s, size_t size)
{
	unsigned char buf[sizeof(((struct utsname *)0)->sysname) + 1];
	size_t n = strnlen(s, size);
	memcpy(buf, s, n);
	buf[n] = 0;
	fmt_quote(sb, buf, n, QUOTE_0_TERMINATED);
	if (n == size)
		sb_puts(sb, "...");
}

static void fmt_utsname(struct dec *d, const void *p)
{
	const struct utsname *u = p;
	sb_puts(d->sb, "{sysname=");
	fmt_cstr_field(d->sb, u->sysname, sizeof(u->sysname));
	sb_puts(d->sb, ", nodename=");
	fmt_cstr_field(d->sb, u->nodename, sizeof(u->nodename));
	sb_puts(d->sb, ", ...}");
}

DECODER(uname)
{
	if (!d->exiting)
		return DEC_MORE;
	p_struct(d, d->a[0], sizeof(struct utsname), fmt_utsname);
	return DEC_DONE;
}

static void fmt_sysinfo(struct dec *d, const void *p)
{
	const struct sysinfo *s = p;
	sb_printf(d->sb,
		  "{uptime=%ld, loads=[%lu, %lu, %lu], totalram=%lu, freeram=%lu, sharedram=%lu, "
		  "bufferram=%lu, totalswap=%lu, freeswap=%lu, procs=%u, totalhigh=%lu, "
		  "freehigh=%lu, mem_unit=%u}",
		  (long)s->uptime, (unsigned long)s->loads[0], (unsigned long)s->loads[1],
		  (unsigned long)s->loads[2], (unsigned long)s->totalram, (unsigned long)s->freeram,
		  (unsigned long)s->sharedram, (unsigned long)s->bufferram,
		  (unsigned long)s->totalswap, (unsigned long)s->freeswap, (unsigned)s->procs,
		  (unsigned long)s->totalhigh, (unsigned long)s->freehigh, (unsigned)s->mem_unit);
}

DECODER(sysinfo)
{
	if (!d->exiting)
		return DEC_MORE;
	p_struct(d, d->a[0], sizeof(struct sysinfo), fmt_sysinfo);
	return DEC_DONE;
}

DECODER(getrandom)
{
	if (!d->exiting)
		return DEC_MORE;
	p_buf_out_hex(d, d->a[0], (uint64_t)d->rval);
	p_ulong(d, d->a[1]);
	p_flags(d, &xlat_getrandom_flags, (uint32_t)d->a[2], "GRND_???");
	return DEC_DONE;
}

/* --- limits ------------------------------------------------------------ */

static void fmt_rlimit(struct dec *d, const void *p)
{
	const uint64_t *r = p;
	sb_puts(d->sb, "{rlim_cur=");
	fmt_rlim(d->sb, r[0]);
	sb_puts(d->sb, ", rlim_max=");
	fmt_rlim(d->sb, r[1]);
	sb_putc(d->sb, '}');
}

static void p_resource(struct dec *d, uint64_t v)
{
	p_xval(d, &xlat_rlimits, (uint32_t)v, "RLIMIT_???");
}

DECODER(getrlimit)
{
	if (!d->exiting) {
		p_resource(d, d->a[0]);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], 2 * sizeof(uint64_t), fmt_rlimit);
	return DEC_DONE;
}

DECODER(setrlimit)
{
	p_resource(d, d->a[0]);
	p_struct(d, d->a[1], 2 * sizeof(uint64_t), fmt_rlimit);
	return DEC_DONE;
}

DECODER(prlimit64)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_resource(d, d->a[1]);
		p_struct(d, d->a[2], 2 * sizeof(uint64_t), fmt_rlimit);
		return DEC_MORE;
	}
	p_struct(d, d->a[3], 2 * sizeof(uint64_t), fmt_rlimit);
	return DEC_DONE;
}

/* --- credentials --------------------------------------------------------- */

DECODER(id) /* setuid, setgid, setfsuid, setfsgid */
{
	p_id(d, d->a[0]);
	return DEC_DONE;
}

DECODER(id_id) /* setreuid, setregid */
{
	p_id(d, d->a[0]);
	p_id(d, d->a[1]);
	return DEC_DONE;
}

DECODER(id_id_id) /* setresuid, setresgid */
{
	p_id(d, d->a[0]);
	p_id(d, d->a[1]);
	p_id(d, d->a[2]);
	return DEC_DONE;
}

static void fmt_id_ptr(struct dec *d, uint64_t addr)
{
	uint32_t v;
	dec_arg(d);
	if (!addr)
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || dec_read(d, &v, addr, sizeof(v)) < 0)
		fmt_addr(d->sb, addr);
	else if (v == UINT32_MAX)
		sb_puts(d->sb, "[-1]");
	else
		sb_printf(d->sb, "[%u]", v);
}

DECODER(getresid) /* getresuid, getresgid */
{
	if (!d->exiting)
		return DEC_MORE;
	for (int i = 0; i < 3; i++)
		fmt_id_ptr(d, d->a[i]);
	return DEC_DONE;
}

static void fmt_gid(struct dec *d, const void *p)
{
	uint32_t v = *(const uint32_t *)p;
	if (v == UINT32_MAX)
		sb_puts(d->sb, "-1");
	else
		sb_printf(d->sb, "%u", v);
}

DECODER(getgroups)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	dec_arg(d);
	if ((d->a[0] == 0 && !dec_failed(d)) || dec_failed(d))
		fmt_addr(d->sb, d->a[1]);
	else
		f_array(d, d->a[1], (uint64_t)d->rval, 4, fmt_gid);
	return DEC_DONE;
}

DECODER(setgroups)
{
	p_int(d, d->a[0]);
	dec_arg(d);
	f_array(d, d->a[1], (uint32_t)d->a[0], 4, fmt_gid);
	return DEC_DONE;
}

static void fmt_cap_header(struct dec *d, const void *p)
{
	const struct __user_cap_header_struct *h = p;
	sb_puts(d->sb, "{version=");
	fmt_xval(d->sb, &xlat_cap_versions, h->version, "_LINUX_CAPABILITY_VERSION_???");
	sb_printf(d->sb, ", pid=%d}", h->pid);
}

static void fmt_capset(struct sbuf *sb, uint64_t set)
{
	if (!set) {
		sb_putc(sb, '0');
		return;
	}
	int n = 0;
	for (int i = 0; i < 64; i++)
		if (set & (1ULL << i)) {
			const char *s = xlat_name(&xlat_capabilities, (uint64_t)i);
			if (n++)
				sb_putc(sb, '|');
			if (s)
				sb_printf(sb, "1<<%s", s);
			else
				sb_printf(sb, "1<<%d", i);
		}
}

static void fmt_cap_data(struct dec *d, const void *p)
{
	const struct __user_cap_data_struct *c = p;
	uint64_t e = c[0].effective | (uint64_t)c[1].effective << 32;
	uint64_t pe = c[0].permitted | (uint64_t)c[1].permitted << 32;
	uint64_t in = c[0].inheritable | (uint64_t)c[1].inheritable << 32;
	sb_puts(d->sb, "{effective=");
	fmt_capset(d->sb, e);
	sb_puts(d->sb, ", permitted=");
	fmt_capset(d->sb, pe);
	sb_puts(d->sb, ", inheritable=");
	fmt_capset(d->sb, in);
	sb_putc(d->sb, '}');
}

DECODER(capget)
{
	if (!d->exiting) {
		p_struct(d, d->a[0], sizeof(struct __user_cap_header_struct), fmt_cap_header);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], 2 * sizeof(struct __user_cap_data_struct), fmt_cap_data);
	return DEC_DONE;
}

DECODER(capset)
{
	p_struct(d, d->a[0], sizeof(struct __user_cap_header_struct), fmt_cap_header);
	p_struct(d, d->a[1], 2 * sizeof(struct __user_cap_data_struct), fmt_cap_data);
	return DEC_DONE;
}

DECODER(syslog)
{
	p_int(d, d->a[0]);
	p_addr(d, d->a[1]);
	p_int(d, d->a[2]);
	return DEC_DONE;
}

/* Decoders: memory (mmap, mprotect, brk...).  strace: mem.c. */
#include "decode_priv.h"

#include <linux/mman.h>

DECODER(mmap)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_flags(d, &xlat_mmap_prot, d->a[2], "PROT_???");
	dec_arg(d);
	fmt_mmap_flags(d->sb, d->a[3]);
	p_int(d, d->a[4]);
	p_hex(d, d->a[5]);
	return DEC_DONE;
}

DECODER(munmap) /* munmap, mlock, munlock */
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	return DEC_DONE;
}

DECODER(mprotect)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_flags(d, &xlat_mmap_prot, d->a[2], "PROT_???");
	return DEC_DONE;
}

DECODER(pkey_mprotect)
{
	decode_mprotect(d);
	p_int(d, d->a[3]);
	return DEC_DONE;
}

DECODER(pkey_alloc)
{
	p_hex(d, d->a[0]);
	p_flags(d, &xlat_pkey_access, d->a[1], "PKEY_???");
	return DEC_DONE;
}

DECODER(pkey_free)
{
	p_int(d, d->a[0]);
	return DEC_DONE;
}

DECODER(mremap)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_ulong(d, d->a[2]);
	p_flags(d, &xlat_mremap_flags, d->a[3], "MREMAP_???");
	if ((d->a[3] & (MREMAP_MAYMOVE | MREMAP_FIXED)) == (MREMAP_MAYMOVE | MREMAP_FIXED))
		p_addr(d, d->a[4]);
	return DEC_DONE;
}

DECODER(madvise)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_xval(d, &xlat_madvise_cmds, (uint32_t)d->a[2], "MADV_???");
	return DEC_DONE;
}

DECODER(brk)
{
	p_addr(d, d->a[0]);
	return DEC_DONE;
}

DECODER(msync)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_flags(d, &xlat_msync_flags, (uint32_t)d->a[2], "MS_???");
	return DEC_DONE;
}

static void fmt_byte(struct dec *d, const void *p)
{
	sb_printf(d->sb, "%u", *(const unsigned char *)p);
}

DECODER(mincore)
{
	if (!d->exiting) {
		p_addr(d, d->a[0]);
		p_ulong(d, d->a[1]);
		return DEC_MORE;
	}
	dec_arg(d);
	if (dec_failed(d))
		fmt_addr(d->sb, d->a[2]);
	else
		f_array(d, d->a[2], (d->a[1] + 4095) / 4096, 1, fmt_byte);
	return DEC_DONE;
}

DECODER(mlock2)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_flags(d, &xlat_mlock_flags, (uint32_t)d->a[2], "MLOCK_???");
	return DEC_DONE;
}

DECODER(mlockall)
{
	p_flags(d, &xlat_mlockall_flags, (uint32_t)d->a[0], "MCL_???");
	return DEC_DONE;
}

DECODER(membarrier)
{
	p_xval(d, &xlat_membarrier_cmds, (uint32_t)d->a[0], "MEMBARRIER_CMD_???");
	p_hex(d, (uint32_t)d->a[1]);
	p_int(d, d->a[2]);
	return DEC_DONE;
}

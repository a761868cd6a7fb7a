/* Decoders: System V IPC.  strace: ipc_shm.c, ipc_sem.c, ipc_msg.c. */
#include "decode_priv.h"

#include <linux/ipc.h>
#include <stddef.h>

static void p_key(struct dec *d, uint64_t key)
{
	dec_arg(d);
	if ((int)key == IPC_PRIVATE)
		sb_puts(d->sb, "IPC_PRIVATE");
	else
		sb_printf(d->sb, "%#x", (unsigned)key);
}

/* IPC_CREAT|IPC_EXCL|0600 */
static void p_ipc_flags(struct dec *d, uint64_t flags)
{
	dec_arg(d);
	uint32_t f = (uint32_t)flags & ~0777U;
	if (f && fmt_flags_rest(d->sb, &xlat_ipc_flags, f))
		sb_putc(d->sb, '|');
	fmt_oct(d->sb, flags & 0777);
}

static void p_ipc_cmd(struct dec *d, uint64_t cmd)
{
	p_xval(d, &xlat_ipc_cmds, (uint32_t)cmd & ~0x100U, "IPC_???");
}

DECODER(shmget)
{
	p_key(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_ipc_flags(d, d->a[2]);
	return DEC_DONE;
}

DECODER(shmat)
{
	p_int(d, d->a[0]);
	p_addr(d, d->a[1]);
	p_flags(d, &xlat_shm_flags, (uint32_t)d->a[2], "SHM_???");
	return DEC_DONE;
}

DECODER(shmdt)
{
	p_addr(d, d->a[0]);
	return DEC_DONE;
}

DECODER(shmctl) /* shmctl, msgctl */
{
	p_int(d, d->a[0]);
	p_ipc_cmd(d, d->a[1]);
	p_addr(d, d->a[2]);
	return DEC_DONE;
}

DECODER(semget)
{
	p_key(d, d->a[0]);
	p_int(d, d->a[1]);
	p_ipc_flags(d, d->a[2]);
	return DEC_DONE;
}

static void fmt_sembuf(struct dec *d, const void *p)
{
	const struct {
		uint16_t num;
		int16_t op;
		int16_t flg;
	} *s = p;
	sb_printf(d->sb, "{sem_num=%u, sem_op=%d, sem_flg=", s->num, s->op);
	fmt_flags(d->sb, &xlat_ipc_flags, (uint16_t)s->flg, "SEM_???");
	sb_putc(d->sb, '}');
}

DECODER(semop)
{
	p_int(d, d->a[0]);
	dec_arg(d);
	f_array(d, d->a[1], d->a[2], 6, fmt_sembuf);
	p_uint(d, d->a[2]);
	return DEC_DONE;
}

DECODER(semtimedop)
{
	decode_semop(d);
	p_timespec(d, d->a[3]);
	return DEC_DONE;
}

DECODER(semctl)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_ipc_cmd(d, d->a[2]);
	p_hex(d, d->a[3]);
	return DEC_DONE;
}

DECODER(msgget)
{
	p_key(d, d->a[0]);
	p_ipc_flags(d, d->a[1]);
	return DEC_DONE;
}

DECODER(msgsnd)
{
	int64_t type;
	p_int(d, d->a[0]);
	dec_arg(d);
	if (!d->a[1] || dec_read(d, &type, d->a[1], sizeof(type)) < 0) {
		fmt_addr(d->sb, d->a[1]);
	} else {
		sb_printf(d->sb, "{%ld, ", (long)type);
		f_buf(d, d->a[1] + sizeof(type), d->a[2]);
		sb_putc(d->sb, '}');
	}
	p_ulong(d, d->a[2]);
	p_flags(d, &xlat_ipc_flags, (uint32_t)d->a[3], "MSG_???");
	return DEC_DONE;
}

DECODER(msgrcv)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	int64_t type;
	dec_arg(d);
	if (dec_failed(d) || dec_read(d, &type, d->a[1], sizeof(type)) < 0) {
		fmt_addr(d->sb, d->a[1]);
	} else {
		sb_printf(d->sb, "{%ld, ", (long)type);
		f_buf(d, d->a[1] + sizeof(type), (uint64_t)d->rval);
		sb_putc(d->sb, '}');
	}
	p_ulong(d, d->a[2]);
	p_long(d, d->a[3]);
	p_flags(d, &xlat_msgrcv_flags, (uint32_t)d->a[4], "MSG_???");
	return DEC_DONE;
}

DECODER(msgctl)
{
	return decode_shmctl(d);
}

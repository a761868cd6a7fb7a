/* A decoder of just enough of x86-64 to say whether an instruction writes
 * memory (Intel SDM vol. 2, opcode maps A-2..A-6), for the write bit of a
 * page fault's error code (signal_fault.c). */
#include "insn_access.h"

enum access { READ, WRITE, STACK, STRING, POP };

struct insn {
	const uint8_t *p, *end;
	int pp;   /* 0, or the mandatory prefix: 1 66, 2 F3, 3 F2 */
	int map;  /* 0 one-byte, 1 0F, 2 0F38, 3 0F3A */
	bool vex; /* VEX or EVEX encoded */
	int op;
	int modrm; /* -1: not read yet or none */
};

static int next(struct insn *in)
{
	return in->p < in->end ? *in->p++ : -1;
}

/* The ModRM byte's reg field, reading the byte; -1 past the end.  A
 * register operand (mod 3) has no memory access: -2. */
static int modrm_reg(struct insn *in)
{
	if (in->modrm < 0)
		in->modrm = next(in);
	if (in->modrm < 0)
		return -1;
	if ((in->modrm >> 6) == 3)
		return -2;
	return (in->modrm >> 3) & 7;
}

static enum access one_byte(struct insn *in)
{
	int op = in->op, reg;
	if (op < 0x40 && (op & 7) < 4) {
		/* ALU ops: the r/m destination forms write (cmp only reads). */
		if ((op & 6) != 0 || op == 0x38 || op == 0x39)
			return READ;
		return modrm_reg(in) == -2 ? READ : WRITE;
	}
	if ((op >= 0x50 && op <= 0x57) || op == 0x68 || op == 0x6a || op == 0x9c || op == 0xe8 ||
	    op == 0xc8)
		return STACK;
	switch (op) {
	case 0x80:
	case 0x81:
	case 0x83:
		reg = modrm_reg(in);
		return reg >= 0 && reg != 7 ? WRITE : READ;
	case 0x86:
	case 0x87:
	case 0x88:
	case 0x89:
	case 0x8c:
	case 0xc0:
	case 0xc1:
	case 0xc6:
	case 0xc7:
	case 0xd0:
	case 0xd1:
	case 0xd2:
	case 0xd3:
		return modrm_reg(in) >= 0 ? WRITE : READ;
	case 0x8f:
		return modrm_reg(in) >= 0 ? POP : READ;
	case 0xa2:
	case 0xa3:
	case 0xaa:
	case 0xab:
		return WRITE;
	case 0xa4:
	case 0xa5:
		return STRING;
	case 0xf6:
	case 0xf7:
		reg = modrm_reg(in);
		return reg == 2 || reg == 3 ? WRITE : READ;
	case 0xfe:
	case 0xff:
		reg = modrm_reg(in);
		if (reg == 0 || reg == 1)
			return WRITE;
		if (op == 0xff && (reg == 2 || reg == 3 || reg == 6))
			return STACK; /* its operand is read, the stack written */
		if (op == 0xff && reg == -2)
			return STACK; /* call or push of a register */
		return READ;
	case 0xd9:
		reg = modrm_reg(in);
		return reg == 2 || reg == 3 || reg == 6 || reg == 7 ? WRITE : READ;
	case 0xdb:
		reg = modrm_reg(in);
		return reg == 1 || reg == 2 || reg == 3 || reg == 7 ? WRITE : READ;
	case 0xdd:
		reg = modrm_reg(in);
		return reg == 1 || reg == 2 || reg == 3 || reg == 6 || reg == 7 ? WRITE : READ;
	case 0xdf:
		reg = modrm_reg(in);
		return reg == 1 || reg == 2 || reg == 3 || reg == 6 || reg == 7 ? WRITE : READ;
	default:
		return READ;
	}
}

/* The 0F map: legacy forms, and the VEX/EVEX ones of the same numbers. */
static enum access map_0f(struct insn *in)
{
	int op = in->op, reg;
	switch (op) {
	case 0x11: /* movups/movupd/movss/movsd store */
	case 0x13: /* movlps/movlpd store */
	case 0x17: /* movhps/movhpd store */
	case 0x29: /* movaps/movapd store */
	case 0x2b: /* movntps/movntpd */
	case 0x7f: /* movq mm, movdqa/movdqu store */
	case 0xd6: /* movq xmm store */
	case 0xe7: /* movntq/movntdq */
		return WRITE;
	case 0x7e: /* movd/movq store, but F3 0F 7E is a load */
		return in->pp == 2 ? READ : WRITE;
	}
	if (in->vex)
		return READ;
	if (op >= 0x90 && op <= 0x9f) /* setcc */
		return modrm_reg(in) >= 0 ? WRITE : READ;
	switch (op) {
	case 0xa0:
	case 0xa8: /* push fs/gs */
		return STACK;
	case 0xa4:
	case 0xa5:
	case 0xab:
	case 0xac:
	case 0xad:
	case 0xb0:
	case 0xb1:
	case 0xb3:
	case 0xbb:
	case 0xc0:
	case 0xc1:
	case 0xc3: /* shld, bts, shrd, cmpxchg, btr, btc, xadd, movnti */
		return modrm_reg(in) >= 0 ? WRITE : READ;
	case 0xba:
		return modrm_reg(in) >= 5 ? WRITE : READ; /* bts, btr, btc */
	case 0xc7:
		reg = modrm_reg(in);
		return reg == 1 || reg == 4 || reg == 5 ? WRITE : READ; /* cmpxchg8b, xsavec, xsaves */
	case 0xae:
		reg = modrm_reg(in);
		return reg == 0 || reg == 3 || reg == 4 || reg == 6 ? WRITE : READ; /* fxsave,
											 stmxcsr,
											 xsave,
											 xsaveopt */
	default:
		return READ;
	}
}

static enum access map_0f38(struct insn *in)
{
	int op = in->op;
	if (!in->vex)
		return op == 0xf1 && in->pp != 3 ? WRITE : READ; /* movbe store, not crc32 */
	switch (op) {
	case 0x2e:
	case 0x2f: /* vmaskmovps/pd store */
	case 0x8e: /* vpmaskmovd/q store */
	case 0x8a:
	case 0x8b: /* vcompress */
	case 0xa0:
	case 0xa1:
	case 0xa2:
	case 0xa3: /* scatters */
		return WRITE;
	default:
		return READ;
	}
}

static enum access map_0f3a(struct insn *in)
{
	switch (in->op) {
	case 0x14:
	case 0x15:
	case 0x16:
	case 0x17: /* pextrb/w/d/q, extractps */
		return WRITE;
	case 0x19:
	case 0x1b:
	case 0x1d:
	case 0x39:
	case 0x3b: /* vextract*, vcvtps2ph */
		return in->vex ? WRITE : READ;
	default:
		return READ;
	}
}

static enum access decode(struct insn *in)
{
	int b;
	for (int i = 0; i < 14; i++) {
		b = next(in);
		if (b == 0x66)
			in->pp = 1;
		else if (b == 0xf3)
			in->pp = 2;
		else if (b == 0xf2)
			in->pp = 3;
		else if (b == 0xf0 || b == 0x67 || b == 0x2e || b == 0x36 || b == 0x3e ||
			 b == 0x26 || b == 0x64 || b == 0x65)
			continue;
		else
			break;
	}
	if (b >= 0x40 && b <= 0x4f)
		b = next(in); /* REX */
	if (b < 0)
		return READ;
	if (b == 0xc5) { /* 2-byte VEX: R vvvv L pp */
		int v = next(in);
		in->vex = true;
		in->map = 1;
		in->pp = v & 3;
		in->op = next(in);
	} else if (b == 0xc4) { /* 3-byte VEX: RXB mmmmm, W vvvv L pp */
		int v1 = next(in), v2 = next(in);
		in->vex = true;
		in->map = v1 & 0x1f;
		in->pp = v2 & 3;
		in->op = next(in);
	} else if (b == 0x62) { /* EVEX: R X B R' 0 mmm, W vvvv 1 pp, z L'L b V' aaa */
		int p0 = next(in), p1 = next(in);
		next(in);
		in->vex = true;
		in->map = p0 & 7;
		in->pp = p1 & 3;
		in->op = next(in);
	} else if (b == 0x0f) {
		in->op = next(in);
		in->map = 1;
		if (in->op == 0x38 || in->op == 0x3a) {
			in->map = in->op == 0x38 ? 2 : 3;
			in->op = next(in);
		}
	} else {
		in->op = b;
	}
	if (in->op < 0)
		return READ;
	switch (in->map) {
	case 0:
		return one_byte(in);
	case 1:
		return map_0f(in);
	case 2:
		return map_0f38(in);
	case 3:
		return map_0f3a(in);
	default:
		return READ;
	}
}

bool insn_writes(const uint8_t *code, size_t len, uint64_t addr, uint64_t rsp, uint64_t rdi)
{
	struct insn in = {.p = code, .end = code + (len > 15 ? 15 : len), .modrm = -1};
	switch (decode(&in)) {
	case WRITE:
		return true;
	case STACK:
		/* The store below the stack pointer (up to an enter's frame),
		 * not a read of the operand elsewhere. */
		return addr < rsp && rsp - addr <= 4096;
	case STRING:
		/* movs: the store at rdi, the load at rsi (direction either way). */
		return addr >= rdi - 8 && addr < rdi + 8;
	case POP:
		/* pop to memory: the load from the stack, the store elsewhere. */
		return !(addr >= rsp && addr < rsp + 8);
	default:
		return false;
	}
}

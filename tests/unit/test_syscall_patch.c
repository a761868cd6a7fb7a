/* The syscall patcher's pure parts (sentry/mm/syscall_patch.c): which
 * sites it takes, the jump that stands for one and the thunk it jumps to,
 * byte for byte as the x86-64 encoding has them. */
#include <criterion/criterion.h>
#include <string.h>

#include "../../sentry/mm/syscall_patch.h"

static struct user_regs_struct regs(uint64_t nr)
{
	struct user_regs_struct r;
	memset(&r, 0, sizeof(r));
	r.orig_rax = nr;
	return r;
}

/* mov $39, %eax; syscall, after a nop */
static const uint8_t getpid_site[8] = {0x90, 0xb8, 39, 0, 0, 0, 0x0f, 0x05};

Test(syscall_patch, takes_mov_eax_when_eax_is_the_number)
{
	struct user_regs_struct r = regs(39);
	cr_expect_eq(syscall_patch_match(getpid_site, &r, 0, false), 5);
	r.orig_rax = 40; /* the imm32 was not what rax held: not that instruction */
	cr_expect_eq(syscall_patch_match(getpid_site, &r, 0, false), 0);
}

Test(syscall_patch, refuses_a_prefixed_or_rex_tail)
{
	struct user_regs_struct r = regs(39);
	uint8_t b[8];
	/* 41 b8 imm32 is mov $imm32, %r8d: the b8 is no instruction's start. */
	const uint8_t prefixes[] = {0x40, 0x41, 0x48, 0x4f, 0x66, 0x67,
				    0xf0, 0xf2, 0xf3, 0x2e, 0x64, 0x65};
	for (size_t i = 0; i < sizeof(prefixes); i++) {
		memcpy(b, getpid_site, 8);
		b[0] = prefixes[i];
		cr_expect_eq(syscall_patch_match(b, &r, 0, false), 0, "prefix %#x", prefixes[i]);
	}
}

Test(syscall_patch, needs_the_syscall_instruction)
{
	struct user_regs_struct r = regs(39);
	uint8_t b[8];
	memcpy(b, getpid_site, 8);
	b[7] = 0x34; /* sysenter */
	cr_expect_eq(syscall_patch_match(b, &r, 0, false), 0);
	memcpy(b, getpid_site, 8);
	b[1] = 0xb9; /* mov $imm32, %ecx */
	cr_expect_eq(syscall_patch_match(b, &r, 0, false), 0);
}

Test(syscall_patch, takes_glibc_syscall_when_r9_is_the_stack_word)
{
	/* mov 8(%rsp), %r9; syscall (glibc's syscall()) */
	const uint8_t b[8] = {0x89, 0x4c, 0x8b, 0x4c, 0x24, 0x08, 0x0f, 0x05};
	struct user_regs_struct r = regs(110);
	r.r9 = 0x1234;
	cr_expect_eq(syscall_patch_match(b, &r, 0x1234, true), 5);
	cr_expect_eq(syscall_patch_match(b, &r, 0x1235, true), 0);
	cr_expect_eq(syscall_patch_match(b, &r, 0x1234, false), 0);
}

Test(syscall_patch, jump_is_an_indirect_jmp_whose_old_syscall_byte_is_invalid)
{
	for (unsigned idx = 0; idx < PATCH_MAX; idx++) {
		uint8_t j[7];
		syscall_patch_jump(j, idx);
		/* ff /4 with ModRM 0x24, SIB 0x25: jmp *disp32, no base, no index */
		cr_assert_eq(j[0], 0xff);
		cr_assert_eq(j[1], 0x24);
		cr_assert_eq(j[2], 0x25);
		uint32_t disp;
		memcpy(&disp, j + 3, 4);
		cr_assert_eq(disp, PATCH_TABLE + 8 * idx);
		cr_assert(disp >= PATCH_AREA && disp + 8 <= PATCH_THUNKS);
		/* Where the syscall's 0x0f was: 0x06, invalid in 64-bit mode. */
		cr_assert_eq(j[5], 0x06, "idx %u", idx);
	}
}

Test(syscall_patch, thunk_runs_the_instruction_then_enters_with_rcx_at_the_syscall)
{
	uint8_t t[PATCH_THUNK_LEN];
	const uint64_t site = 0x7f0012345670, entry = 0x7fc000000108;
	syscall_patch_thunk(t, getpid_site + 1, site, entry);
	cr_expect_arr_eq(t, getpid_site + 1, 5);
	/* movabs $site+5, %rcx */
	cr_expect_eq(t[5], 0x48);
	cr_expect_eq(t[6], 0xb9);
	uint64_t v;
	memcpy(&v, t + 7, 8);
	cr_expect_eq(v, site + 5);
	/* movabs $entry, %r11 */
	cr_expect_eq(t[15], 0x49);
	cr_expect_eq(t[16], 0xbb);
	memcpy(&v, t + 17, 8);
	cr_expect_eq(v, entry);
	/* jmp *%r11 */
	cr_expect_eq(t[25], 0x41);
	cr_expect_eq(t[26], 0xff);
	cr_expect_eq(t[27], 0xe3);
	for (int i = 28; i < PATCH_THUNK_LEN; i++)
		cr_expect_eq(t[i], 0xcc);
	/* Every thunk fits in the area. */
	cr_expect(PATCH_THUNKS + (uint64_t)PATCH_MAX * PATCH_THUNK_LEN <=
		  PATCH_AREA + PATCH_AREA_LEN);
}

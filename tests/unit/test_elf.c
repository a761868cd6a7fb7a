/* ELF parsing and mapping: valid images parse and map as a file mapping
 * would show them; every malformed one fails with ENOEXEC (or ENOMEM for
 * impossible sizes) before anything is changed. */
#include "mmtest.h"

#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "sentry/loader/elf.h"

/* The image: a static program as ld lays it out.
 *   LOAD R   off 0x0000 vaddr 0x400000 filesz 0x200           (headers)
 *   LOAD R X off 0x1000 vaddr 0x401000 filesz 0x100           (text)
 *   LOAD RW  off 0x2010 vaddr 0x403010 filesz 0x20 memsz 0x2000 (data, bss)
 *   GNU_STACK RW
 * and 0x100 bytes after the data that no segment covers. */
#define BASE	  0x400000UL
#define TEXT_OFF  0x1000UL
#define DATA_OFF  0x2010UL
#define DATA_FILE 0x20UL
#define DATA_MEM  0x2000UL
#define IMG_LEN	  (DATA_OFF + DATA_FILE + 0x100)
#define ENTRY	  (BASE + TEXT_OFF + 0x10)
#define NPH	  4
#define INTERP	  "/lib64/ld-linux-x86-64.so.2"
/* Where paths go: in the first segment, after a header table of up to 5
 * entries (0x40 + 5 * 0x38 = 0x158). */
#define INTERP_OFF 0x180UL

static unsigned char *img;
static size_t img_len;

static Elf64_Ehdr *eh(void)
{
	return (Elf64_Ehdr *)img;
}

static Elf64_Phdr *ph(int i)
{
	return (Elf64_Phdr *)(img + sizeof(Elf64_Ehdr)) + i;
}

static void set_phdr(int i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		     uint64_t filesz, uint64_t memsz)
{
	*ph(i) = (Elf64_Phdr){.p_type = type,
			      .p_flags = flags,
			      .p_offset = off,
			      .p_vaddr = vaddr,
			      .p_paddr = vaddr,
			      .p_filesz = filesz,
			      .p_memsz = memsz,
			      .p_align = PAGE_SIZE};
}

/* Build the valid ET_EXEC image in a buffer of @cap bytes (at least
 * IMG_LEN). */
static void build(size_t cap)
{
	free(img);
	img = calloc(1, cap);
	cr_assert_not_null(img);
	img_len = IMG_LEN;
	Elf64_Ehdr *e = eh();
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64;
	e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_ident[EI_OSABI] = ELFOSABI_SYSV;
	e->e_type = ET_EXEC;
	e->e_machine = EM_X86_64;
	e->e_version = EV_CURRENT;
	e->e_entry = ENTRY;
	e->e_phoff = sizeof(Elf64_Ehdr);
	e->e_ehsize = sizeof(Elf64_Ehdr);
	e->e_phentsize = sizeof(Elf64_Phdr);
	e->e_phnum = NPH;
	set_phdr(0, PT_LOAD, PF_R, 0, BASE, 0x200, 0x200);
	set_phdr(1, PT_LOAD, PF_R | PF_X, TEXT_OFF, BASE + TEXT_OFF, 0x100, 0x100);
	set_phdr(2, PT_LOAD, PF_R | PF_W, DATA_OFF, BASE + 0x1000 + DATA_OFF, DATA_FILE, DATA_MEM);
	set_phdr(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	/* Recognisable bytes everywhere past the headers. */
	for (size_t i = 0x200; i < IMG_LEN; i++)
		img[i] = (unsigned char)(i * 13 + 1);
}

static void build_default(void)
{
	build(IMG_LEN);
}

static void release(void)
{
	free(img);
	img = NULL;
}

static int parse(struct elf_image *out)
{
	struct elf_membuf m = {.data = img, .len = img_len};
	struct elf_source src;
	elf_source_from_mem(&src, &m);
	return elf_parse(&src, out);
}

/* Parse, expecting failure with @err; a failed parse owns nothing. */
static void expect_fail(int err, int line)
{
	struct elf_image im;
	memset(&im, 0xa5, sizeof(im));
	int r = parse(&im);
	cr_expect_eq(r, err, "line %d: elf_parse gave %d, want %d", line, r, err);
	if (r == 0)
		elf_release(&im);
	else
		cr_expect(im.phdrs == NULL && im.interp == NULL, "line %d: left allocations", line);
}
#define EXPECT_FAIL(err) expect_fail((err), __LINE__)

TestSuite(elf, .init = build_default, .fini = release);

/* ---- valid images ---- */

Test(elf, valid_static_exec)
{
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	cr_expect_eq(im.eh.e_type, ET_EXEC);
	cr_expect_eq(im.eh.e_entry, ENTRY);
	cr_assert_not_null(im.phdrs);
	cr_expect_eq(im.phdrs[2].p_vaddr, BASE + 0x1000 + DATA_OFF);
	cr_expect_null(im.interp);
	cr_expect_eq(im.min_vaddr, BASE);
	/* The bss ends at 0x405010: the extent rounds up to 0x406000. */
	cr_expect_eq(im.max_vaddr, 0x406000);
	cr_expect_not(im.exec_stack);
	elf_release(&im);
	cr_expect_null(im.phdrs);
}

Test(elf, valid_dyn_with_interp)
{
	eh()->e_type = ET_DYN;
	eh()->e_entry = ENTRY - BASE;
	for (int i = 0; i < 3; i++) {
		ph(i)->p_vaddr -= BASE;
		ph(i)->p_paddr -= BASE;
	}
	/* The interpreter path sits in the first segment, after the headers. */
	memcpy(img + INTERP_OFF, INTERP, sizeof(INTERP));
	set_phdr(3, PT_INTERP, PF_R, INTERP_OFF, INTERP_OFF, sizeof(INTERP), sizeof(INTERP));
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	cr_expect_eq(im.eh.e_type, ET_DYN);
	cr_assert_not_null(im.interp);
	cr_expect_str_eq(im.interp, INTERP);
	cr_expect_eq(im.min_vaddr, 0);
	cr_expect_eq(im.max_vaddr, 0x6000);
	elf_release(&im);
	cr_expect_null(im.interp);
}

Test(elf, executable_stack)
{
	ph(3)->p_flags = PF_R | PF_W | PF_X;
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	cr_expect(im.exec_stack);
	elf_release(&im);
}

Test(elf, most_program_headers_allowed)
{
	/* 65536 / 56 = 1170 headers fit Linux's limit; extra ones are PT_NULL. */
	int n = ELF_MAX_PHDR_BYTES / (int)sizeof(Elf64_Phdr);
	size_t need = sizeof(Elf64_Ehdr) + (size_t)n * sizeof(Elf64_Phdr);
	build(need + IMG_LEN);
	eh()->e_phoff = IMG_LEN;
	eh()->e_phnum = (Elf64_Half)n;
	memcpy(img + IMG_LEN, ph(0), NPH * sizeof(Elf64_Phdr));
	img_len = IMG_LEN + (size_t)n * sizeof(Elf64_Phdr);
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	cr_expect_eq(im.eh.e_phnum, n);
	elf_release(&im);
	/* One more is too many. */
	eh()->e_phnum = (Elf64_Half)(n + 1);
	img_len += sizeof(Elf64_Phdr);
	cr_assert_leq(img_len, need + IMG_LEN);
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, empty_load_segments_are_ignored)
{
	/* A PT_LOAD with nothing in it may sit anywhere. */
	set_phdr(3, PT_LOAD, PF_R, 0, 0x100000, 0, 0);
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	cr_expect_eq(im.min_vaddr, BASE);
	cr_expect_eq(im.max_vaddr, 0x406000);
	elf_release(&im);
}

/* ---- the ELF header ---- */

Test(elf, empty_file)
{
	img_len = 0;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, truncated_header)
{
	img_len = sizeof(Elf64_Ehdr) - 1;
	EXPECT_FAIL(-ENOEXEC);
	img_len = SELFMAG;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, bad_magic)
{
	img[EI_MAG1] = 'e';
	EXPECT_FAIL(-ENOEXEC);
	build_default();
	img[EI_MAG0] = 0;
	EXPECT_FAIL(-ENOEXEC);
	/* A script is not an ELF file either. */
	build_default();
	memcpy(img, "#!/bin/sh\n", 10);
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, class32)
{
	img[EI_CLASS] = ELFCLASS32;
	EXPECT_FAIL(-ENOEXEC);
	img[EI_CLASS] = ELFCLASSNONE;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, big_endian)
{
	img[EI_DATA] = ELFDATA2MSB;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, wrong_machine)
{
	eh()->e_machine = EM_386;
	EXPECT_FAIL(-ENOEXEC);
	eh()->e_machine = EM_AARCH64;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, not_an_executable)
{
	eh()->e_type = ET_REL;
	EXPECT_FAIL(-ENOEXEC);
	eh()->e_type = ET_CORE;
	EXPECT_FAIL(-ENOEXEC);
	eh()->e_type = ET_NONE;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, wrong_phentsize)
{
	eh()->e_phentsize = sizeof(Elf64_Phdr) - 1;
	EXPECT_FAIL(-ENOEXEC);
	eh()->e_phentsize = sizeof(Elf64_Phdr) + 8;
	EXPECT_FAIL(-ENOEXEC);
	eh()->e_phentsize = sizeof(Elf32_Phdr);
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, no_program_headers)
{
	eh()->e_phnum = 0;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, too_many_program_headers)
{
	eh()->e_phnum = 0xffff;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, program_headers_beyond_eof)
{
	eh()->e_phoff = img_len - sizeof(Elf64_Phdr);
	EXPECT_FAIL(-ENOEXEC);
	eh()->e_phoff = img_len;
	EXPECT_FAIL(-ENOEXEC);
	/* An offset that wraps around when the table size is added. */
	eh()->e_phoff = ~0UL - 8;
	EXPECT_FAIL(-ENOEXEC);
	/* The headers are complete but the file stops inside the table. */
	build_default();
	img_len = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr) + 3;
	EXPECT_FAIL(-ENOEXEC);
}

/* ---- PT_LOAD ---- */

Test(elf, filesz_above_memsz)
{
	/* A file long enough for the bytes: only the sizes are wrong. */
	build(DATA_OFF + DATA_MEM + 1);
	img_len = DATA_OFF + DATA_MEM + 1;
	ph(2)->p_filesz = DATA_MEM + 1;
	EXPECT_FAIL(-ENOEXEC);
	/* Also for a segment that would otherwise be skipped as empty. */
	ph(2)->p_filesz = DATA_FILE;
	ph(1)->p_memsz = 0;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, segment_beyond_eof)
{
	ph(2)->p_filesz = IMG_LEN - DATA_OFF + 1;
	EXPECT_FAIL(-ENOEXEC);
	build_default();
	ph(1)->p_offset = 0x3000; /* congruent, past the end */
	EXPECT_FAIL(-ENOEXEC);
	/* Offset plus size wraps around. */
	build_default();
	ph(2)->p_offset = ~0UL - 0xfef; /* congruent with 0x403010 */
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, truncated_anywhere)
{
	/* Any prefix shorter than the end of the last segment's file bytes
	 * fails; from there on the file is complete. */
	size_t full = img_len;
	for (size_t len = 0; len <= full; len++) {
		img_len = len;
		struct elf_image im;
		int r = parse(&im);
		int want = len >= DATA_OFF + DATA_FILE ? 0 : -ENOEXEC;
		cr_expect_eq(r, want, "length %zu: %d, want %d", len, r, want);
		if (r == 0)
			elf_release(&im);
	}
}

Test(elf, offset_and_address_not_congruent)
{
	ph(1)->p_vaddr += 0x10;
	EXPECT_FAIL(-ENOEXEC);
	build_default();
	ph(2)->p_offset = 0x2000;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, overlapping_segments)
{
	/* The text would start inside the headers' segment. */
	ph(1)->p_vaddr = BASE + 0x100;
	ph(1)->p_offset = 0x100;
	EXPECT_FAIL(-ENOEXEC);
	/* The bss of the text runs into the data. */
	build_default();
	ph(1)->p_memsz = 0x2011;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, non_ascending_segments)
{
	Elf64_Phdr t = *ph(1);
	*ph(1) = *ph(2);
	*ph(2) = t;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, absurd_memsz)
{
	ph(2)->p_memsz = 1UL << 62;
	EXPECT_FAIL(-ENOMEM);
	/* vaddr + memsz wraps around. */
	ph(2)->p_memsz = ~0UL - 0x1000;
	EXPECT_FAIL(-ENOMEM);
	/* Just past the top of the address space. */
	ph(2)->p_memsz = TASK_SIZE - ph(2)->p_vaddr + 1;
	EXPECT_FAIL(-ENOMEM);
	/* A segment placed above it. */
	build_default();
	ph(2)->p_vaddr = TASK_SIZE + DATA_OFF;
	EXPECT_FAIL(-ENOMEM);
}

Test(elf, no_load_segment)
{
	for (int i = 0; i < 3; i++)
		ph(i)->p_type = PT_NOTE;
	EXPECT_FAIL(-ENOEXEC);
	/* Only empty ones. */
	build_default();
	for (int i = 0; i < 3; i++)
		ph(i)->p_memsz = ph(i)->p_filesz = 0;
	EXPECT_FAIL(-ENOEXEC);
}

/* ---- PT_INTERP ---- */

static void add_interp(int slot, uint64_t off, uint64_t len)
{
	set_phdr(slot, PT_INTERP, PF_R, off, BASE + off, len, len);
}

Test(elf, interp_valid_in_exec)
{
	memcpy(img + INTERP_OFF, INTERP, sizeof(INTERP));
	add_interp(3, INTERP_OFF, sizeof(INTERP));
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	cr_expect_str_eq(im.interp, INTERP);
	elf_release(&im);
}

Test(elf, interp_empty)
{
	add_interp(3, INTERP_OFF, 0);
	EXPECT_FAIL(-ENOEXEC);
	/* Just the NUL: shorter than Linux's minimum of 2. */
	img[INTERP_OFF] = 0;
	add_interp(3, INTERP_OFF, 1);
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, interp_too_long)
{
	/* PATH_MAX bytes with the NUL are fine, one more is not. */
	cr_assert_leq(INTERP_OFF + PATH_MAX + 1, IMG_LEN);
	memset(img + INTERP_OFF, 'a', PATH_MAX);
	img[INTERP_OFF] = '/';
	img[INTERP_OFF + PATH_MAX - 1] = 0;
	add_interp(3, INTERP_OFF, PATH_MAX);
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	cr_expect_eq(strlen(im.interp), PATH_MAX - 1);
	elf_release(&im);
	img[INTERP_OFF + PATH_MAX - 1] = 'a';
	img[INTERP_OFF + PATH_MAX] = 0;
	add_interp(3, INTERP_OFF, PATH_MAX + 1);
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, interp_not_nul_terminated)
{
	memcpy(img + INTERP_OFF, INTERP, sizeof(INTERP));
	add_interp(3, INTERP_OFF, sizeof(INTERP) - 1);
	EXPECT_FAIL(-ENOEXEC);
	/* A NUL inside does not count: the last byte must be it. */
	img[INTERP_OFF + 5] = 0;
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, interp_twice)
{
	eh()->e_phnum = NPH + 1;
	memcpy(img + INTERP_OFF, INTERP, sizeof(INTERP));
	add_interp(3, INTERP_OFF, sizeof(INTERP));
	add_interp(4, INTERP_OFF, sizeof(INTERP));
	EXPECT_FAIL(-ENOEXEC);
	/* With one of them it parses. */
	ph(4)->p_type = PT_NULL;
	struct elf_image im;
	cr_assert_eq(parse(&im), 0);
	elf_release(&im);
}

Test(elf, interp_beyond_eof)
{
	add_interp(3, IMG_LEN - 4, 8);
	EXPECT_FAIL(-ENOEXEC);
}

Test(elf, header_bytes_fuzzed)
{
	/* Every byte of the headers set to a few values: whatever the
	 * verdict, only 0, ENOEXEC or ENOMEM, and no crash. */
	static const unsigned char vals[] = {0x00, 0x01, 0x7f, 0x80, 0xff};
	size_t hdr = sizeof(Elf64_Ehdr) + NPH * sizeof(Elf64_Phdr);
	unsigned char *orig = malloc(IMG_LEN);
	cr_assert_not_null(orig);
	memcpy(orig, img, IMG_LEN);
	for (size_t i = 0; i < hdr; i++) {
		for (size_t k = 0; k < sizeof(vals); k++) {
			memcpy(img, orig, IMG_LEN);
			img[i] = vals[k];
			struct elf_image im;
			int r = parse(&im);
			cr_expect(r == 0 || r == -ENOEXEC || r == -ENOMEM, "byte %zu = %#x: %d", i,
				  vals[k], r);
			if (r == 0)
				elf_release(&im);
		}
	}
	free(orig);
}

/* ---- elf_map ---- */

static void map_image(struct mm *m, struct elf_image *im, uint64_t bias)
{
	struct elf_membuf mb = {.data = img, .len = img_len};
	struct elf_source src;
	elf_source_from_mem(&src, &mb);
	cr_assert_eq(elf_parse(&src, im), 0);
	cr_assert_eq(elf_map(m, &src, im, bias), 0);
}

/* Guest [addr, addr + n) must hold the file's bytes from @off. */
static void expect_file_bytes(uint64_t addr, uint64_t off, size_t n)
{
	unsigned char *buf = malloc(n);
	cr_assert_not_null(buf);
	cr_assert_eq(copy_from_user(mm, buf, addr, n), 0, "read %#lx", (unsigned long)addr);
	cr_expect_arr_eq(buf, img + off, n, "at %#lx", (unsigned long)addr);
	free(buf);
}

Test(elf, map_exec, .init = mm_setup, .fini = mm_teardown)
{
	build_default();
	struct elf_image im;
	map_image(mm, &im, 0);
	CHECK_VMAS(mm, {BASE, BASE + 0x1000, PROT_READ},
		   {BASE + 0x1000, BASE + 0x2000, PROT_READ | PROT_EXEC},
		   {BASE + 0x3000, BASE + 0x6000, RW});
	cr_expect_eq(mm->total_pages, 5);
	cr_expect_eq(im.entry, ENTRY);
	/* The headers are in the first segment: AT_PHDR is their address. */
	cr_expect_eq(im.phdr_addr, BASE + sizeof(Elf64_Ehdr));
	cr_expect_eq(im.brk, BASE + 0x1000 + DATA_OFF + DATA_MEM);
	cr_expect_eq(im.start_code, BASE + TEXT_OFF);
	cr_expect_eq(im.end_code, BASE + TEXT_OFF + 0x100);
	/* binfmt_elf: start_data is the highest segment start, end_data the
	 * highest end of file bytes. */
	cr_expect_eq(im.start_data, BASE + 0x1000 + DATA_OFF);
	cr_expect_eq(im.end_data, BASE + 0x1000 + DATA_OFF + DATA_FILE);

	/* Whole file pages, as a file mapping shows them: the headers' page
	 * holds the bytes after the headers too; so does the text's. */
	expect_file_bytes(BASE, 0, 0x1000);
	expect_file_bytes(BASE + TEXT_OFF, TEXT_OFF, 0x1000);
	/* The data page starts with the file's bytes before the segment, then
	 * the segment; the rest of that page and the bss are zeros, not the
	 * file's following bytes. */
	expect_file_bytes(BASE + 0x3000, 0x2000, DATA_OFF + DATA_FILE - 0x2000);
	cr_expect(zeros(mm, BASE + 0x1000 + DATA_OFF + DATA_FILE,
			0x6000 - (0x1000 + DATA_OFF + DATA_FILE)));
	elf_release(&im);
	mm_drop_checked();
}

Test(elf, map_dyn_with_bias, .init = mm_setup, .fini = mm_teardown)
{
	build_default();
	eh()->e_type = ET_DYN;
	eh()->e_entry = ENTRY - BASE;
	for (int i = 0; i < 3; i++) {
		ph(i)->p_vaddr -= BASE;
		ph(i)->p_paddr -= BASE;
	}
	/* An explicit PT_PHDR, as in PIE programs. */
	set_phdr(3, PT_PHDR, PF_R, sizeof(Elf64_Ehdr), sizeof(Elf64_Ehdr), NPH * sizeof(Elf64_Phdr),
		 NPH * sizeof(Elf64_Phdr));
	const uint64_t bias = ELF_ET_DYN_BASE;
	struct elf_image im;
	map_image(mm, &im, bias);
	CHECK_VMAS(mm, {bias, bias + 0x1000, PROT_READ},
		   {bias + 0x1000, bias + 0x2000, PROT_READ | PROT_EXEC},
		   {bias + 0x3000, bias + 0x6000, RW});
	cr_expect_eq(im.bias, bias);
	cr_expect_eq(im.entry, bias + ENTRY - BASE);
	cr_expect_eq(im.phdr_addr, bias + sizeof(Elf64_Ehdr));
	cr_expect_eq(im.brk, bias + 0x1000 + DATA_OFF + DATA_MEM);
	expect_file_bytes(bias + TEXT_OFF, TEXT_OFF, 0x1000);
	expect_file_bytes(bias + 0x1000 + DATA_OFF, DATA_OFF, DATA_FILE);
	elf_release(&im);
	mm_drop_checked();
}

Test(elf, map_last_page_of_a_short_file, .init = mm_setup, .fini = mm_teardown)
{
	/* A segment with no bss ending in a partial page at the end of the
	 * file: the rest of the page reads as zeros. */
	build_default();
	ph(2)->p_memsz = DATA_FILE;
	img_len = DATA_OFF + DATA_FILE + 0x10;
	struct elf_image im;
	map_image(mm, &im, 0);
	CHECK_VMAS(mm, {BASE, BASE + 0x1000, PROT_READ},
		   {BASE + 0x1000, BASE + 0x2000, PROT_READ | PROT_EXEC},
		   {BASE + 0x3000, BASE + 0x4000, RW});
	/* Without a bss, the file's following bytes show, up to its end. */
	expect_file_bytes(BASE + 0x3000, 0x2000, img_len - 0x2000);
	cr_expect(zeros(mm, BASE + 0x3000 + (img_len - 0x2000), 0x1000 - (img_len - 0x2000)));
	cr_expect_eq(im.brk, BASE + 0x1000 + DATA_OFF + DATA_FILE);
	elf_release(&im);
	mm_drop_checked();
}

Test(elf, segments_sharing_a_page, .init = mm_setup, .fini = mm_teardown)
{
	/* Data right after the text in the same page (ld -N style): the
	 * bytes do not overlap, so it is valid; the later segment's mapping
	 * replaces the shared page, as MAP_FIXED does in Linux, and still
	 * shows the text's bytes from the file. */
	build_default();
	set_phdr(2, PT_LOAD, PF_R | PF_W, TEXT_OFF + 0x100, BASE + TEXT_OFF + 0x100, 0x20, 0x100);
	struct elf_image im;
	map_image(mm, &im, 0);
	CHECK_VMAS(mm, {BASE, BASE + 0x1000, PROT_READ}, {BASE + 0x1000, BASE + 0x2000, RW});
	expect_file_bytes(BASE + TEXT_OFF, TEXT_OFF, 0x120);
	cr_expect(zeros(mm, BASE + TEXT_OFF + 0x120, 0x1000 - 0x120));
	cr_expect_eq(im.brk, BASE + TEXT_OFF + 0x200);
	elf_release(&im);
	mm_drop_checked();
}

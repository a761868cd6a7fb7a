/* ELF executables (fs/binfmt_elf.c): parse and validate, then map into an
 * mm.  Validation happens entirely in elf_parse, before anything of the
 * caller's is changed, so a bad file fails execve with an errno and an
 * intact caller. */
#ifndef SBX_ELF_H
#define SBX_ELF_H

#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mm;

struct file;

/* Where the bytes come from: a file of @size bytes read with @pread; with
 * @file set, segments are mapped from its page cache instead of copied. */
struct elf_source {
	ssize_t (*pread)(void *ctx, void *buf, size_t n, uint64_t off);
	void *ctx;
	uint64_t size;
	struct file *file;
};

#define ELF_MAX_PHDR_BYTES 65536 /* Linux's limit on e_phnum * e_phentsize */

struct elf_image {
	Elf64_Ehdr eh;
	Elf64_Phdr *phdrs; /* e_phnum entries, owned */
	char *interp;      /* PT_INTERP path, owned; NULL for static programs */
	uint64_t min_vaddr, max_vaddr; /* page-aligned extent of the PT_LOADs */
	bool exec_stack;               /* PT_GNU_STACK asks for PROT_EXEC */
	/* Filled by elf_map: */
	uint64_t bias;
	uint64_t entry;
	uint64_t phdr_addr; /* AT_PHDR */
	uint64_t start_code, end_code, start_data, end_data;
	uint64_t brk; /* end of the last segment: the initial program break */
};

/* Read and check the headers of an executable or interpreter.  Returns 0,
 * -ENOEXEC (not an x86-64 ELF executable, or malformed: truncated headers,
 * program headers or segments outside the file, p_filesz > p_memsz,
 * overlapping or unaligned segments, a bad PT_INTERP), -ENOMEM (segments
 * too large for the address space) or -EIO.  Release with elf_release. */
int elf_parse(const struct elf_source *src, struct elf_image *img);
void elf_release(struct elf_image *img);

/* Map the PT_LOAD segments into @mm at @bias (0 for ET_EXEC), copying the
 * file's bytes; fills the addresses in @img.  0 or -errno. */
int elf_map(struct mm *mm, const struct elf_source *src, struct elf_image *img, uint64_t bias);

/* An elf_source over a host file descriptor. */
void elf_source_from_fd(struct elf_source *src, int *fd, uint64_t size);
/* An elf_source over an open file of the sandbox (not referenced). */
int elf_source_from_file(struct elf_source *src, struct file *f);
/* An elf_source over a buffer (tests). */
struct elf_membuf {
	const void *data;
	size_t len;
};
void elf_source_from_mem(struct elf_source *src, struct elf_membuf *m);

#endif

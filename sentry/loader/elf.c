/* ELF parsing, validation and mapping (fs/binfmt_elf.c). */
#define _GNU_SOURCE
#include "elf.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../fs/file.h"
#include "../mm/mm.h"
#include "../mm/uio.h"

static int read_exact(const struct elf_source *src, void *buf, size_t n, uint64_t off)
{
	if (off > src->size || n > src->size - off)
		return -ENOEXEC;
	size_t done = 0;
	while (done < n) {
		ssize_t r = src->pread(src->ctx, (char *)buf + done, n - done, off + done);
		if (r < 0)
			return (int)r;
		if (r == 0)
			return -EIO;
		done += (size_t)r;
	}
	return 0;
}

void elf_release(struct elf_image *img)
{
	free(img->phdrs);
	free(img->interp);
	img->phdrs = NULL;
	img->interp = NULL;
}

static int check_header(const Elf64_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return -ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	if (eh->e_phnum == 0 || (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > ELF_MAX_PHDR_BYTES)
		return -ENOEXEC;
	return 0;
}

static int check_load(const struct elf_source *src, const Elf64_Phdr *ph)
{
	if (ph->p_filesz > ph->p_memsz)
		return -ENOEXEC;
	if (ph->p_offset > src->size || ph->p_filesz > src->size - ph->p_offset)
		return -ENOEXEC;
	/* The file offset and the address must agree within a page, or the
	 * segment cannot be mapped (mmap of an unaligned offset). */
	if ((ph->p_offset & ~PAGE_MASK) != (ph->p_vaddr & ~PAGE_MASK))
		return -ENOEXEC;
	if (ph->p_memsz > TASK_SIZE || ph->p_vaddr > TASK_SIZE - ph->p_memsz)
		return -ENOMEM;
	return 0;
}

static int parse_interp(const struct elf_source *src, const Elf64_Phdr *ph, struct elf_image *img)
{
	if (img->interp)
		return -ENOEXEC; /* only one PT_INTERP */
	if (ph->p_filesz < 2 || ph->p_filesz > PATH_MAX)
		return -ENOEXEC;
	char *path = malloc(ph->p_filesz);
	if (!path)
		return -ENOMEM;
	int r = read_exact(src, path, ph->p_filesz, ph->p_offset);
	if (r < 0 || path[ph->p_filesz - 1] != '\0') {
		free(path);
		return r < 0 ? r : -ENOEXEC;
	}
	img->interp = path;
	return 0;
}

int elf_parse(const struct elf_source *src, struct elf_image *img)
{
	memset(img, 0, sizeof(*img));
	if (src->size < sizeof(Elf64_Ehdr))
		return -ENOEXEC;
	int r = read_exact(src, &img->eh, sizeof(img->eh), 0);
	if (r < 0)
		return r;
	r = check_header(&img->eh);
	if (r < 0)
		return r;
	size_t phsize = (size_t)img->eh.e_phnum * sizeof(Elf64_Phdr);
	img->phdrs = malloc(phsize);
	if (!img->phdrs)
		return -ENOMEM;
	r = read_exact(src, img->phdrs, phsize, img->eh.e_phoff);
	if (r < 0)
		goto fail;
	uint64_t prev_end = 0;
	bool any_load = false;
	for (int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->phdrs[i];
		switch (ph->p_type) {
		case PT_LOAD:
			r = check_load(src, ph);
			if (r < 0)
				goto fail;
			if (ph->p_memsz == 0)
				break;
			/* Ascending and not overlapping (the ELF spec's order). */
			if (any_load && ph->p_vaddr < prev_end) {
				r = -ENOEXEC;
				goto fail;
			}
			if (!any_load)
				img->min_vaddr = ph->p_vaddr & PAGE_MASK;
			prev_end = ph->p_vaddr + ph->p_memsz;
			img->max_vaddr = PAGE_ALIGN_UP(prev_end);
			any_load = true;
			break;
		case PT_INTERP:
			r = parse_interp(src, ph, img);
			if (r < 0)
				goto fail;
			break;
		case PT_GNU_STACK:
			img->exec_stack = (ph->p_flags & PF_X) != 0;
			break;
		default:
			break;
		}
	}
	if (!any_load) {
		r = -ENOEXEC;
		goto fail;
	}
	if (img->max_vaddr - img->min_vaddr > TASK_SIZE) {
		r = -ENOMEM;
		goto fail;
	}
	if (img->eh.e_type == ET_EXEC &&
	    (img->min_vaddr < MMAP_MIN_ADDR || img->max_vaddr > TASK_SIZE)) {
		r = -ENOMEM;
		goto fail;
	}
	return 0;
fail:
	elf_release(img);
	return r;
}

static int prot_of(uint32_t pflags)
{
	int prot = 0;
	if (pflags & PF_R)
		prot |= PROT_READ;
	if (pflags & PF_W)
		prot |= PROT_WRITE;
	if (pflags & PF_X)
		prot |= PROT_EXEC;
	return prot;
}

/* Copy file bytes [off, off + n) to guest @addr, ignoring protections. */
static int copy_file_bytes(struct mm *mm, const struct elf_source *src, uint64_t addr,
			   uint64_t off, uint64_t n)
{
	static char buf[65536];
	while (n) {
		size_t chunk = n < sizeof(buf) ? n : sizeof(buf);
		int r = read_exact(src, buf, chunk, off);
		if (r < 0)
			return r;
		r = mm_poke(mm, addr, buf, chunk);
		if (r < 0)
			return r;
		addr += chunk;
		off += chunk;
		n -= chunk;
	}
	return 0;
}

/* Map a segment from the file's page cache, as load_elf_binary does: the
 * file pages private and copy-on-write, the tail of the last file page
 * zeroed when a bss follows (if the segment is writable), the bss
 * anonymous. */
static int map_segment_file(struct mm *mm, const struct elf_source *src, const Elf64_Phdr *ph,
			    uint64_t bias)
{
	int prot = prot_of(ph->p_flags);
	uint64_t vaddr = ph->p_vaddr + bias;
	uint64_t start = vaddr & PAGE_MASK;
	uint64_t file_end = PAGE_ALIGN_UP(vaddr + ph->p_filesz);
	uint64_t mem_end = PAGE_ALIGN_UP(vaddr + ph->p_memsz);
	if (ph->p_filesz) {
		int64_t r = mm_mmap(mm, start, file_end - start, prot, MAP_PRIVATE | MAP_FIXED, 0,
				    src->file, ph->p_offset & PAGE_MASK);
		if (r < 0)
			return (int)r;
	} else {
		file_end = start;
	}
	if (ph->p_memsz > ph->p_filesz) {
		uint64_t zero_start = vaddr + ph->p_filesz;
		if ((zero_start & ~PAGE_MASK) && ph->p_filesz && (prot & PROT_WRITE)) {
			if (clear_user(mm, zero_start, file_end - zero_start) < 0)
				return -EFAULT;
		}
		if (mem_end > file_end) {
			int64_t r = mm_mmap(mm, file_end, mem_end - file_end, prot,
					    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, NULL, 0);
			if (r < 0)
				return (int)r;
		}
	}
	return 0;
}

static int map_segment(struct mm *mm, const struct elf_source *src, const Elf64_Phdr *ph,
		       uint64_t bias)
{
	if (src->file)
		return map_segment_file(mm, src, ph, bias);
	uint64_t vaddr = ph->p_vaddr + bias;
	uint64_t start = vaddr & PAGE_MASK;
	uint64_t end = PAGE_ALIGN_UP(vaddr + ph->p_memsz);
	int64_t r = mm_mmap(mm, start, end - start, prot_of(ph->p_flags),
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0, NULL, 0);
	if (r < 0)
		return (int)r;
	/* As a file mapping would: whole file pages from the page holding
	 * p_offset; the rest of the last page is zero when a bss follows,
	 * else it shows the file's next bytes. */
	uint64_t file_start = ph->p_offset & PAGE_MASK;
	uint64_t file_end = ph->p_offset + ph->p_filesz;
	if (ph->p_memsz == ph->p_filesz) {
		uint64_t page_end = PAGE_ALIGN_UP(file_end);
		file_end = page_end < src->size ? page_end : src->size;
	}
	if (ph->p_filesz == 0)
		return 0;
	return copy_file_bytes(mm, src, start, file_start, file_end - file_start);
}

int elf_map(struct mm *mm, const struct elf_source *src, struct elf_image *img, uint64_t bias)
{
	img->bias = bias;
	img->entry = img->eh.e_entry + bias;
	img->start_code = ~0UL;
	img->end_code = 0;
	img->start_data = 0;
	img->end_data = 0;
	img->brk = 0;
	img->phdr_addr = 0;
	for (int i = 0; i < img->eh.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->phdrs[i];
		if (ph->p_type == PT_PHDR)
			img->phdr_addr = ph->p_vaddr + bias;
		if (ph->p_type != PT_LOAD || ph->p_memsz == 0)
			continue;
		int r = map_segment(mm, src, ph, bias);
		if (r < 0)
			return r;
		uint64_t vaddr = ph->p_vaddr + bias;
		if (!img->phdr_addr && img->eh.e_phoff >= ph->p_offset &&
		    img->eh.e_phoff < ph->p_offset + ph->p_filesz)
			img->phdr_addr = vaddr + (img->eh.e_phoff - ph->p_offset);
		if ((ph->p_flags & PF_X) && vaddr < img->start_code)
			img->start_code = vaddr;
		if ((ph->p_flags & PF_X) && vaddr + ph->p_filesz > img->end_code)
			img->end_code = vaddr + ph->p_filesz;
		if (vaddr + ph->p_filesz > img->end_data)
			img->end_data = vaddr + ph->p_filesz;
		/* As binfmt_elf: the start of the highest segment, whatever
		 * its flags. */
		if (vaddr > img->start_data)
			img->start_data = vaddr;
		if (vaddr + ph->p_memsz > img->brk)
			img->brk = vaddr + ph->p_memsz;
	}
	if (img->start_code == ~0UL)
		img->start_code = 0;
	return 0;
}

static ssize_t fd_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
	ssize_t r = pread(*(int *)ctx, buf, n, (off_t)off);
	return r < 0 ? -errno : r;
}

void elf_source_from_fd(struct elf_source *src, int *fd, uint64_t size)
{
	src->pread = fd_pread;
	src->ctx = fd;
	src->size = size;
	src->file = NULL;
}

static ssize_t mem_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
	struct elf_membuf *m = ctx;
	if (off >= m->len)
		return 0;
	if (n > m->len - off)
		n = m->len - off;
	memcpy(buf, (const char *)m->data + off, n);
	return (ssize_t)n;
}

void elf_source_from_mem(struct elf_source *src, struct elf_membuf *m)
{
	src->pread = mem_pread;
	src->ctx = m;
	src->size = m->len;
	src->file = NULL;
}

static ssize_t file_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
	struct file *f = ctx;
	struct uio u;
	int64_t pos = (int64_t)off;
	uio_init_kernel(&u, buf, n);
	return f->ops->read(NULL, f, &u, &pos);
}

int elf_source_from_file(struct elf_source *src, struct file *f)
{
	if (!f->ops || !f->ops->read || !f->ops->size)
		return -EACCES;
	int64_t size = f->ops->size(f);
	if (size < 0)
		return (int)size;
	src->pread = file_pread;
	src->ctx = f;
	src->size = (uint64_t)size;
	src->file = f->ops->get_page ? f : NULL;
	return 0;
}

/* Symbols of guest code addresses (see symbolize.h). */
#define _GNU_SOURCE
#include "symbolize.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../fs/file.h"
#include "../fs/vfs.h"
#include "../kernel/task.h"
#include "../mm/mm.h"

/* Symbol tables larger than this are not searched (a crash report must
 * not take long). */
#define MAX_SYMS (1 << 20)

/* Read @n bytes at @off of @f through its pages; false if any is missing. */
static bool file_read(struct file *f, uint64_t off, void *buf, size_t n)
{
	char *out = buf;
	while (n) {
		uint64_t idx = off / PAGE_SIZE, in = off % PAGE_SIZE;
		size_t step = PAGE_SIZE - in < n ? PAGE_SIZE - in : n;
		int64_t page = f->ops->get_page(f, idx);
		if (page < 0)
			return false;
		memcpy(out, (char *)memfile_ptr((uint64_t)page) + in, step);
		out += step;
		off += step;
		n -= step;
	}
	return true;
}

/* The ELF virtual address of file offset @off (a PT_LOAD maps it). */
static bool file_to_vaddr(struct file *f, const Elf64_Ehdr *eh, uint64_t off, uint64_t *vaddr)
{
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		if (!file_read(f, eh->e_phoff + (uint64_t)i * sizeof(ph), &ph, sizeof(ph)))
			return false;
		if (ph.p_type == PT_LOAD && off >= ph.p_offset && off < ph.p_offset + ph.p_filesz) {
			*vaddr = ph.p_vaddr + (off - ph.p_offset);
			return true;
		}
	}
	return false;
}

/* Search one symbol table (section @symidx) for the function covering
 * @vaddr, or the nearest below it among sizeless ones. */
static bool search_symtab(struct file *f, const Elf64_Ehdr *eh, unsigned symidx, uint64_t vaddr,
			  struct code_loc *loc)
{
	Elf64_Shdr sh, strsh;
	if (!file_read(f, eh->e_shoff + (uint64_t)symidx * sizeof(sh), &sh, sizeof(sh)) ||
	    sh.sh_entsize != sizeof(Elf64_Sym) || sh.sh_link >= eh->e_shnum ||
	    !file_read(f, eh->e_shoff + (uint64_t)sh.sh_link * sizeof(strsh), &strsh, sizeof(strsh)))
		return false;
	uint64_t n = sh.sh_size / sizeof(Elf64_Sym);
	if (n > MAX_SYMS)
		return false;
	Elf64_Sym best = {0};
	bool found = false, exact = false;
	for (uint64_t i = 0; i < n && !exact; i++) {
		Elf64_Sym s;
		if (!file_read(f, sh.sh_offset + i * sizeof(s), &s, sizeof(s)))
			return false;
		if (ELF64_ST_TYPE(s.st_info) != STT_FUNC || s.st_shndx == SHN_UNDEF || s.st_value > vaddr)
			continue;
		if (s.st_size && vaddr < s.st_value + s.st_size) {
			best = s;
			found = exact = true;
		} else if (!s.st_size && (!found || s.st_value > best.st_value)) {
			best = s;
			found = true;
		}
	}
	if (!found || best.st_name >= strsh.sh_size)
		return false;
	char name[256];
	size_t len = strsh.sh_size - best.st_name < sizeof(name) ? strsh.sh_size - best.st_name
								 : sizeof(name);
	if (!file_read(f, strsh.sh_offset + best.st_name, name, len))
		return false;
	name[len - 1] = '\0';
	loc->symbol = strndup(name, strnlen(name, len));
	loc->sym_offset = vaddr - best.st_value;
	return loc->symbol != NULL;
}

static void find_symbol(struct file *f, uint64_t off, struct code_loc *loc)
{
	Elf64_Ehdr eh;
	if (!f->ops->get_page || !file_read(f, 0, &eh, sizeof(eh)) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_shentsize != sizeof(Elf64_Shdr))
		return;
	uint64_t vaddr;
	if (!file_to_vaddr(f, &eh, off, &vaddr))
		return;
	/* The full table if the file has one, else the dynamic one. */
	int symtab = -1, dynsym = -1;
	for (unsigned i = 0; i < eh.e_shnum; i++) {
		Elf64_Shdr sh;
		if (!file_read(f, eh.e_shoff + (uint64_t)i * sizeof(sh), &sh, sizeof(sh)))
			return;
		if (sh.sh_type == SHT_SYMTAB)
			symtab = (int)i;
		else if (sh.sh_type == SHT_DYNSYM)
			dynsym = (int)i;
	}
	if (symtab >= 0 && search_symtab(f, &eh, (unsigned)symtab, vaddr, loc))
		return;
	if (dynsym >= 0)
		search_symtab(f, &eh, (unsigned)dynsym, vaddr, loc);
}

bool symbolize(struct task *t, uint64_t addr, struct code_loc *loc)
{
	memset(loc, 0, sizeof(*loc));
	struct vma *v = t->mm ? mm_find_vma(t->mm, addr) : NULL;
	if (!v)
		return false;
	loc->exec = v->prot & PROT_EXEC;
	if (!v->file) {
		loc->offset = addr - v->start;
		return true;
	}
	loc->offset = addr - v->start + v->pgoff;
	const struct path *p = file_path(v->file);
	loc->module = p && p->dentry ? path_string(t, p) : NULL;
	find_symbol(v->file, loc->offset, loc);
	return true;
}

void code_loc_free(struct code_loc *loc)
{
	free(loc->module);
	free(loc->symbol);
	loc->module = loc->symbol = NULL;
}

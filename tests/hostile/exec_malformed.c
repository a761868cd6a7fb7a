/* execve of files made to hurt the loader: truncated and lying ELF headers,
 * program headers out of the file, segments over the stub or overflowing
 * the address space, an interpreter that is missing, a directory or itself,
 * #! loops and huge argument lists.  Each is refused with an errno (or the
 * new program dies of it); the sentry survives every one. */
#include "hostile.h"

#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int n;

static void run(const char *what, const void *data, size_t len)
{
	char path[64];
	snprintf(path, sizeof(path), "/tmp/bad%d", n++);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		return;
	close(fd);
	pid_t c = fork();
	if (c == 0) {
		char *argv[] = {path, NULL};
		execve(path, argv, argv + 1);
		_exit(100 + errno);
	}
	int st;
	waitpid(c, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) >= 100)
		printf("%s: %s\n", what, strerrorname_np(WEXITSTATUS(st) - 100));
	else
		printf("%s: ran, %s %d\n", what, WIFEXITED(st) ? "exited" : "killed by",
		       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
}

struct image {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[4];
	unsigned char code[16];
};

static struct image base(void)
{
	struct image im;
	memset(&im, 0, sizeof(im));
	memcpy(im.eh.e_ident, ELFMAG, SELFMAG);
	im.eh.e_ident[EI_CLASS] = ELFCLASS64;
	im.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im.eh.e_ident[EI_VERSION] = EV_CURRENT;
	im.eh.e_type = ET_EXEC;
	im.eh.e_machine = EM_X86_64;
	im.eh.e_version = EV_CURRENT;
	im.eh.e_entry = 0x400000 + offsetof(struct image, code);
	im.eh.e_phoff = offsetof(struct image, ph);
	im.eh.e_ehsize = sizeof(Elf64_Ehdr);
	im.eh.e_phentsize = sizeof(Elf64_Phdr);
	im.eh.e_phnum = 1;
	im.ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
				.p_flags = PF_R | PF_X,
				.p_offset = 0,
				.p_vaddr = 0x400000,
				.p_filesz = sizeof(im),
				.p_memsz = sizeof(im),
				.p_align = 4096};
	/* mov eax, 60; xor edi, edi; syscall */
	static const unsigned char exit0[] = {0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05};
	memcpy(im.code, exit0, sizeof(exit0));
	return im;
}

int main(void)
{
	struct image im = base();
	run("a well-formed one", &im, sizeof(im));
	run("empty", "", 0);
	run("four bytes", ELFMAG, 4);
	run("header cut short", &im, 40);
	im = base(), im.eh.e_phnum = 0xffff;
	run("65535 program headers", &im, sizeof(im));
	im = base(), im.eh.e_phoff = 1ULL << 62;
	run("program headers far out", &im, sizeof(im));
	im = base(), im.eh.e_phentsize = 7;
	run("bad phentsize", &im, sizeof(im));
	im = base(), im.ph[0].p_filesz = 1 << 30;
	run("segment beyond the file", &im, sizeof(im));
	im = base(), im.ph[0].p_memsz = ~0ULL;
	run("memsz overflowing", &im, sizeof(im));
	im = base(), im.ph[0].p_vaddr = 0x7fc000000000ULL;
	im.eh.e_entry = 0x7fc000000000ULL + offsetof(struct image, code);
	run("segment over sbx's stub", &im, sizeof(im));
	im = base(), im.ph[0].p_vaddr = 0xffffffffff600000ULL;
	run("segment in the kernel's half", &im, sizeof(im));
	im = base(), im.ph[0].p_vaddr = 0;
	im.eh.e_entry = offsetof(struct image, code);
	run("segment at address 0", &im, sizeof(im));
	im = base(), im.eh.e_phnum = 2;
	im.ph[1] = im.ph[0];
	run("two segments on the same page", &im, sizeof(im));
	im = base(), im.eh.e_entry = 0xdead0000;
	run("entry nowhere", &im, sizeof(im));
	im = base(), im.eh.e_phnum = 2;
	im.ph[1] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0, .p_filesz = 8};
	run("interpreter not NUL-terminated", &im, sizeof(im));
	static char interp_img[sizeof(struct image) + 64];
	const char *interps[] = {"/nonexistent", "/tmp", "/tmp/bad0", "/proc/self/exe"};
	for (size_t i = 0; i < 4; i++) {
		im = base(), im.eh.e_phnum = 2;
		im.ph[1] = (Elf64_Phdr){.p_type = PT_INTERP,
					.p_offset = sizeof(im),
					.p_filesz = strlen(interps[i]) + 1};
		memcpy(interp_img, &im, sizeof(im));
		strcpy(interp_img + sizeof(im), interps[i]);
		char what[80];
		snprintf(what, sizeof(what), "interpreter %s", interps[i]);
		run(what, interp_img, sizeof(im) + strlen(interps[i]) + 1);
	}
	char self[64];
	snprintf(self, sizeof(self), "#!/tmp/bad%d\n", n);
	run("#! itself", self, strlen(self));
	run("#! nothing", "#!\n", 3);
	run("#! a directory", "#!/tmp\n", 7);
	static char longline[8192];
	memset(longline, 'x', sizeof(longline));
	memcpy(longline, "#!/bin/", 7);
	run("#! a long line", longline, sizeof(longline));

	/* Huge argument lists: E2BIG. */
	size_t big = 200000;
	char **argv = calloc(big + 2, sizeof(*argv));
	for (size_t i = 0; i <= big; i++)
		argv[i] = "0123456789abcdef0123456789abcdef";
	pid_t c = fork();
	if (c == 0) {
		execve("/bin/true", argv, argv);
		_exit(100 + errno);
	}
	int st;
	waitpid(c, &st, 0);
	printf("huge argv and envp: %s\n", WIFEXITED(st) && WEXITSTATUS(st) >= 100
					       ? strerrorname_np(WEXITSTATUS(st) - 100)
					       : "ran");
	char *huge = malloc(1 << 20);
	memset(huge, 'a', (1 << 20) - 1);
	huge[(1 << 20) - 1] = 0;
	char *one[] = {"true", huge, NULL};
	c = fork();
	if (c == 0) {
		execve("/bin/true", one, one + 2);
		_exit(100 + errno);
	}
	waitpid(c, &st, 0);
	printf("one 1 MiB argument: %s\n", WIFEXITED(st) && WEXITSTATUS(st) >= 100
					       ? strerrorname_np(WEXITSTATUS(st) - 100)
					       : "ran");
	return 0;
}

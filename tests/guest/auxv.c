/* The auxiliary vector the loader builds, read from the initial stack
 * itself (past envp; libc's getauxval may answer its own idea of an entry,
 * as glibc does for AT_HWCAP), for the entries that are the same natively
 * and under sbx. */
//! libc: glibc musl
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static Elf64_auxv_t *auxv;

static int has(unsigned long type)
{
	for (Elf64_auxv_t *a = auxv; a->a_type != AT_NULL; a++)
		if (a->a_type == type)
			return 1;
	return 0;
}

static unsigned long get(unsigned long type)
{
	for (Elf64_auxv_t *a = auxv; a->a_type != AT_NULL; a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	(void)argc;
	char **e = envp;
	while (*e)
		e++;
	auxv = (Elf64_auxv_t *)(e + 1);

	printf("AT_PAGESZ: %lu\n", get(AT_PAGESZ));
	printf("AT_CLKTCK: %lu\n", get(AT_CLKTCK));
	printf("AT_SECURE: %lu\n", get(AT_SECURE));
	printf("AT_UID matches getuid: %s\n", get(AT_UID) == getuid() ? "yes" : "no");
	printf("AT_EUID matches geteuid: %s\n", get(AT_EUID) == geteuid() ? "yes" : "no");
	printf("AT_GID matches getgid: %s\n", get(AT_GID) == getgid() ? "yes" : "no");
	printf("AT_EGID matches getegid: %s\n", get(AT_EGID) == getegid() ? "yes" : "no");
	/* The CPU's feature bits (CPUID 1 EDX) and the kernel's HWCAP2. */
	printf("AT_HWCAP: %lu\n", get(AT_HWCAP));
	printf("AT_HWCAP2: %lu\n", get(AT_HWCAP2));
	printf("AT_MINSIGSTKSZ present: %s\n", has(AT_MINSIGSTKSZ) ? "yes" : "no");
	const char *platform = (const char *)get(AT_PLATFORM);
	printf("AT_PLATFORM: %s\n", platform ? platform : "(none)");
	const char *execfn = (const char *)get(AT_EXECFN);
	printf("AT_EXECFN: %s\n", execfn ? execfn : "(none)");
	printf("AT_EXECFN is argv[0]: %s\n", execfn && strcmp(execfn, argv[0]) == 0 ? "yes" : "no");
	const unsigned char *rnd = (const unsigned char *)get(AT_RANDOM);
	int nonzero = 0;
	for (int i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	printf("AT_RANDOM present and not all zero: %s\n", nonzero ? "yes" : "no");
	printf("AT_ENTRY present: %s\n", get(AT_ENTRY) ? "yes" : "no");
	printf("AT_PHDR present: %s\n", get(AT_PHDR) ? "yes" : "no");
	printf("AT_PHENT: %lu\n", get(AT_PHENT));
	printf("AT_BASE: %lu\n", get(AT_BASE));
	printf("AT_FLAGS: %lu\n", get(AT_FLAGS));
	return 0;
}

/* argv and envp as the program sees them: argc, every argument (long ones
 * by length and checksum), empty arguments, and the values of a few
 * variables set for the run (not the whole environment, which differs from
 * one harness to the next). */
//! libc: glibc musl
//! env: SBX_T_WORD=alpha
//! env: SBX_T_EMPTY=
//! env: SBX_T_SPACES=a b  c
//! env: SBX_T_EQUALS=x=y=z
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void show(const char *what, const char *s)
{
	size_t len = strlen(s);
	if (len <= 64)
		printf("%s len=%zu \"%s\"\n", what, len, s);
	else
		printf("%s len=%zu fnv=%016llx\n", what, len, (unsigned long long)fnv1a(s));
}

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 0; i < argc; i++) {
		char what[32];
		snprintf(what, sizeof what, "argv[%d]", i);
		show(what, argv[i]);
	}
	printf("argv[argc] is %s\n", argv[argc] ? "not NULL" : "NULL");

	static const char *names[] = {"SBX_T_WORD", "SBX_T_EMPTY", "SBX_T_SPACES",
				      "SBX_T_EQUALS", "SBX_T_UNSET"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = getenv(names[i]);
		if (v)
			show(names[i], v);
		else
			printf("%s unset\n", names[i]);
	}
	/* envp follows argv on the initial stack: main's third argument and
	 * environ must agree. */
	char **envp = argv + argc + 1;
	printf("envp == environ: %s\n", envp == environ ? "yes" : "no");
	return 0;
}

/* A small fuzz target that parses its standard input: records of the form
 * "RC" LEN NAME..., with a planted bug: a name longer than its 16-byte
 * field overruns the stack (built with -fstack-protector-all, that is an
 * abort).  Inputs that start with a command do what it says, for the fork
 * server's tests:
 *   CRASH      a write through a null pointer (SIGSEGV)
 *   HANG       wait forever in a syscall
 *   SPIN       loop forever in guest code
 *   EXITn      exit with status n
 *   COUNT      print how many times this process read its input (always 1:
 *              each test case runs in a fresh copy) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int reads;

__attribute__((noinline)) static int parse(const unsigned char *in, size_t n)
{
	char name[16];
	size_t records = 0;
	while (n >= 3 && in[0] == 'R' && in[1] == 'C') {
		size_t len = in[2];
		if (len > n - 3)
			len = n - 3;
		memcpy(name, in + 3, len); /* the bug: len may be more than 16 */
		records += name[0] != 0;
		in += 3 + len;
		n -= 3 + len;
	}
	return (int)records;
}

int main(void)
{
	unsigned char in[4096];
	ssize_t n = read(0, in, sizeof(in));
	reads++;
	if (n < 0)
		return 2;
	if (n >= 5 && !memcmp(in, "CRASH", 5))
		*(volatile int *)0 = 1;
	if (n >= 4 && !memcmp(in, "HANG", 4))
		for (;;)
			pause();
	if (n >= 4 && !memcmp(in, "SPIN", 4))
		for (;;)
			__asm__ volatile("" ::: "memory");
	if (n >= 4 && !memcmp(in, "EXIT", 4)) {
		in[n < (ssize_t)sizeof(in) ? n : n - 1] = 0;
		return atoi((char *)in + 4);
	}
	if (n >= 5 && !memcmp(in, "COUNT", 5)) {
		printf("reads %d\n", reads);
		return 0;
	}
	return parse(in, (size_t)n) > 100;
}

/* A guest that dies of the fault signal its argument names, a few frames
 * deep (built with frame pointers and symbols):
 *   segv    a write through a null pointer
 *   fpe     an integer division by zero
 *   abort   abort()
 *   ill     ud2
 *   call0   a call through a null function pointer
 * With a second argument the crash happens in another function, so the
 * crash id differs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile int zero, hundred = 100;
int *volatile null_ptr;

__attribute__((noinline)) static void crash_here(const char *what)
{
	if (!strcmp(what, "segv"))
		*null_ptr = 42;
	else if (!strcmp(what, "fpe"))
		printf("%d\n", hundred / zero);
	else if (!strcmp(what, "abort"))
		abort();
	else if (!strcmp(what, "ill"))
		__asm__ volatile("ud2");
	else if (!strcmp(what, "call0"))
		((void (*volatile)(void))null_ptr)();
}

__attribute__((noinline)) static void crash_elsewhere(const char *what)
{
	crash_here(what);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void level2(const char *what, int other)
{
	if (other)
		crash_elsewhere(what);
	else
		crash_here(what);
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) static void level1(const char *what, int other)
{
	getpid(); /* a syscall the report's ring shows */
	level2(what, other);
	__asm__ volatile("" ::: "memory");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	level1(argv[1], argc > 2);
	printf("no crash\n");
	return 0;
}

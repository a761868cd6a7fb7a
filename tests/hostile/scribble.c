/* Garbage over every page the guest can write (its data, heap, stack and
 * whatever else /proc/self/maps lists as writable, and the stub's pages
 * the host maps writable), then system calls with whatever is left in the
 * registers: the guest dies, the sentry must not.  Several children do it
 * with different garbage; the parent reports how each ended. */
#include "hostile.h"

#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

struct range {
	uintptr_t lo, hi;
};

static _Noreturn void wreck(unsigned seed)
{
	static struct range r[512];
	static char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && n < 512 && fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		char perms[8];
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3 && perms[1] == 'w')
			r[n++] = (struct range){lo, hi};
	}
	/* The stub's data pages, which the guest's maps do not show. */
	r[n++] = (struct range){0x7fc000001000UL, 0x7fc000011000UL};
	/* Nothing below may touch memory it has not yet wrecked safely: a
	 * fault just ends the child, which is the point. */
	signal(SIGSEGV, SIG_DFL);
	uint64_t x = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (int i = 0; i < n; i++) {
		for (uintptr_t a = r[i].lo; a + 8 <= r[i].hi; a += 8) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			*(volatile uint64_t *)a = x;
		}
	}
	/* Whatever is in the registers now, as system calls. */
	for (int i = 0; i < 64; i++) {
		long nr = (long)(x % 335);
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		__asm__ volatile("syscall"
				 : "+a"(nr)
				 : "D"(x), "S"(x >> 3), "d"(x >> 7)
				 : "rcx", "r11", "memory");
	}
	for (;;)
		__asm__ volatile("syscall" : : "a"(60L), "D"(0L)); /* exit */
}

int main(void)
{
	int killed = 0, exited = 0;
	for (unsigned seed = 1; seed <= 24; seed++) {
		pid_t c = fork();
		if (c == 0)
			wreck(seed);
		int st = 0;
		for (int i = 0; i < 300 && waitpid(c, &st, WNOHANG) == 0; i++)
			usleep(10000);
		if (waitpid(c, &st, WNOHANG) == 0) {
			kill(c, SIGKILL);
			waitpid(c, &st, 0);
		}
		if (WIFSIGNALED(st))
			killed++;
		else
			exited++;
	}
	/* Anything its children left (they may have forked). */
	kill(-1, SIGKILL);
	while (wait(NULL) > 0)
		;
	printf("children: %d killed, %d exited; the parent is fine\n", killed, exited);
	return 0;
}

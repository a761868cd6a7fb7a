/* Write pseudo-random bytes over every page of the stub the guest can
 * write: its data and stack, the scratch page, the signal stacks and
 * headers of its threads' slots (found by probing the stub's range), while
 * another thread makes syscalls; then try to create a file in /tmp.  The
 * child may die; the sandbox and the host must not mind.  Only for sbx. */
#include "attack.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>

static volatile int stop;

static void *syscaller(void *arg)
{
	(void)arg;
	while (!stop)
		syscall(SYS_getppid);
	return NULL;
}

static uint64_t rnd;

static uint64_t next(void)
{
	rnd ^= rnd << 13;
	rnd ^= rnd >> 7;
	rnd ^= rnd << 17;
	return rnd;
}

static void scribble_page(uint64_t a)
{
	if (!probe_writable((volatile uint8_t *)a))
		return;
	for (uint64_t p = a; p < a + 4096; p += 8)
		*(volatile uint64_t *)p = next();
}

static void attack(long seed)
{
	rnd = 0x9e3779b97f4a7c15ULL * (uint64_t)(seed + 1);
	probe_init();
	pthread_t th;
	pthread_create(&th, NULL, syscaller, NULL);
	/* The stub's image (text, data, stack, scratch) and its shared page. */
	for (uint64_t a = STUB_BASE; a < STUB_IMAGE_END + 4096; a += 4096)
		scribble_page(a);
	/* The first slots whole, every slot's header. */
	for (int i = 0; i < STUB_NSLOTS; i++) {
		uint64_t s = STUB_SLOTS + (uint64_t)i * STUB_SLOT_SIZE;
		uint64_t end = i < 8 ? s + STUB_SLOT_SIZE : s + 4096;
		for (uint64_t a = s; a < end; a += 4096)
			scribble_page(a);
	}
	stop = 1;
	pthread_join(th, NULL);
	int fd = open(marked("after-scribble", seed), O_CREAT | O_WRONLY, 0644);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	child_alarm = 2;
	for (long seed = 0; seed < 4; seed++) {
		char what[64];
		snprintf(what, sizeof(what), "scribble, seed %ld", seed);
		in_child(what, attack, seed);
	}
	printf("hostile: done\n");
	return 0;
}

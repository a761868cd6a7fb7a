/* Random bytes for the guest (see random.h). */
#define _GNU_SOURCE
#include "random.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>
#include <sys/random.h>

/* Each stream's state is a 32-byte seed; every draw takes the bytes asked
 * for plus 32 more from randombytes_buf_deterministic, the extra ones being
 * the next state, so a stream never repeats itself. */
struct stream {
	unsigned char key[randombytes_SEEDBYTES];
};

static bool seeded;
static struct stream guest, sched;

static void stream_init(struct stream *s, uint64_t seed, const char *name)
{
	unsigned char in[8 + 16] = {0};
	memcpy(in, &seed, sizeof(seed));
	strncpy((char *)in + 8, name, 16);
	crypto_generichash(s->key, sizeof(s->key), in, sizeof(in), NULL, 0);
}

static void stream_draw(struct stream *s, void *buf, size_t n)
{
	unsigned char tmp[256 + randombytes_SEEDBYTES];
	while (n) {
		size_t step = n < 256 ? n : 256;
		randombytes_buf_deterministic(tmp, step + randombytes_SEEDBYTES, s->key);
		memcpy(buf, tmp, step);
		memcpy(s->key, tmp + step, randombytes_SEEDBYTES);
		buf = (char *)buf + step;
		n -= step;
	}
	sodium_memzero(tmp, sizeof(tmp));
}

void random_seed(uint64_t seed)
{
	seeded = true;
	stream_init(&guest, seed, "guest");
	stream_init(&sched, seed, "sched");
}

void get_random_bytes(void *buf, size_t n)
{
	if (seeded) {
		stream_draw(&guest, buf, n);
		return;
	}
	char *p = buf;
	while (n) {
		ssize_t r = getrandom(p, n, 0);
		if (r <= 0)
			continue; /* EINTR; the host's pool never runs dry */
		p += r;
		n -= (size_t)r;
	}
}

uint64_t sched_random_below(uint64_t n)
{
	uint64_t v;
	if (seeded)
		stream_draw(&sched, &v, sizeof(v));
	else
		get_random_bytes(&v, sizeof(v));
	return v % n;
}

/* The sandbox's source of random bytes: getrandom(2), /dev/urandom and
 * /dev/random, AT_RANDOM, /proc's random UUIDs.  The host's getrandom,
 * or with --deterministic a stream from libsodium's
 * randombytes_buf_deterministic (ChaCha20) keyed by the seed. */
#ifndef SBX_RANDOM_H
#define SBX_RANDOM_H

#include <stddef.h>
#include <stdint.h>

/* From now on, random bytes come from @seed alone. */
void random_seed(uint64_t seed);
/* Fill @buf with @n random bytes; never fails. */
void get_random_bytes(void *buf, size_t n);
/* A number in [0, @n) from the scheduler's own seeded stream (a stream
 * apart from the guest's bytes); @n > 0. */
uint64_t sched_random_below(uint64_t n);

#endif

/* The platform calls that an mm unit test never makes.  Unit tests of
 * sentry internals link the sentry without platform/ptrace; a test that
 * models the host side defines the as_* calls it needs (see
 * test_hostmap.c), and reaching any call here is a test bug, so each one
 * aborts. */
#include <stdio.h>
#include <stdlib.h>

#include "platform/platform.h"

static _Noreturn void unused(const char *fn)
{
	fprintf(stderr, "unit test reached the platform call %s\n", fn);
	abort();
}

int platform_init(const struct platform_config *cfg)
{
	(void)cfg;
	unused(__func__);
}
void platform_shutdown(void)
{
	unused(__func__);
}
int platform_event_fd(void)
{
	unused(__func__);
}
void platform_ack_events(void)
{
	unused(__func__);
}
bool platform_idle(int64_t max_ns)
{
	(void)max_ns;
	unused(__func__);
}
const char *platform_name(void)
{
	unused(__func__);
}
int platform_mapfile_fd(void)
{
	unused(__func__);
}
int platform_next_event(struct platform_event *ev)
{
	(void)ev;
	unused(__func__);
}
struct as *as_create(void)
{
	unused(__func__);
}
struct ctx *ctx_create(struct as *as, void *owner)
{
	(void)as, (void)owner;
	unused(__func__);
}
void ctx_destroy(struct ctx *ctx)
{
	(void)ctx;
	unused(__func__);
}
void ctx_abandon(struct ctx *ctx)
{
	(void)ctx;
	unused(__func__);
}
void *ctx_owner(struct ctx *ctx)
{
	(void)ctx;
	unused(__func__);
}
void ctx_set_owner(struct ctx *ctx, void *owner)
{
	(void)ctx, (void)owner;
	unused(__func__);
}
struct as *ctx_as(struct ctx *ctx)
{
	(void)ctx;
	unused(__func__);
}
int ctx_resume(struct ctx *ctx, const struct regs *regs)
{
	(void)ctx, (void)regs;
	unused(__func__);
}
int ctx_get_regs(struct ctx *ctx, struct regs *regs)
{
	(void)ctx, (void)regs;
	unused(__func__);
}
int ctx_interrupt(struct ctx *ctx)
{
	(void)ctx;
	unused(__func__);
}
int ctx_get_fpregs(struct ctx *ctx, void *buf, size_t *len)
{
	(void)ctx, (void)buf, (void)len;
	unused(__func__);
}
int ctx_set_fpregs(struct ctx *ctx, const void *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
	unused(__func__);
}
size_t platform_xstate_size(void)
{
	unused(__func__);
}
long as_syscall(struct as *as, long nr, const uint64_t args[6], const void *in, size_t inlen,
		void *out, size_t outlen)
{
	(void)as, (void)nr, (void)args, (void)in, (void)inlen, (void)out, (void)outlen;
	unused(__func__);
}
uint64_t platform_fast_entry(void)
{
	return 0; /* no patched syscalls in unit tests */
}
uint64_t platform_scratch_addr(void)
{
	unused(__func__);
}
pid_t as_host_pid(struct as *as)
{
	(void)as;
	unused(__func__);
}
pid_t ctx_host_tid(struct ctx *ctx)
{
	(void)ctx;
	unused(__func__);
}

/* platform.h's calls, dispatched to the engine platform_init chose. */
#include <errno.h>

#include "platform_ops.h"
#include "stub/stub_layout.h"

static const struct platform_ops *ops = &ptrace_ops;
static bool have_mapfile;
static bool patch_syscalls;

int platform_init(const struct platform_config *cfg)
{
	switch (cfg->kind) {
	case PLATFORM_PTRACE:
		ops = &ptrace_ops;
		break;
	case PLATFORM_SYSTRAP:
		ops = &systrap_ops;
		break;
	default:
		return -EINVAL;
	}
	have_mapfile = cfg->mapfile_fd >= 0;
	patch_syscalls = cfg->kind == PLATFORM_SYSTRAP && cfg->patch_syscalls;
	return ops->init(cfg);
}

uint64_t platform_fast_entry(void)
{
	return patch_syscalls ? STUB_FAST_ENTRY : 0;
}

int platform_mapfile_fd(void)
{
	return have_mapfile ? STUB_MAPFILE_FD : -1;
}

const char *platform_name(void)
{
	return ops->name;
}

void platform_shutdown(void)
{
	ops->shutdown();
}

int platform_event_fd(void)
{
	return ops->event_fd();
}

void platform_ack_events(void)
{
	ops->ack_events();
}

int platform_next_event(struct platform_event *ev)
{
	return ops->next_event(ev);
}

bool platform_idle(int64_t max_ns)
{
	return ops->idle(max_ns);
}

struct as *as_create(void)
{
	return ops->as_create();
}

struct as *as_fork(struct as *parent)
{
	return ops->as_fork(parent);
}

void as_destroy(struct as *as)
{
	ops->as_destroy(as);
}

struct ctx *ctx_create(struct as *as, void *owner)
{
	return ops->ctx_create(as, owner);
}

void ctx_destroy(struct ctx *ctx)
{
	ops->ctx_destroy(ctx);
}

void ctx_abandon(struct ctx *ctx)
{
	ops->ctx_abandon(ctx);
}

int ctx_resume(struct ctx *ctx, const struct regs *regs)
{
	return ops->ctx_resume(ctx, regs);
}

int ctx_interrupt(struct ctx *ctx)
{
	return ops->ctx_interrupt(ctx);
}

int ctx_get_fpregs(struct ctx *ctx, void *buf, size_t *len)
{
	return ops->ctx_get_fpregs(ctx, buf, len);
}

int ctx_set_fpregs(struct ctx *ctx, const void *buf, size_t len)
{
	return ops->ctx_set_fpregs(ctx, buf, len);
}

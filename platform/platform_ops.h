/* The two ways of running guest threads behind platform.h: each engine
 * fills a struct platform_ops, and platform.c calls through the one that
 * platform_init chose.  The calls not listed here are the same for both
 * (platform/ptrace/control.c). */
#ifndef SBX_PLATFORM_OPS_H
#define SBX_PLATFORM_OPS_H

#include "platform.h"

struct platform_ops {
	const char *name;
	int (*init)(const struct platform_config *cfg);
	void (*shutdown)(void);
	int (*event_fd)(void);
	void (*ack_events)(void);
	int (*next_event)(struct platform_event *ev);
	bool (*idle)(int64_t max_ns);
	struct as *(*as_create)(void);
	struct as *(*as_fork)(struct as *parent);
	void (*as_destroy)(struct as *as);
	struct ctx *(*ctx_create)(struct as *as, void *owner);
	void (*ctx_destroy)(struct ctx *ctx);
	void (*ctx_abandon)(struct ctx *ctx);
	int (*ctx_resume)(struct ctx *ctx, const struct regs *regs);
	int (*ctx_interrupt)(struct ctx *ctx);
	int (*ctx_get_fpregs)(struct ctx *ctx, void *buf, size_t *len);
	int (*ctx_set_fpregs)(struct ctx *ctx, const void *buf, size_t len);
};

extern const struct platform_ops ptrace_ops;  /* platform/ptrace/ptrace.c */
extern const struct platform_ops systrap_ops; /* platform/systrap/systrap.c */

#endif

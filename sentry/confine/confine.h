/* The sentry confines itself once the sandbox is set up (docs/design.md,
 * "Confinement"): a mount namespace whose root is empty, only the
 * capabilities it needs, no new privileges, and a seccomp allowlist of the
 * system calls it makes. */
#ifndef SBX_CONFINE_H
#define SBX_CONFINE_H

#include <stdbool.h>

struct confine_opts {
	bool net_host; /* host inet sockets are used (--net=host) */
	bool debug;
};

/* Confine the calling process (the sentry).  Every step that the host does
 * not allow (no mount namespace for an unprivileged user, say) is skipped
 * with a debug line; the seccomp filter is always installed.  0 or -errno
 * when the filter cannot be installed. */
int confine_sentry(const struct confine_opts *o);

#endif

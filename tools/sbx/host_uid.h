/* sbx run --host-uid: the host user and group the stubs run as. */
#ifndef SBX_HOST_UID_H
#define SBX_HOST_UID_H

#include "../../sentry/sentry.h"

/* Choose the stubs' host ids from --host-uid's @arg (NULL: the option was
 * not given) into opt->set_host_ids, host_uid and host_gid.  Without the
 * option a root sbx picks nobody (and an sbx that cannot switch keeps its
 * own ids); an option that names no user or group, or that sbx cannot
 * honour, is an error.  0, or 2 after a `sbx:` message. */
int host_uid_option(const char *arg, struct sentry_options *opt);

#endif

/* sbx run --host-uid=USER|UID[:GROUP|GID] (see host_uid.h).
 *
 * The stubs, the host processes that run guest code, run under an
 * unprivileged host user when sbx can give them one: by default, when sbx
 * is root, nobody (its passwd group, else nogroup, else 65534).  The ids
 * are checked here, before anything starts, so that a switch that cannot
 * be made is a usage error rather than a stub that fails to start. */
#define _GNU_SOURCE
#include "host_uid.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <unistd.h>

#include "../../util/log.h"

#define NOBODY_ID 65534u

/* A decimal id: true and *id set, or false. */
static bool parse_id(const char *s, unsigned *id)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-' || *s == '+')
		return false;
	unsigned long n = strtoul(s, &end, 10);
	if (*end || errno || n >= 0xffffffffUL) /* (uid_t)-1 means "unchanged" */
		return false;
	*id = (unsigned)n;
	return true;
}

/* Is @id mapped in sbx's user namespace (/proc/self/uid_map or gid_map)?
 * Without the file (no /proc) the answer is left to the host. */
static bool id_mapped(const char *map, unsigned id)
{
	FILE *f = fopen(map, "re");
	if (!f)
		return true;
	unsigned long inside, outside, count;
	bool found = false;
	while (!found && fscanf(f, "%lu %lu %lu", &inside, &outside, &count) == 3)
		found = id >= inside && id - inside < count;
	fclose(f);
	return found;
}

/* Does sbx hold CAP_SETUID and CAP_SETGID (effective)? */
static bool can_set_ids(void)
{
	cap_t caps = cap_get_proc();
	if (!caps)
		return false;
	cap_flag_value_t u = CAP_CLEAR, g = CAP_CLEAR;
	cap_get_flag(caps, CAP_SETUID, CAP_EFFECTIVE, &u);
	cap_get_flag(caps, CAP_SETGID, CAP_EFFECTIVE, &g);
	cap_free(caps);
	return u == CAP_SET && g == CAP_SET;
}

/* The default: nobody, in its own group, else nogroup. */
static void nobody(unsigned *uid, unsigned *gid)
{
	struct passwd *pw = getpwnam("nobody");
	if (pw) {
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
		return;
	}
	struct group *gr = getgrnam("nogroup");
	*uid = NOBODY_ID;
	*gid = gr ? gr->gr_gid : NOBODY_ID;
}

/* USER|UID[:GROUP|GID]: 0, or 2 after a message. */
static int parse_ids(const char *arg, unsigned *uid, unsigned *gid)
{
	char *user = strdup(arg);
	if (!user) {
		sbx_msg("out of memory");
		return 2;
	}
	char *group = strchr(user, ':');
	if (group)
		*group++ = '\0';
	int r = 0;
	bool have_gid = false;
	struct passwd *pw = NULL;
	if (parse_id(user, uid)) {
		pw = getpwuid(*uid);
	} else if (*user && (pw = getpwnam(user))) {
		*uid = pw->pw_uid;
	} else {
		sbx_msg("--host-uid: no such user: '%s'", user);
		r = 2;
	}
	if (r == 0 && group) {
		struct group *gr;
		if (parse_id(group, gid)) {
			have_gid = true;
		} else if (*group && (gr = getgrnam(group))) {
			*gid = gr->gr_gid;
			have_gid = true;
		} else {
			sbx_msg("--host-uid: no such group: '%s'", group);
			r = 2;
		}
	}
	/* No group given: the user's own, or for a uid with no passwd entry
	 * the same number. */
	if (r == 0 && !have_gid)
		*gid = pw ? pw->pw_gid : *uid;
	free(user);
	return r;
}

int host_uid_option(const char *arg, struct sentry_options *opt)
{
	unsigned uid, gid;
	if (arg) {
		int r = parse_ids(arg, &uid, &gid);
		if (r)
			return r;
	} else {
		if (geteuid() != 0)
			return 0; /* the stubs are sbx's own user's */
		nobody(&uid, &gid);
	}
	const char *why = NULL;
	char buf[96];
	if (!can_set_ids()) {
		why = "sbx lacks CAP_SETUID and CAP_SETGID (run it as root)";
	} else if (!id_mapped("/proc/self/uid_map", uid)) {
		snprintf(buf, sizeof(buf), "uid %u is not mapped in sbx's user namespace", uid);
		why = buf;
	} else if (!id_mapped("/proc/self/gid_map", gid)) {
		snprintf(buf, sizeof(buf), "gid %u is not mapped in sbx's user namespace", gid);
		why = buf;
	}
	if (why && arg) {
		sbx_msg("--host-uid=%s: cannot run the stubs as %u:%u: %s", arg, uid, gid, why);
		return 2;
	}
	if (why) {
		sbx_dbg("stubs keep sbx's ids: %s", why);
		return 0;
	}
	opt->set_host_ids = true;
	opt->host_uid = uid;
	opt->host_gid = gid;
	return 0;
}

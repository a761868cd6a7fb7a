/* Which syscalls and tasks are traced: --trace=EXPR (strace's -e trace=
 * syntax), --trace-pid and --trace-events. */
#define _GNU_SOURCE
#include "trace_priv.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "../../abi/syscalls.h"
#include "../../util/log.h"

static unsigned char selected[SYSCALL_TABLE_SIZE];
static bool all_selected = true;

static void select_all(bool on)
{
	memset(selected, on, sizeof(selected));
}

/* One item of the list: a name, %class, /regex, all or none; @on says
 * whether it adds or (after `!`) removes.  0, or -1 if unknown. */
static int select_item(const char *item, bool on)
{
	bool quiet = false;
	if (*item == '?') { /* strace: ignore an unknown name */
		quiet = true;
		item++;
	}
	if (strcmp(item, "all") == 0) {
		select_all(on);
		return 0;
	}
	if (strcmp(item, "none") == 0) {
		select_all(!on);
		return 0;
	}
	if (item[0] == '%') {
		const char *cls = item + 1;
		uint32_t c = sc_class(cls);
		if (!c) {
			sbx_msg("--trace: unknown class %s", item);
			return -1;
		}
		for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++)
			if (sc_info(nr)->cls & c)
				selected[nr] = on;
		return 0;
	}
	if (item[0] == '/') {
		regex_t re;
		if (regcomp(&re, item + 1, REG_EXTENDED | REG_NOSUB) != 0) {
			sbx_msg("--trace: bad regular expression %s", item + 1);
			return -1;
		}
		for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++)
			if (syscall_name(nr) && regexec(&re, syscall_name(nr), 0, NULL, 0) == 0)
				selected[nr] = on;
		regfree(&re);
		return 0;
	}
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++)
		if (syscall_name(nr) && strcmp(syscall_name(nr), item) == 0) {
			selected[nr] = on;
			return 0;
		}
	char *end;
	long nr = strtol(item, &end, 10);
	if (*item && !*end && nr >= 0 && nr < SYSCALL_TABLE_SIZE) {
		selected[nr] = on;
		return 0;
	}
	if (quiet)
		return 0;
	sbx_msg("--trace: unknown syscall %s", item);
	return -1;
}

int trace_filter_parse(const char *expr)
{
	all_selected = !expr || !*expr || strcmp(expr, "all") == 0;
	if (all_selected)
		return 0;
	bool neg = false;
	if (*expr == '!') {
		neg = true;
		expr++;
	}
	/* `!x,y`: all but x and y; `x,y`: only x and y. */
	select_all(neg);
	char *copy = strdup(expr), *save = NULL;
	if (!copy)
		return -1;
	int r = 0;
	for (char *it = strtok_r(copy, ",", &save); it && r == 0; it = strtok_r(NULL, ",", &save))
		r = select_item(it, !neg);
	free(copy);
	return r;
}

bool trace_filter_nr(long nr)
{
	if (all_selected)
		return true;
	return nr >= 0 && nr < SYSCALL_TABLE_SIZE && selected[nr];
}

/* --- tasks ------------------------------------------------------------------ */

static pid_t *pids;
static size_t npids, cap;

static void add_pid(pid_t p)
{
	if (npids == cap) {
		size_t nc = cap ? cap * 2 : 8;
		pid_t *np = realloc(pids, nc * sizeof(*np));
		if (!np)
			return;
		pids = np;
		cap = nc;
	}
	pids[npids++] = p;
}

int trace_pids_parse(const char *list)
{
	if (!list)
		return 0;
	char *copy = strdup(list), *save = NULL;
	if (!copy)
		return -1;
	for (char *it = strtok_r(copy, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
		char *end;
		long p = strtol(it, &end, 10);
		if (*end || p <= 0 || p > 0x3fffffff) {
			sbx_msg("--trace-pid: not a pid: %s", it);
			free(copy);
			return -1;
		}
		add_pid((pid_t)p);
	}
	free(copy);
	if (!npids) {
		sbx_msg("--trace-pid: no pid given");
		return -1;
	}
	return 0;
}

bool trace_pid_selected(pid_t tid, pid_t tgid)
{
	if (!pids)
		return true;
	for (size_t i = 0; i < npids; i++)
		if (pids[i] == tid || pids[i] == tgid)
			return true;
	return false;
}

/* A task a selected one made is selected too (strace -f -p). */
void trace_pid_follow(pid_t tid)
{
	if (pids && !trace_pid_selected(tid, tid))
		add_pid(tid);
}

/* --- events ------------------------------------------------------------- */

int trace_events_parse(const char *list)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
	    {"cow", TEV_COW},
	    {"mm", TEV_MM},
	    {"signal", TEV_SIGNAL},
	    {"exec", TEV_EXEC},
	    {"all", TEV_COW | TEV_MM | TEV_SIGNAL | TEV_EXEC},
	};
	trace_events = 0;
	if (!list)
		return 0;
	char *copy = strdup(list), *save = NULL;
	if (!copy)
		return -1;
	for (char *it = strtok_r(copy, ",", &save); it; it = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(names[i].name, it) == 0)
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			sbx_msg("--trace-events: unknown event %s (cow, mm, signal, exec, all)",
				it);
			free(copy);
			return -1;
		}
		trace_events |= names[i].bit;
	}
	free(copy);
	return 0;
}

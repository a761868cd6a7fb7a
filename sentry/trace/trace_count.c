/* -c: calls, errors and time in the sentry per syscall, printed at exit
 * as strace -c prints its table. */
#include "trace_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../abi/syscalls.h"

struct count {
	uint64_t calls, errors, ns;
};

static struct count counts[SYSCALL_TABLE_SIZE];

void trace_count(long nr, long rval, uint64_t ns)
{
	if (!trace_cfg.summary || nr < 0 || nr >= SYSCALL_TABLE_SIZE)
		return;
	counts[nr].calls++;
	if ((unsigned long)rval > -4096UL)
		counts[nr].errors++;
	counts[nr].ns += ns;
}

static int by_time(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	if (counts[x].ns != counts[y].ns)
		return counts[x].ns < counts[y].ns ? 1 : -1;
	return (x > y) - (x < y);
}

void trace_count_print(struct sbuf *sb)
{
	long order[SYSCALL_TABLE_SIZE];
	size_t n = 0;
	uint64_t total_ns = 0, calls = 0, errors = 0;
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++)
		if (counts[nr].calls) {
			order[n++] = nr;
			total_ns += counts[nr].ns;
			calls += counts[nr].calls;
			errors += counts[nr].errors;
		}
	qsort(order, n, sizeof(order[0]), by_time);
	if (trace_cfg.json) {
		sb_puts(sb, "{\"event\":\"summary\",\"syscalls\":[");
		for (size_t i = 0; i < n; i++) {
			const struct count *c = &counts[order[i]];
			const char *name = syscall_name(order[i]);
			sb_printf(sb, "%s{\"nr\":%ld,\"name\":", i ? "," : "", order[i]);
			if (name)
				json_quote(sb, name, strlen(name));
			else
				sb_puts(sb, "null");
			sb_printf(sb, ",\"calls\":%lu,\"errors\":%lu,\"sentry_ns\":%lu}",
				  (unsigned long)c->calls, (unsigned long)c->errors,
				  (unsigned long)c->ns);
		}
		sb_printf(sb, "],\"calls\":%lu,\"errors\":%lu,\"sentry_ns\":%lu}\n",
			  (unsigned long)calls, (unsigned long)errors, (unsigned long)total_ns);
		return;
	}
	const char *dash = "------ ----------- ----------- --------- --------- ----------------\n";
	sb_printf(sb, "%6.6s %11.11s %11.11s %9.9s %9.9s %s\n", "% time", "seconds", "usecs/call",
		  "calls", "errors", "syscall");
	sb_puts(sb, dash);
	for (size_t i = 0; i < n; i++) {
		const struct count *c = &counts[order[i]];
		const char *name = syscall_name(order[i]);
		char buf[32];
		if (!name) {
			snprintf(buf, sizeof(buf), "syscall_%#lx", (unsigned long)order[i]);
			name = buf;
		}
		double pct = total_ns ? 100.0 * (double)c->ns / (double)total_ns : 0.0;
		sb_printf(sb, "%6.2f %11.6f %11lu %9lu ", pct, (double)c->ns / 1e9,
			  (unsigned long)(c->ns / 1000 / c->calls), (unsigned long)c->calls);
		if (c->errors)
			sb_printf(sb, "%9lu", (unsigned long)c->errors);
		else
			sb_printf(sb, "%9s", "");
		sb_printf(sb, " %s\n", name);
	}
	sb_puts(sb, dash);
	sb_printf(sb, "%6.2f %11.6f %11lu %9lu ", total_ns || n ? 100.0 : 0.0,
		  (double)total_ns / 1e9, calls ? (unsigned long)(total_ns / 1000 / calls) : 0UL,
		  (unsigned long)calls);
	if (errors)
		sb_printf(sb, "%9lu", (unsigned long)errors);
	else
		sb_printf(sb, "%9s", "");
	sb_puts(sb, " total\n");
}

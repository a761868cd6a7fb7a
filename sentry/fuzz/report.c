/* The --report JSON (json-c builds and writes it). */
#define _GNU_SOURCE
#include "report.h"

#include <errno.h>
#include <unistd.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "../../util/log.h"
#include "../mm/memfile.h"
#include "limits.h"
#include "../confine/host.h"

const char *signal_name(int sig, char buf[16])
{
	const char *abbrev = sig > 0 && sig < SIGRTMIN ? sigabbrev_np(sig) : NULL;
	if (abbrev)
		snprintf(buf, 16, "SIG%s", abbrev);
	else
		snprintf(buf, 16, "SIG%d", sig);
	return buf;
}

/* Seconds as a number with a fixed number of decimals. */
static struct json_object *seconds(uint64_t ns)
{
	char s[32];
	snprintf(s, sizeof(s), "%llu.%06llu", (unsigned long long)(ns / 1000000000ULL),
		 (unsigned long long)(ns % 1000000000ULL / 1000ULL));
	return json_object_new_double_s((double)ns / 1e9, s);
}

int json_write_file(const char *path, struct json_object *o)
{
	const char *text =
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);
	int fd = host_create(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return -e;
	}
	int r = fputs(text, f) < 0 || fputc('\n', f) == EOF ? -errno : 0;
	if (fclose(f) != 0 && r == 0)
		r = -errno;
	return r;
}

int report_write(const char *path, int ws, int sbx_status)
{
	struct json_object *o = json_object_new_object();
	if (!o) {
		sbx_msg("--report %s: out of memory", path);
		return -1;
	}
	char name[16];
	if (ws < 0) {
		json_object_object_add(o, "status", json_object_new_string("not-started"));
	} else if (WIFSIGNALED(ws)) {
		json_object_object_add(o, "status", json_object_new_string("signaled"));
		json_object_object_add(o, "signal", json_object_new_int(WTERMSIG(ws)));
		json_object_object_add(o, "signal_name",
				       json_object_new_string(signal_name(WTERMSIG(ws), name)));
		json_object_object_add(o, "core_dumped", json_object_new_boolean(WCOREDUMP(ws)));
	} else {
		json_object_object_add(o, "status", json_object_new_string("exited"));
		json_object_object_add(o, "exit_code", json_object_new_int(WEXITSTATUS(ws)));
	}
	json_object_object_add(o, "sbx_exit_status", json_object_new_int(sbx_status));
	int v = limits_verdict();
	json_object_object_add(o, "limit",
			       v < 0 ? NULL : json_object_new_string(limit_name((enum limit_kind)v)));
	struct json_object *fired = json_object_new_array();
	for (int k = 0; k < LIMIT_NR; k++)
		if (limits_fired((enum limit_kind)k))
			json_object_array_add(fired,
					      json_object_new_string(limit_name((enum limit_kind)k)));
	json_object_object_add(o, "limits_fired", fired);
	json_object_object_add(o, "peak_memory_bytes",
			       json_object_new_uint64(memfile_peak_pages() * PAGE_SIZE));
	json_object_object_add(o, "cpu_time_s", seconds(limits_cpu_ns()));
	json_object_object_add(o, "wall_time_s", seconds(limits_wall_ns()));
	json_object_object_add(o, "syscalls", json_object_new_uint64(sbx_syscall_count));
	int r = json_write_file(path, o);
	json_object_put(o);
	if (r < 0)
		sbx_msg("--report %s: %s", path, strerror(-r));
	return r < 0 ? -1 : 0;
}

/* The compatibility table (sentry/syscalls/compat.c) against the dispatch
 * table and the tests: an implemented or partial syscall has a handler
 * and names a test that exists; a refused one has a handler that refuses
 * on purpose; an unimplemented one has none; and docs/syscalls.md is what
 * the table prints, so that neither can drift from the code. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "abi/syscalls.h"
#include "sentry/syscalls/compat.h"

#ifndef SBX_SOURCE_ROOT
#error "SBX_SOURCE_ROOT: the source tree"
#endif

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Does the test @id ("guest/NAME" or "cases/NAME") exist? */
static bool test_exists(const char *id)
{
	char path[4096];
	if (!strncmp(id, "guest/", 6)) {
		snprintf(path, sizeof(path), "%s/tests/guest/%s.c", SBX_SOURCE_ROOT, id + 6);
		return exists(path);
	}
	if (!strncmp(id, "cases/", 6)) {
		/* The shared cases live beside the repository (tests/run's
		 * SBX_CASES_DIR default); without them there is nothing to
		 * check against. */
		snprintf(path, sizeof(path), "%s/../shared/cases", SBX_SOURCE_ROOT);
		if (!exists(path))
			return true;
		snprintf(path, sizeof(path), "%s/../shared/cases/%s.c", SBX_SOURCE_ROOT, id + 6);
		return exists(path);
	}
	return false;
}

Test(compat, implemented_syscalls_name_a_test)
{
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		struct compat_info c = compat_get(nr);
		if (!c.name || (c.status != COMPAT_IMPLEMENTED && c.status != COMPAT_PARTIAL))
			continue;
		cr_expect(c.test != NULL, "%s (%ld) is %s but names no test", c.name, nr,
			  compat_status_name(c.status));
		if (c.test)
			cr_expect(test_exists(c.test), "%s names %s, which does not exist", c.name,
				  c.test);
	}
}

Test(compat, status_agrees_with_the_dispatch_table)
{
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		struct compat_info c = compat_get(nr);
		if (!c.name)
			continue;
		switch (c.status) {
		case COMPAT_IMPLEMENTED:
		case COMPAT_PARTIAL:
			cr_expect(c.has_handler && !c.refusing_handler,
				  "%s is %s but has %s handler", c.name,
				  compat_status_name(c.status),
				  c.has_handler ? "a refusing" : "no");
			break;
		case COMPAT_REFUSED:
			cr_expect(c.has_handler,
				  "%s is refused but has no handler (ENOSYS with "
				  "the unsupported message)",
				  c.name);
			cr_expect(c.note != NULL, "%s is refused without a reason", c.name);
			break;
		case COMPAT_UNIMPLEMENTED:
			cr_expect(!c.has_handler, "%s has a handler but is listed unimplemented",
				  c.name);
			break;
		}
		if (c.status == COMPAT_PARTIAL)
			cr_expect(c.note != NULL, "%s is partial without saying what is missing",
				  c.name);
	}
}

Test(compat, docs_syscalls_md_is_current)
{
	char *now = NULL;
	size_t now_len = 0;
	FILE *m = open_memstream(&now, &now_len);
	cr_assert(m != NULL);
	compat_print(m, true);
	fclose(m);
	char path[4096];
	snprintf(path, sizeof(path), "%s/docs/syscalls.md", SBX_SOURCE_ROOT);
	FILE *f = fopen(path, "r");
	cr_assert(f != NULL, "%s is missing: write it with `sbx --syscalls --markdown`", path);
	char *doc = malloc(now_len + 2);
	size_t doc_len = fread(doc, 1, now_len + 1, f);
	fclose(f);
	cr_expect(doc_len == now_len && memcmp(doc, now, now_len) == 0,
		  "docs/syscalls.md is out of date: regenerate it with "
		  "`sbx --syscalls --markdown > docs/syscalls.md` (the build writes the same "
		  "table to syscalls.md in the build directory)");
	free(doc);
	free(now);
}

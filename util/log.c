#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

bool sbx_debug_enabled;

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "%s", prefix);
	if (n < 0)
		n = 0;
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", buf);
}

void sbx_msg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("sbx: ", fmt, ap);
	va_end(ap);
}

void sbx_fatal(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("sbx: ", fmt, ap);
	va_end(ap);
	exit(status);
}

void sbx_debug_log(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("sbx[debug]: ", fmt, ap);
	va_end(ap);
}

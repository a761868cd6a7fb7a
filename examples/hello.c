/* The demo program of tools/demo: it greets, shows its pid, its parent's pid
 * and its arguments, and says whether it runs under sbx (sbx's hostname is
 * "sbx"). */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	printf("Hello, world!\n");
	printf("My pid is %d and my parent's pid is %d.\n", (int)getpid(), (int)getppid());
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);

	struct utsname u = {0};
	if (uname(&u) == 0 && strcmp(u.nodename, "sbx") == 0)
		printf("I am running under sbx: my kernel is %s %s.\n", u.sysname, u.release);
	else
		printf("I am not running under sbx (hostname \"%s\").\n", u.nodename);
	return 0;
}

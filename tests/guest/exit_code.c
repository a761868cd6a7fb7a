/* exit() with the status given as the first argument: sbx must exit with
 * the program's own status (the variants run 0, 1, 42 and 255). */
//! libc: glibc musl
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: exit_code N\n");
		return 2;
	}
	int code = atoi(argv[1]);
	printf("exiting with %d\n", code);
	exit(code);
}

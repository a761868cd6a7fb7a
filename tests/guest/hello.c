/* The first program: print a line and exit 0, with glibc and with musl. */
//! libc: glibc musl
#include <stdio.h>

int main(void)
{
	printf("hello, world\n");
	return 0;
}

/* A stand-in for an AFL++-instrumented target: it attaches the coverage
 * map named by __AFL_SHM_ID, as the instrumentation does at start-up, then
 * reads its test case from standard input (the fork server's snapshot
 * point) and copies it into the map.  Exit status 0, or 3 when the map
 * cannot be attached. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	const char *id = getenv("__AFL_SHM_ID");
	if (!id)
		return 2;
	char *map = shmat(atoi(id), NULL, 0);
	if (map == (void *)-1) {
		perror("shmat");
		return 3;
	}
	char buf[64];
	ssize_t n = read(0, buf, sizeof(buf));
	if (n > 0)
		memcpy(map, buf, (size_t)n);
	return 0;
}

/* Golden trace test: --trace=EXPR selects syscalls by class and name, -s
 * cuts strings and buffers. */
// clang-format off
//! trace-args: --trace=%process,%file,write -s 8
// clang-format on
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int fd = open("a-file-with-a-long-name.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);
	write(fd, "0123456789", 10);
	write(fd, "01234567", 8);
	write(fd, "0123456", 7);
	close(fd);
	struct stat st;
	stat("a-file-with-a-long-name.txt", &st);
	pid_t p = fork();
	if (p == 0) {
		write(1, "child says hello\n", 17);
		_exit(2);
	}
	waitpid(p, NULL, 0);
	unlink("a-file-with-a-long-name.txt");
	getpid();
	return 0;
}

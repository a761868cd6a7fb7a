/* execve: the errors (E2BIG, ENOENT, ENOTDIR, EACCES for a file without x
 * and for a directory, ENOEXEC for garbage and an empty file, ETXTBSY,
 * EFAULT, EINVAL) leave the caller intact; then the program executes
 * itself with a marker argument and the new image checks what exec keeps
 * and what it resets: the pid and parent, close-on-exec fds closed and the
 * others open, caught signals back to SIG_DFL and ignored ones kept, the
 * mask and pending signals kept.  Also a NULL argv (the new program sees
 * argc 1 and an empty argv[0]), a NULL envp, exec from a thread that is not
 * the leader (the pid stays; the other threads are gone), vfork + exec,
 * and execveat on an fd with AT_EMPTY_PATH. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

extern char **environ;

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static int count_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static const char *disposition(int sig)
{
	struct sigaction sa;
	sigaction(sig, NULL, &sa);
	return sa.sa_handler == SIG_DFL	  ? "SIG_DFL"
	       : sa.sa_handler == SIG_IGN ? "SIG_IGN"
					  : "handler";
}

static void on_usr1(int sig)
{
	(void)sig;
}

static char self[4096];

/* The new image after "exec self": argv[2] is the old pid, argv[3] the
 * old parent's. */
static int after_exec(int argc, char **argv)
{
	printf("  argc %d, marker %s\n", argc, argv[1]);
	printf("  same pid: %s, same parent: %s\n", yesno(atoi(argv[2]) == getpid()),
	       yesno(atoi(argv[3]) == getppid()));
	if (strcmp(argv[1], "exec-self") != 0)
		goto common;
	printf("  close-on-exec fd 10 closed: %s, fd 11 open: %s\n",
	       yesno(fcntl(10, F_GETFD) < 0 && errno == EBADF), yesno(fcntl(11, F_GETFD) == 0));
	printf("  SIGUSR1 (was caught): %s, SIGUSR2 (was ignored): %s\n", disposition(SIGUSR1),
	       disposition(SIGUSR2));
	sigset_t s;
	sigprocmask(SIG_BLOCK, NULL, &s);
	printf("  SIGINT still blocked: %s\n", yesno(sigismember(&s, SIGINT)));
	sigpending(&s);
	printf("  SIGTERM still pending: %s\n", yesno(sigismember(&s, SIGTERM)));
common:;
	char comm[16] = "";
	prctl(PR_GET_NAME, comm);
	printf("  comm: %s\n", comm);
	printf("  threads: %d\n", count_threads());
	printf("  environment: %s\n", getenv("EXEC_TEST") ? getenv("EXEC_TEST") : "(unset)");
	return 0;
}

static void exec_self(const char *marker)
{
	char pid[16], ppid[16];
	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(ppid, sizeof(ppid), "%d", getppid());
	char *argv[] = {self, (char *)marker, pid, ppid, NULL};
	char *envp[] = {"EXEC_TEST=passed", NULL};
	fflush(stdout);
	execve(self, argv, envp);
	printf("exec self failed: %s\n", errname(errno));
	exit(1);
}

static void *exec_from_thread(void *arg)
{
	(void)arg;
	exec_self("from-thread");
	return NULL;
}

static void *idle_thread(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* Run @fn in a child and wait for it (so every exec gets a fresh process). */
static void in_child(const char *what, void (*fn)(void))
{
	printf("%s:\n", what);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		fn();
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("  exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
}

static void prepare_and_exec(void)
{
	dup3(1, 10, O_CLOEXEC);
	dup2(1, 11);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGUSR2, SIG_IGN);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGTERM);
	exec_self("exec-self");
}

static void thread_exec(void)
{
	pthread_t a, b;
	pthread_create(&a, NULL, idle_thread, NULL);
	pthread_create(&b, NULL, exec_from_thread, NULL);
	pthread_join(b, NULL);
}

static void null_argv(void)
{
	char *envp[] = {"EXEC_MODE=null-argv", NULL};
	fflush(stdout);
	syscall(SYS_execve, self, NULL, envp);
	printf("exec with a NULL argv failed: %s\n", errname(errno));
}

static void null_envp(void)
{
	char *argv[] = {self, "null-envp", NULL};
	fflush(stdout);
	syscall(SYS_execve, self, argv, NULL);
	printf("exec with a NULL envp failed: %s\n", errname(errno));
}

static void at_empty_path(void)
{
	int fd = open(self, O_RDONLY | O_CLOEXEC);
	char *argv[] = {"renamed", "execveat", NULL};
	fflush(stdout);
	syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
	printf("execveat failed: %s\n", errname(errno));
}

static volatile int vfork_marker;

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	const char *mode = getenv("EXEC_MODE");
	if (mode && strcmp(mode, "null-argv") == 0) {
		printf("  argc %d, argv[0] empty: %s, argv[1] NULL: %s\n", argc,
		       yesno(argv[0] && argv[0][0] == '\0'), yesno(argv[1] == NULL));
		return 5;
	}
	if (argc > 1 && strcmp(argv[1], "null-envp") == 0) {
		printf("  environment empty: %s\n", yesno(!environ || !environ[0]));
		return 6;
	}
	if (argc > 1 && strcmp(argv[1], "execveat") == 0) {
		printf("  argv[0] %s, ran: yes\n", argv[0]);
		return 7;
	}
	if (argc > 1 && strcmp(argv[1], "vforked") == 0)
		return 8;
	if (argc > 3)
		return after_exec(argc, argv);

	if (!realpath("/proc/self/exe", self))
		return 1;
	char dir[] = "/tmp/sbx-exec-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	char plain[64], garbage[64], empty[64], busy[64], script[64];
	snprintf(plain, sizeof(plain), "%s/plain", dir);
	snprintf(garbage, sizeof(garbage), "%s/garbage", dir);
	snprintf(empty, sizeof(empty), "%s/empty", dir);
	snprintf(busy, sizeof(busy), "%s/busy", dir);
	snprintf(script, sizeof(script), "%s/script", dir);
	int fd = open(plain, O_CREAT | O_WRONLY, 0644);
	write(fd, "\177ELF", 4);
	close(fd);
	fd = open(garbage, O_CREAT | O_WRONLY, 0755);
	write(fd, "this is not a program\n", 22);
	close(fd);
	close(open(empty, O_CREAT | O_WRONLY, 0755));
	fd = open(script, O_CREAT | O_WRONLY, 0755);
	write(fd, "#!/nonexistent/interpreter\n", 27);
	close(fd);
	int busy_fd = open(busy, O_CREAT | O_WRONLY, 0755);
	write(busy_fd, "\177ELF", 4);

	char *args[] = {"x", NULL};
	printf("ENOENT: %s\n", res(execve("/nonexistent/program", args, environ)));
	printf("empty path: %s\n", res(execve("", args, environ)));
	printf("ENOTDIR: %s\n", res(execve("/proc/self/exe/x", args, environ)));
	printf("no x permission: %s\n", res(execve(plain, args, environ)));
	printf("a directory: %s\n", res(execve(dir, args, environ)));
	printf("garbage with x: %s\n", res(execve(garbage, args, environ)));
	printf("empty file with x: %s\n", res(execve(empty, args, environ)));
	printf("script with a missing interpreter: %s\n", res(execve(script, args, environ)));
	printf("open for writing: %s\n", res(execve(busy, args, environ)));
	printf("NULL path: %s\n", res(syscall(SYS_execve, NULL, args, environ)));
	printf("bad argv pointer: %s\n", res(syscall(SYS_execve, self, (void *)8, environ)));
	char *badarg[] = {"x", (char *)8, NULL};
	printf("bad argv string: %s\n", res(syscall(SYS_execve, self, badarg, environ)));
	printf("bad envp pointer: %s\n", res(syscall(SYS_execve, self, args, (void *)8)));
	printf("execveat bad flags: %s\n",
	       res(syscall(SYS_execveat, AT_FDCWD, self, args, environ, 0x4)));
	printf("execveat empty path without AT_EMPTY_PATH: %s\n",
	       res(syscall(SYS_execveat, 1, "", args, environ, 0)));

	/* E2BIG: one string over MAX_ARG_STRLEN, then too much altogether. */
	size_t big = 128 * 1024 + 1;
	char *huge = malloc(big + 1);
	memset(huge, 'a', big);
	huge[big] = '\0';
	char *hargs[] = {"x", huge, NULL};
	printf("one argument of 128 KiB + 1: %s\n", res(execve(self, hargs, environ)));
	huge[100 * 1024] = '\0';
	char **many = calloc(102, sizeof(char *));
	many[0] = "x";
	for (int i = 1; i <= 100; i++)
		many[i] = huge;
	printf("100 arguments of 100 KiB: %s\n", res(execve(self, many, environ)));
	char **envs = calloc(102, sizeof(char *));
	for (int i = 0; i < 100; i++)
		envs[i] = huge;
	printf("100 environment strings of 100 KiB: %s\n", res(execve(self, args, envs)));
	free(many);
	free(envs);
	free(huge);
	printf("still running after the failures: yes\n");

	in_child("exec self", prepare_and_exec);
	in_child("exec from a thread that is not the leader", thread_exec);
	in_child("exec with a NULL argv", null_argv);
	in_child("exec with a NULL envp", null_envp);
	in_child("execveat AT_EMPTY_PATH", at_empty_path);

	printf("vfork + exec:\n");
	fflush(stdout);
	pid_t c = vfork();
	if (c == 0) {
		vfork_marker = 1; /* shared with the parent until the exec */
		char *vargs[] = {self, "vforked", NULL};
		execve(self, vargs, environ);
		_exit(99);
	}
	printf("  the parent sees the child's write: %s\n", yesno(vfork_marker == 1));
	int st;
	waitpid(c, &st, 0);
	printf("  exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	close(busy_fd);
	unlink(plain);
	unlink(garbage);
	unlink(empty);
	unlink(busy);
	unlink(script);
	rmdir(dir);
	return 0;
}

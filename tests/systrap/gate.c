/* Jump to the stub's gate, its call gate and every other syscall
 * instruction in its first page with syscalls that would reach the host if
 * they ran there: create a file or a directory in /tmp, bind a unix socket
 * there, exec a shell that writes there, write to the stub's own fds (the
 * memory file).  Under sbx each must be refused (the stub dies) or be
 * carried out by the sentry inside the sandbox, never by the host.  Only
 * for sbx: natively the stub's addresses are not mapped. */
#include "attack.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>

static uint64_t target;

static void do_open(long n)
{
	jump_syscall(target, SYS_openat, AT_FDCWD, (long)marked("open", n), O_CREAT | O_WRONLY,
		     0644, 0, 0);
}

static void do_mkdir(long n)
{
	jump_syscall(target, SYS_mkdirat, AT_FDCWD, (long)marked("dir", n), 0755, 0, 0, 0);
}

static void do_socket(long n)
{
	long fd = jump_syscall(target, SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	const char *path = marked("sock", n);
	if (strlen(path) < sizeof(sun.sun_path))
		memcpy(sun.sun_path, path, strlen(path) + 1);
	jump_syscall(target, SYS_bind, fd, (long)&sun, sizeof(sun), 0, 0, 0);
}

static void do_exec(long n)
{
	char cmd[4200];
	snprintf(cmd, sizeof(cmd), "echo escaped > %s", marked("exec", n));
	char *argv[] = {"sh", "-c", cmd, NULL};
	char *envp[] = {NULL};
	jump_syscall(target, SYS_execve, (long)"/bin/sh", (long)argv, (long)envp, 0, 0, 0);
}

static void do_fd_write(long n)
{
	/* The memory file and the stub's other fds, by their fixed numbers. */
	static char junk[4096];
	memset(junk, 0x5a, sizeof(junk));
	for (long fd = STUB_MEMFILE_FD; fd <= STUB_EVENT_FD; fd++)
		jump_syscall(target, SYS_pwrite64, fd, (long)junk, sizeof(junk), n * 4096, 0, 0);
}

int main(void)
{
	uint64_t targets[64];
	int nt = 0;
	targets[nt++] = STUB_GATE;
	targets[nt++] = STUB_CALL_GATE;
	/* Any other `syscall` (0f 05) in the stub's first page: it is
	 * readable, so a guest can look for them as we do. */
	const uint8_t *text = (const uint8_t *)STUB_BASE;
	for (int off = 0; off + 1 < 4096 && nt < 64; off++) {
		uint64_t a = STUB_BASE + (uint64_t)off;
		if (text[off] == 0x0f && text[off + 1] == 0x05 && a != STUB_GATE &&
		    a != STUB_CALL_GATE)
			targets[nt++] = a;
	}
	printf("syscall instructions in the stub: %d\n", nt);
	static const struct {
		const char *name;
		void (*fn)(long);
	} attacks[] = {
	    {"openat", do_open},
	    {"mkdirat", do_mkdir},
	    {"socket+bind", do_socket},
	    {"execve", do_exec},
	    {"pwrite to the stub's fds", do_fd_write},
	};
	for (int i = 0; i < nt; i++) {
		target = targets[i];
		/* At the gates a child always ends by itself; elsewhere it may
		 * loop in stub code. */
		child_alarm = i < 2 ? 0 : 1;
		for (size_t k = 0; k < sizeof(attacks) / sizeof(attacks[0]); k++) {
			char what[128];
			snprintf(what, sizeof(what), "%#lx %s", (unsigned long)target,
				 attacks[k].name);
			in_child(what, attacks[k].fn, i);
		}
	}
	printf("hostile: done\n");
	return 0;
}

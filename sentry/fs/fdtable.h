/* File descriptor tables (include/linux/fdtable.h): fd -> struct file,
 * with close-on-exec per fd.  Shared between tasks with CLONE_FILES. */
#ifndef SBX_FDTABLE_H
#define SBX_FDTABLE_H

#include <stdbool.h>

struct file;

struct files_struct {
	int refs;
	int max;              /* slots allocated */
	struct file **fd;     /* NULL: free */
	unsigned char *cloexec;
};

struct files_struct *files_new(void);
/* A copy for fork (every file gets one more reference); NULL on ENOMEM. */
struct files_struct *files_dup(struct files_struct *src);
void files_get(struct files_struct *fs);
void files_put(struct files_struct *fs);

/* The file at @fd, or NULL (EBADF).  No reference is taken: valid until
 * the handler returns. */
struct file *fd_get(struct files_struct *fs, int fd);
/* fdget rather than fdget_raw: the file at @fd for I/O or a change to the
 * file, NULL (EBADF) for an O_PATH file too, which only names a place. */
struct file *fd_get_io(struct files_struct *fs, int fd);
/* Install @f (taking over the caller's reference) at the lowest free fd
 * >= @min below @limit (RLIMIT_NOFILE).  Returns the fd, -EMFILE, or
 * -ENOMEM. */
int fd_install(struct files_struct *fs, struct file *f, int min, bool cloexec,
	       unsigned long limit);
/* Install at exactly @fd, closing what was there (dup2). 0 or -errno. */
int fd_install_at(struct files_struct *fs, int fd, struct file *f, bool cloexec);
/* Close @fd: 0 or -EBADF. */
int fd_close(struct files_struct *fs, int fd);
bool fd_cloexec(struct files_struct *fs, int fd);
void fd_set_cloexec(struct files_struct *fs, int fd, bool on);
/* Close every close-on-exec fd (execve). */
void files_close_on_exec(struct files_struct *fs);

#endif

/* Pipes and FIFOs (fs/pipe.c). */
#ifndef SBX_PIPE_H
#define SBX_PIPE_H

#include <stddef.h>
#include <stdint.h>

struct task;
struct file;
struct pipe;

/* A new pipe: *rd (O_RDONLY) and *wr (O_WRONLY) with the O_NONBLOCK and
 * O_DIRECT of @flags.  0 or -ENOMEM. */
int pipe_create(struct task *t, unsigned flags, struct file **rd, struct file **wr);
/* The pipe behind a pipe file, or NULL. */
struct pipe *pipe_of(struct file *f);
size_t pipe_bytes(const struct pipe *p);
/* F_GETPIPE_SZ / F_SETPIPE_SZ: bytes, or -EPERM (over fs.pipe-max-size
 * without privilege), -EBUSY (smaller than the data held), -EINVAL. */
long pipe_get_size(struct pipe *p);
long pipe_set_size(struct task *t, struct pipe *p, uint64_t size);

/* For splice, tee and vmsplice (fs/splice.c): copy up to @n bytes from
 * the front of @p without taking them; drop @n bytes from the front
 * (waking writers); the bytes a write is sure to fit now; the ends open. */
size_t pipe_peek(const struct pipe *p, void *buf, size_t n);
void pipe_consume(struct pipe *p, size_t n);
size_t pipe_room(const struct pipe *p);
int pipe_readers(const struct pipe *p);
int pipe_writers(const struct pipe *p);

/* FIFOs: see special.h. */
struct inode;
struct waitqueue;
int pipe_fifo_open(struct inode *ino, struct file *f, int flags);
int pipe_fifo_partner(struct file *f);
struct waitqueue *pipe_waitqueue(struct file *f);
void pipe_fifo_evict(struct inode *ino);

#endif

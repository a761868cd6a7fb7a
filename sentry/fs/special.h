/* Opening special files: FIFOs, character devices (a registry by device
 * number), block devices and sockets (fs/char_dev.c, fs/pipe.c fifo_open). */
#ifndef SBX_SPECIAL_H
#define SBX_SPECIAL_H

#include <sys/types.h>

struct inode;
struct file;
struct file_ops;

/* Set up @f for the special inode @ino.  0, 1 (a FIFO end that must wait
 * for its partner: the caller sleeps on the pipe and asks again with
 * fifo_partner_ready), or -errno (ENXIO, ENODEV...). */
int special_open(struct inode *ino, struct file *f, int flags);
/* After special_open said 1: is the other end there now? */
int fifo_partner_ready(struct file *f);
void special_evict(struct inode *ino);

/* A character device: @open (optional) finishes set-up of @f. */
void chrdev_register(unsigned major, unsigned minor, const struct file_ops *fops,
		     int (*open)(struct inode *ino, struct file *f, int flags));
/* The memory devices: null, zero, full, random, urandom. */
void chrdev_init_mem(void);

#endif

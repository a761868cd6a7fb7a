/* write_big with stdout a pipe: the writer must wait while the pipe is full
 * and still write everything in one call. */
//! libc: glibc musl
//! stdout-via: pipe
#include "write_big.c"

/* raw_clone(flags, stack_top, ptid, ctid, tls, fn, arg): clone(2) without
 * libc.  The child calls fn(arg) on the new stack and exits (SYS_exit)
 * with its result; the parent gets the child's tid or -errno.  libc's
 * syscall() cannot do this: its child would return on an empty stack. */
#ifndef RAWCLONE_H
#define RAWCLONE_H

long raw_clone(unsigned long flags, void *stack, volatile int *ptid, volatile int *ctid,
	       unsigned long tls, int (*fn)(void *), void *arg);
__asm__(".text\n"
	".globl raw_clone\n"
	"raw_clone:\n"
	"	mov 8(%rsp), %rax\n"
	"	sub $16, %rsi\n"
	"	mov %rax, 8(%rsi)\n"
	"	mov %r9, 0(%rsi)\n"
	"	mov %rcx, %r10\n"
	"	mov $56, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	pop %rax\n"
	"	pop %rdi\n"
	"	xor %ebp, %ebp\n"
	"	call *%rax\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n");

/* A system call without errno (safe on a thread that shares no TLS). */
static inline long rsys(long n, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif

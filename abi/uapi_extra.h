/* Kernel ABI constants that glibc's headers do not export, for files that
 * must include glibc's <signal.h> (whose types clash with the kernel's
 * <asm/signal.h>).  Each names its uapi header; abi/uapi_check.c compiles
 * against those headers and fails the build if a value here differs. */
#ifndef SBX_ABI_UAPI_EXTRA_H
#define SBX_ABI_UAPI_EXTRA_H

#define SBX_SA_RESTORER   0x04000000 /* <asm/signal.h> */
#define SBX_SS_AUTODISARM (1U << 31) /* <linux/signal.h> */
/* The kernel's sigaltstack minimum (glibc's MINSIGSTKSZ may be dynamic). */
#define SBX_MINSIGSTKSZ   2048 /* <asm/signal.h> */

#ifndef SA_RESTORER
#define SA_RESTORER SBX_SA_RESTORER
#endif
#ifndef SS_AUTODISARM
#define SS_AUTODISARM SBX_SS_AUTODISARM
#endif

#endif

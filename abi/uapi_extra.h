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

/* Newer than Debian 12's linux-libc-dev (6.1), from the kernel's uapi
 * headers (include/uapi/linux/fcntl.h, memfd.h, 6.3): defined only when
 * the installed headers lack them. */
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

#ifndef SA_RESTORER
#define SA_RESTORER SBX_SA_RESTORER
#endif
#ifndef SS_AUTODISARM
#define SS_AUTODISARM SBX_SS_AUTODISARM
#endif

#endif

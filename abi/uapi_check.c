/* Build-time check that abi/uapi_extra.h agrees with the kernel's uapi
 * headers.  Only uapi headers are included, so nothing of glibc's clashes. */
#include <asm/signal.h>
#include <linux/signal.h>

#include "uapi_extra.h"

_Static_assert(SBX_SA_RESTORER == SA_RESTORER, "SA_RESTORER differs from <asm/signal.h>");
_Static_assert(SBX_MINSIGSTKSZ == MINSIGSTKSZ, "MINSIGSTKSZ differs from <asm/signal.h>");
_Static_assert(SBX_SS_AUTODISARM == SS_AUTODISARM, "SS_AUTODISARM differs from <linux/signal.h>");

/* Something to link, so the file is compiled with the rest. */
int sbx_uapi_checked;

/* Which access a faulting x86-64 instruction made: the host does not pass
 * the page-fault error code of a stub's fault on, so the write bit of the
 * guest's error code comes from the instruction. */
#ifndef SBX_INSN_ACCESS_H
#define SBX_INSN_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Did the instruction in @code (@len bytes from rip, up to 15), faulting
 * at @addr, write there?  @rsp and @rdi tell an implicit stack or string
 * store from the explicit operand's read (push and call through memory,
 * movs).  Known: stores and read-modify-write forms of the one-byte
 * opcodes, pushes and calls, string stores, x87 stores, SSE/AVX/AVX-512
 * stores and extracts, setcc, bit tests that change the bit, cmpxchg,
 * xadd, shld/shrd, fxsave/xsave/stmxcsr.  Anything else counts as a read. */
bool insn_writes(const uint8_t *code, size_t len, uint64_t addr, uint64_t rsp, uint64_t rdi);

#endif

/*
 * ret_insn.h: the encoding of a bare return instruction, the one thing
 * slotbench needs that C cannot express; a port adds a branch here.
 */
#ifndef RET_INSN_H
#define RET_INSN_H

#if defined(__riscv)
#define RET_INSN 0x00008067u /* jalr zero, 0(ra) */
#elif defined(__aarch64__)
#define RET_INSN 0xd65f03c0u /* ret */
#else
#error "slotbench: no return instruction for this architecture"
#endif

#endif

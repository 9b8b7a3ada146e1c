/*
 * trap.h: what a trap means, decided the same way on every architecture.
 * The arch layer's handler saves the registers, classifies the trap and
 * calls these; it keeps only what is ISA-specific (reading the cause
 * registers, talking to the interrupt controller).
 */
#ifndef TRAP_H
#define TRAP_H

#include <stdint.h>

struct trap_frame;

/* Starts handling a trap on this hart. A trap inside a trap handler, or a
 * dead canary on the trap or idle stack, is a kernel bug: panics. */
void trap_enter(const struct trap_frame *tf, uint64_t cause);

/* Ends an interrupt (already dispatched) that stopped code at pc with stack
 * pointer sp. Task code whose stack canary died is ended here, before it
 * runs any further; otherwise returns, and the arch resumes what ran. */
void trap_interrupt_done(const struct trap_frame *tf, uint64_t cause,
                         uintptr_t pc, uintptr_t sp);

/* An exception at pc (tval: the faulting address or instruction, sp: the
 * stack pointer it happened with). In kernel code, panics. In a task, the
 * arch may fix it up (arch_exception_fixup: lazy FP on RISC-V), and then
 * this returns and the task resumes; otherwise it ends that task alone and
 * switches away, never returning. */
void trap_exception(struct trap_frame *tf, uint64_t cause, uintptr_t pc,
                    uintptr_t tval, uintptr_t sp);

#endif

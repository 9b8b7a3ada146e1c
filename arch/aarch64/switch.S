/*
 * switch.S: the cooperative context switch. A switch is a function call, so
 * only what the AAPCS64 says a callee must preserve is saved: x19-x28, the
 * frame pointer x29, the link register x30 and d8-d15, plus FPCR/FPSR and
 * TPIDR_EL0, the task's thread pointer (Picolibc's errno lives in TLS).
 * Everything goes on the outgoing stack; the task keeps only its sp.
 */
#include "switch_frame.h"
#include "trap_frame.h"

    .section .text
    .globl arch_switch
    .balign 4
/* void arch_switch(uintptr_t *save_sp, uintptr_t next_sp, struct hart *h):
 * h is unused here (RISC-V's yield.S takes it over the switch). */
arch_switch:
    sub     sp, sp, #SW_SIZE
    stp     x19, x20, [sp, #SW_X(19)]
    stp     x21, x22, [sp, #SW_X(21)]
    stp     x23, x24, [sp, #SW_X(23)]
    stp     x25, x26, [sp, #SW_X(25)]
    stp     x27, x28, [sp, #SW_X(27)]
    stp     x29, x30, [sp, #SW_FP]
    stp     d8, d9, [sp, #SW_D(8)]
    stp     d10, d11, [sp, #SW_D(10)]
    stp     d12, d13, [sp, #SW_D(12)]
    stp     d14, d15, [sp, #SW_D(14)]
    mrs     x9, tpidr_el0
    mrs     x10, fpcr
    mrs     x11, fpsr
    str     x9, [sp, #SW_TPIDR]
    stp     x10, x11, [sp, #SW_FPCR]
    mov     x9, sp
    str     x9, [x0]

    /*
     * Switching away from a trap handler (a faulting task ends; nothing
     * ever resumes it): put SP_EL1 back at the top of the trap stack, and
     * continue on SP_EL0 like every other context.
     */
    mrs     x9, spsel
    cbz     x9, 1f
    mrs     x10, tpidr_el1
    sub     x10, x10, #TRAP_HART_SLOT
    mov     sp, x10
    msr     spsel, #0
1:  mov     sp, x1
    ldp     x10, x11, [sp, #SW_FPCR]
    ldr     x9, [sp, #SW_TPIDR]
    msr     fpcr, x10
    msr     fpsr, x11
    msr     tpidr_el0, x9
    ldp     d8, d9, [sp, #SW_D(8)]
    ldp     d10, d11, [sp, #SW_D(10)]
    ldp     d12, d13, [sp, #SW_D(12)]
    ldp     d14, d15, [sp, #SW_D(14)]
    ldp     x19, x20, [sp, #SW_X(19)]
    ldp     x21, x22, [sp, #SW_X(21)]
    ldp     x23, x24, [sp, #SW_X(23)]
    ldp     x25, x26, [sp, #SW_X(25)]
    ldp     x27, x28, [sp, #SW_X(27)]
    ldp     x29, x30, [sp, #SW_FP]
    add     sp, sp, #SW_SIZE
    ret

/*
 * A new context's first switch "returns" here (arch_context_init put this
 * address in x30): x19 holds entry, x20 its argument. The frame chain
 * starts empty so backtraces end cleanly.
 */
    .globl aarch64_context_start
aarch64_context_start:
    mov     x0, x20
    mov     x29, xzr
    mov     x30, xzr
    br      x19

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
 * x2 (h) goes through untouched, for yield.S's step 8. */
arch_switch:
    sub     sp, sp, #SW_SIZE
    SWITCH_SAVE
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
    SWITCH_RESTORE

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

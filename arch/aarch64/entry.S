/*
 * entry.S: where the Pi's firmware (or QEMU's raspi3b loader) enters the
 * kernel, at 0x80000 with the MMU off and x0 = the device tree's address
 * (0 if none). The firmware enters at EL2 on core 0, with the other cores
 * waiting in its spin table; QEMU, given an ELF, starts every core here at
 * EL3.
 *   1. any core but 0 goes to the park loop;
 *   2. drop to EL1 from EL3 or EL2, leaving the counter, the timers and
 *      FP/SIMD untrapped;
 *   3. let FP/SIMD run at EL1 (tasks use it);
 *   4. move the other cores from the firmware's spin table into the park
 *      loop, where they sleep in wfi rather than spin;
 *   5. stacks: exceptions run on SP_EL1 (the trap stack); the kernel and
 *      tasks run on SP_EL0 (the "EL1t" mode), so a task with a broken sp
 *      cannot take the trap handler down with it;
 *   6. clear .bss and call pi3_boot(dtb) with an empty frame chain.
 */
#include "trap_frame.h"

#define SPIN_TABLE 0xd8             /* core n waits on the word at 0xd8 + 8n */
#define CPUECTLR_SMPEN (1 << 6)     /* Cortex-A53: take part in coherency */
#define SCR_EL3_VALUE 0x5b1         /* NS, RES1, SMD, HCE, RW: EL2 is AArch64 */
#define HCR_EL2_RW (1 << 31)        /* EL1 is AArch64 */
#define CPTR_EL2_VALUE 0x33ff       /* RES1 bits only: FP/SIMD not trapped */
#define SCTLR_EL1_VALUE 0x30d00800  /* RES1 bits only: MMU and caches off */
#define SPSR_EL2H 0x3c9             /* EL2h, all exceptions masked */
#define SPSR_EL1H 0x3c5             /* EL1h, all exceptions masked */
#define CPACR_FPEN (3 << 20)

    .section .text.boot, "ax"
    .globl _start
_start:
    mrs     x9, mpidr_el1
    and     x9, x9, #0xff
    cbnz    x9, aarch64_park
    mov     x19, x0
    mov     x20, #0                 /* the boot core */
    b       drop_to_el1

/*
 * Where pi3.c releases another core from the park loop (aarch64_release),
 * at the EL it parked at: the same way down to EL1, then its own stack
 * and aarch64_secondary(core).
 */
    .globl aarch64_secondary_entry
aarch64_secondary_entry:
    mov     x20, #1

drop_to_el1:
    mrs     x9, CurrentEL
    lsr     x9, x9, #2
    cmp     x9, #2
    b.lt    at_el1
    b.eq    at_el2
    /* EL3 (no firmware stub ran): do what the Pi's armstub does and join
     * the cores' coherency (CPUECTLR_EL1.SMPEN), which caches need. */
    mrs     x10, S3_1_C15_C2_1
    orr     x10, x10, #CPUECTLR_SMPEN
    msr     S3_1_C15_C2_1, x10
    mov     x10, #SCR_EL3_VALUE
    msr     scr_el3, x10
    msr     cptr_el3, xzr
    mov     x10, #SPSR_EL2H
    msr     spsr_el3, x10
    adr     x10, at_el2
    msr     elr_el3, x10
    eret

at_el2:
    mov     x10, #HCR_EL2_RW
    msr     hcr_el2, x10
    mov     x10, #3                 /* EL1 may read the counter, use timers */
    msr     cnthctl_el2, x10
    msr     cntvoff_el2, xzr        /* virtual counter = physical counter */
    mov     x10, #CPTR_EL2_VALUE
    msr     cptr_el2, x10
    msr     hstr_el2, xzr
    ldr     x10, =SCTLR_EL1_VALUE
    msr     sctlr_el1, x10
    mov     x10, #SPSR_EL1H
    msr     spsr_el2, x10
    adr     x10, at_el1
    msr     elr_el2, x10
    eret

at_el1:
    msr     daifset, #0xf
    ldr     x10, =SCTLR_EL1_VALUE
    msr     sctlr_el1, x10
    mov     x10, #CPACR_FPEN
    msr     cpacr_el1, x10
    isb
    cbnz    x20, secondary_el1

    adr     x10, aarch64_park
    mov     x11, #SPIN_TABLE
    str     x10, [x11, #8]
    str     x10, [x11, #16]
    str     x10, [x11, #24]
    dsb     sy
    sev

    ldr     x10, =aarch64_trap_stack + TRAP_STACK_SIZE - TRAP_HART_SLOT
    mov     sp, x10
    msr     spsel, #0
    ldr     x10, =aarch64_boot_stack + BOOT_STACK_SIZE
    mov     sp, x10

    ldr     x10, =_bss_start
    ldr     x11, =_bss_end
1:  cmp     x10, x11
    b.hs    2f
    stp     xzr, xzr, [x10], #16
    b       1b
2:  mov     x0, x19
    mov     x29, xzr
    mov     x30, xzr
    bl      pi3_boot
3:  wfi
    b       3b

secondary_el1:
    mrs     x0, mpidr_el1
    and     x0, x0, #3
    msr     spsel, #0
    ldr     x10, =aarch64_secondary_sp
    ldr     x10, [x10, x0, lsl #3]
    mov     sp, x10
    mov     x29, xzr
    mov     x30, xzr
    bl      aarch64_secondary
5:  wfi
    b       5b

/*
 * The other cores wait here, at whatever EL they arrived, with the MMU
 * off and every exception masked, until aarch64_release[core] holds an
 * address to jump to. wfi sleeps until an interrupt is pending (masked or
 * not): whoever releases a core writes its word, cleans it to memory and
 * raises an interrupt for it (the BCM2836 local mailbox).
 */
    .globl aarch64_park
aarch64_park:
    msr     daifset, #0xf
    mrs     x9, mpidr_el1
    and     x9, x9, #3
    ldr     x10, =aarch64_release
4:  wfi
    ldr     x11, [x10, x9, lsl #3]
    cbz     x11, 4b
    br      x11

    .section .data.aarch64_release, "aw"
    .balign 8
    .globl aarch64_release
aarch64_release:
    .quad   0, 0, 0, 0

/* The boot core's stack, later its idle loop's, and its trap stack, each
 * above a guard page the MMU leaves unmapped (pi3.c). Their lowest words
 * hold canaries the trap handler checks. */
    .section .stacks, "aw", @nobits
    .balign 4096
    .globl aarch64_boot_stack_guard, aarch64_boot_stack
aarch64_boot_stack_guard:
    .space 4096
aarch64_boot_stack:
    .space BOOT_STACK_SIZE
    .globl aarch64_trap_stack_guard, aarch64_trap_stack
aarch64_trap_stack_guard:
    .space 4096
aarch64_trap_stack:
    .space TRAP_STACK_SIZE

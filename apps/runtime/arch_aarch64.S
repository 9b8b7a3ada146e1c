/*
 * arch_aarch64.S: the only AArch64 code in the app runtime. The task entry
 * point and the thread-pointer setter; the RISC-V port has the same two
 * pieces in arch_riscv64.S.
 */

/*
 * _start(sys, argc, argv, stack_limit): called by the kernel with sp at the
 * top of the slot (argv's strings sit above it), TPIDR_EL0 = 0, and x0-x3
 * set.
 *   1. End the frame chain: x29 = x30 = 0, so backtraces stop here.
 *   2. Keep sp 16-byte aligned, as the AAPCS64 requires.
 *   3. Hand over to C with the four arguments untouched; never returns.
 */
    .section .text._start, "ax", %progbits
    .globl _start
    .type _start, %function
_start:
    mov     x29, xzr
    mov     x30, xzr
    mov     x9, sp
    and     x9, x9, #~15
    mov     sp, x9
    bl      runtime_start
1:  udf     #0                  /* runtime_start never returns */
    b       1b
    .size _start, . - _start

/*
 * runtime_arch_set_tls(block): AArch64 uses TLS variant I with a 16-byte
 * thread control block before the TLS block, so the thread pointer points
 * 16 bytes below the block's first byte (linker/task.ld keeps the block's
 * alignment at 16, so no further padding comes between). Nothing reads the
 * control block.
 */
    .section .text.runtime_arch_set_tls, "ax", %progbits
    .globl runtime_arch_set_tls
    .hidden runtime_arch_set_tls
    .type runtime_arch_set_tls, %function
runtime_arch_set_tls:
    sub     x0, x0, #16
    msr     tpidr_el0, x0
    ret
    .size runtime_arch_set_tls, . - runtime_arch_set_tls

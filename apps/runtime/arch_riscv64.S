/*
 * arch_riscv64.S: the only RISC-V code in the app runtime. The task entry
 * point and the thread-pointer setter. The AArch64 port supplies the
 * same two pieces in arch_aarch64.S (there the thread
 * pointer is TPIDR_EL0 and points 16 bytes below the TLS block).
 */

/*
 * _start(sys, argc, argv, stack_limit): called by the kernel with sp at the
 * top of the slot (argv's strings sit above it), tp = 0, and a0-a3 set.
 *   1. End the frame chain: fp = ra = 0, so backtraces stop here.
 *   2. Keep sp 16-byte aligned, as the psABI requires.
 *   3. Hand over to C with the four arguments untouched; never returns.
 */
    .section .text._start, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    li      s0, 0
    li      ra, 0
    andi    sp, sp, -16
    call    runtime_start
1:  unimp                   /* runtime_start never returns */
    j       1b
    .size _start, . - _start

/* runtime_arch_set_tls(block): the thread pointer for TLS variant I with a
 * zero-sized TCB: tp is the block's first byte. */
    .section .text.runtime_arch_set_tls, "ax", @progbits
    .globl runtime_arch_set_tls
    .hidden runtime_arch_set_tls
    .type runtime_arch_set_tls, @function
runtime_arch_set_tls:
    mv      tp, a0
    ret
    .size runtime_arch_set_tls, . - runtime_arch_set_tls

/*
 * arch_riscv64.S: the only RISC-V code in the app runtime. The task entry
 * point, the thread-pointer setter and the stack guard hooks that
 * -finstrument-functions calls around every app function. The AArch64 port
 * supplies the same three pieces in arch_aarch64.S (there the thread
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

/*
 * __cyg_profile_func_enter(fn, site): runs at the entry of every app
 * function. If the stack pointer has crossed runtime_stack_limit, execute
 * ebreak with sp still below the limit: the kernel sees the breakpoint, sees
 * sp < limit, and reports a stack overflow instead of a breakpoint.
 * Four instructions on the fast path, no stack use.
 */
    .section .text.__cyg_profile_func_enter, "ax", @progbits
    .globl __cyg_profile_func_enter
    .type __cyg_profile_func_enter, @function
__cyg_profile_func_enter:
    lla     t0, runtime_stack_limit
    ld      t0, 0(t0)
    bltu    sp, t0, 1f
    ret
1:  ebreak
    j       1b
    .size __cyg_profile_func_enter, . - __cyg_profile_func_enter

/* __cyg_profile_func_exit: nothing to check on the way out. */
    .section .text.__cyg_profile_func_exit, "ax", @progbits
    .globl __cyg_profile_func_exit
    .type __cyg_profile_func_exit, @function
__cyg_profile_func_exit:
    ret
    .size __cyg_profile_func_exit, . - __cyg_profile_func_exit

/*
 * arch_aarch64.S: the only AArch64 code in the app runtime. The task entry
 * point, the thread-pointer setter and the stack guard hooks that
 * -finstrument-functions calls around every app function; the RISC-V
 * port has the same three pieces in arch_riscv64.S.
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

/*
 * __cyg_profile_func_enter(fn, site): runs at the entry of every app
 * function. If the stack pointer has crossed runtime_stack_limit, execute
 * brk with sp still below the limit: the kernel sees the breakpoint, sees
 * sp < limit, and reports a stack overflow instead of a breakpoint. Five
 * instructions on the fast path, no stack use; x16/x17 are the scratch
 * registers the AAPCS64 lets any call clobber.
 */
    .section .text.__cyg_profile_func_enter, "ax", %progbits
    .globl __cyg_profile_func_enter
    .type __cyg_profile_func_enter, %function
__cyg_profile_func_enter:
    adrp    x16, runtime_stack_limit
    ldr     x16, [x16, :lo12:runtime_stack_limit]
    mov     x17, sp
    cmp     x17, x16
    b.lo    1f
    ret
1:  brk     #0
    b       1b
    .size __cyg_profile_func_enter, . - __cyg_profile_func_enter

/* __cyg_profile_func_exit: nothing to check on the way out. */
    .section .text.__cyg_profile_func_exit, "ax", %progbits
    .globl __cyg_profile_func_exit
    .type __cyg_profile_func_exit, %function
__cyg_profile_func_exit:
    ret
    .size __cyg_profile_func_exit, . - __cyg_profile_func_exit

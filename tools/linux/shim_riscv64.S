/* shim_riscv64.S: the Linux shim's entry point and system calls (shim.c). */
    .text
    .globl shim_start
shim_start:
    mv a0, sp
    li fp, 0
    li ra, 0
    call shim_main

    .globl shim_syscall
shim_syscall:
    mv a7, a0
    mv a0, a1
    mv a1, a2
    mv a2, a3
    ecall
    ret

    .globl shim_syscall4
shim_syscall4:
    mv a7, a0
    mv a0, a1
    mv a1, a2
    mv a2, a3
    mv a3, a4
    ecall
    ret

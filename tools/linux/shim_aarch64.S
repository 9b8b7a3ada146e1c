/* shim_aarch64.S: the Linux shim's entry point and system calls (shim.c). */
    .text
    .globl shim_start
shim_start:
    mov x0, sp
    mov x29, #0
    mov x30, #0
    bl shim_main

    .globl shim_syscall
shim_syscall:
    mov x8, x0
    mov x0, x1
    mov x1, x2
    mov x2, x3
    svc #0
    ret

    .globl shim_syscall4
shim_syscall4:
    mov x8, x0
    mov x0, x1
    mov x1, x2
    mov x2, x3
    mov x3, x4
    svc #0
    ret

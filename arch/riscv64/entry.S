/*
 * entry.S: where OpenSBI enters the kernel, in S-mode on the boot hart,
 * with a0 = hart id and a1 = the device tree's address.
 *   1. mask interrupts until the trap vector is in place;
 *   2. take the boot stack;
 *   3. clear .bss (nothing has used it yet);
 *   4. call riscv_boot(hart, dtb) with an empty frame chain.
 */
#define BOOT_STACK_SIZE 16384

    .section .text.boot
    .globl _start
_start:
    csrw    sie, zero
    csrci   sstatus, 2
    la      sp, riscv_boot_stack + BOOT_STACK_SIZE
    la      t0, _bss_start
    la      t1, _bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  li      ra, 0
    li      s0, 0
    call    riscv_boot
3:  wfi
    j       3b

/* The boot hart's stack, later its idle loop's, above a guard page the
 * MMU leaves unmapped (virt.c). Its lowest words hold a canary the trap
 * handler checks. */
    .section .stacks, "aw", @nobits
    .balign 4096
    .globl riscv_boot_stack_guard, riscv_boot_stack
riscv_boot_stack_guard:
    .space 4096
riscv_boot_stack:
    .space BOOT_STACK_SIZE

/* Where a secondary hart starts (sbi_hart_start from virt.c), in S-mode
 * with the MMU off, a0 = its hart id and a1 = its slot in virt.c's tables:
 *   1. mask interrupts;
 *   2. take the idle stack the boot hart set aside for the slot;
 *   3. call riscv_secondary(hart, slot) with an empty frame chain. */
    .text
    .globl riscv_secondary_start
riscv_secondary_start:
    csrw    sie, zero
    csrci   sstatus, 2
    la      t0, riscv_secondary_sp
    slli    t1, a1, 3
    add     t0, t0, t1
    ld      sp, 0(t0)
    li      ra, 0
    li      s0, 0
    call    riscv_secondary
1:  wfi
    j       1b

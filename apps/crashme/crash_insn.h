/*
 * crash_insn.h: the few instructions crashme needs that C cannot express,
 * one tiny function each. Every architecture needs its own encoding, so
 * this is the one place in crashme that names an ISA; a port adds a branch
 * here and nothing else.
 */
#ifndef CRASH_INSN_H
#define CRASH_INSN_H

#if defined(__riscv)

/* An all-zero word: defined to be illegal in every RISC-V encoding. */
static inline void crash_insn_illegal(void)
{
    __asm__ volatile(".4byte 0");
}

static inline void crash_insn_breakpoint(void)
{
    __asm__ volatile("ebreak");
}

/* Atomics must be naturally aligned. OpenSBI emulates misaligned plain
 * loads and stores in M-mode, but not AMOs, so this one reaches the kernel
 * as a store/AMO address-misaligned exception. */
static inline void crash_insn_misaligned_atomic(void *addr)
{
    __asm__ volatile("amoadd.w zero, zero, (%0)" : : "r"(addr) : "memory");
}

#elif defined(__aarch64__)

static inline void crash_insn_illegal(void)
{
    __asm__ volatile("udf #0");
}

static inline void crash_insn_breakpoint(void)
{
    __asm__ volatile("brk #0");
}

/* Exclusive loads fault on any misaligned address. */
static inline void crash_insn_misaligned_atomic(void *addr)
{
    unsigned value;

    __asm__ volatile("ldxr %w0, [%1]\n\tclrex" : "=r"(value) : "r"(addr) : "memory");
    (void)value;
}

#else
#error "crash_insn.h: no crash instructions for this architecture yet"
#endif

#endif

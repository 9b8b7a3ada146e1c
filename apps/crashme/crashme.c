/*
 * crashme.c: misbehaves on request, so the kernel's crash reports can be
 * seen and tested. `crashme MODE` announces what it is about to do, then
 * does it; every crash mode should end the task with a report naming the
 * fault, while the system carries on. If a crash mode ever returns, the
 * kernel let something through, and crashme says so and exits with 1.
 *
 * Modes: null, illegal, misaligned, ebreak, overflow, canary, kernelcall,
 * guardptr, textwrite, tablewrite, oom (see usage()).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tabula_app.h>

#include "crash_insn.h"

/* Never set: it only stops the compiler from proving the recursion endless. */
static volatile int stop_recursion;

static void crash_null(void)
{
    /* Volatile twice: the compiler can neither see the NULL (and put a trap
     * of its own in place of the store) nor drop the store. */
    volatile int *volatile target = NULL;

    printf("null: storing to address 0\n");
    *target = 42;
}

static void crash_illegal(void)
{
    printf("illegal: executing an illegal instruction\n");
    crash_insn_illegal();
}

static void crash_misaligned(void)
{
    static uint64_t words[2];

    printf("misaligned: atomic add on a misaligned address\n");
    crash_insn_misaligned_atomic((char *)words + 1);
}

static void crash_ebreak(void)
{
    printf("ebreak: executing a breakpoint instruction\n");
    crash_insn_breakpoint();
}

/* Each level keeps 256 bytes live across the call, so it cannot become a
 * loop and every level takes real stack; noipa keeps GCC from inlining
 * levels into each other or renaming the function, so reports show one
 * frame of `recurse` per level. */
__attribute__((noipa)) static int recurse(int depth)
{
    volatile char pad[256];

    if (stop_recursion)
        return 0;
    pad[0] = (char)depth;
    pad[255] = pad[0];
    return recurse(depth + 1) + pad[255];
}

static void crash_overflow(void)
{
    printf("overflow: recursing until the stack runs out\n");
    recurse(0);
}

/* What a stray write just inside the stack's bottom does: it kills the
 * canary without touching the guard page below, so the kernel finds the
 * dead canary at the next switch. */
static void crash_canary(void)
{
    enum { SPAN = 16 }; /* the canary's two words, under the stack limit */
    volatile char *below = (volatile char *)(runtime_stack_limit - SPAN);

    printf("canary: scribbling over the %d bytes below the stack limit\n", SPAN);
    for (int i = 0; i < SPAN; i++)
        below[i] = (char)0xa5;
    tabula->yield();
    __asm__ volatile("" ::: "memory"); /* not a tail call: keep this frame */
}

/* Descends until only a few bytes of stack are left, never touching
 * below the limit itself, then calls the kernel, whose frames (on this
 * stack) run into the guard page: the kernel must end the task, not
 * panic. */
__attribute__((noipa)) static void descend_then_call(int depth)
{
    volatile char pad[64];
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);

    pad[0] = (char)depth;
    if (!stop_recursion && sp - runtime_stack_limit > 160)
        descend_then_call(depth + 1);
    else
        tabula->log(TABULA_LOG_INFO, "crashme: a kernel call with the stack nearly full");
    pad[63] = pad[0];
}

static void crash_kernelcall(void)
{
    printf("kernelcall: filling the stack, then calling the kernel\n");
    fflush(stdout);
    descend_then_call(0);
}

/* A pointer into the guard page below the stack, handed to the kernel:
 * the kernel's read faults, and the task ends for it. */
static void crash_guard_pointer(void)
{
    const char *guard = (const char *)(runtime_stack_limit - 16 - 2048);

    printf("guardptr: writing 8 bytes from %p, in the stack's guard page\n", (void *)guard);
    fflush(stdout);
    tabula->write(guard, 8);
    __asm__ volatile("" ::: "memory"); /* not a tail call: keep this frame */
}

/* The kernel's code and its syscall table are mapped read-only. */
static void crash_kernel_text(void)
{
    volatile uint32_t *code = (volatile uint32_t *)(uintptr_t)tabula->yield;

    printf("textwrite: storing into the kernel's code at %p\n", (void *)code);
    *code = 0;
}

static void crash_syscall_table(void)
{
    volatile uintptr_t *entry = (volatile uintptr_t *)(uintptr_t)&tabula->yield;

    printf("tablewrite: storing into the syscall table at %p\n", (void *)entry);
    *entry = 0;
}

/* Not a crash: the heap should simply run dry and malloc return NULL. */
static int out_of_memory(void)
{
    size_t got = 0;

    printf("oom: allocating 4 KiB chunks until malloc fails\n");
    while (malloc(4096) != NULL)
        got += 4096;
    printf("oom: got %zu bytes before malloc failed\n", got);
    return 0;
}

static int usage(void)
{
    fprintf(stderr,
            "usage: crashme MODE\n"
            "  null        store to address 0\n"
            "  illegal     execute an illegal instruction\n"
            "  misaligned  atomic access to a misaligned address\n"
            "  ebreak      execute a breakpoint instruction\n"
            "  overflow    recurse until the stack overflows\n"
            "  canary      overwrite the stack canary, then yield\n"
            "  kernelcall  fill the stack, then call the kernel\n"
            "  guardptr    pass the kernel a pointer into the stack's guard\n"
            "  textwrite   store into the kernel's code\n"
            "  tablewrite  store into the syscall table\n"
            "  oom         malloc until it fails, then exit 0\n");
    return 2;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        void (*crash)(void);
    } modes[] = {
        {"null", crash_null},
        {"illegal", crash_illegal},
        {"misaligned", crash_misaligned},
        {"ebreak", crash_ebreak},
        {"overflow", crash_overflow},
        {"canary", crash_canary},
        {"kernelcall", crash_kernelcall},
        {"guardptr", crash_guard_pointer},
        {"textwrite", crash_kernel_text},
        {"tablewrite", crash_syscall_table},
    };

    if (argc != 2)
        return usage();
    if (strcmp(argv[1], "oom") == 0)
        return out_of_memory();
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(argv[1], modes[i].name) == 0) {
            modes[i].crash();
            printf("%s: still alive, so nothing trapped\n", argv[1]);
            return 1;
        }
    }
    fprintf(stderr, "crashme: unknown mode '%s'\n", argv[1]);
    return usage();
}

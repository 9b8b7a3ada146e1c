/* panic.h: the end of the line for kernel bugs (never for a user's mistake). */
#ifndef PANIC_H
#define PANIC_H

struct trap_frame;

/* Prints the message, a backtrace and the last log records, then stops the
 * machine. Only for states the kernel cannot trust any more: corrupted heap
 * headers, a fault in kernel code. */
__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);

/* The same for an exception taken in kernel code: also prints the trapped
 * registers and walks the stack from the trapped frame. */
__attribute__((noreturn, format(printf, 2, 3))) void
panic_trap(const struct trap_frame *tf, const char *fmt, ...);

#endif

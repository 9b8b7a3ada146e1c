/* compiler.h: compiler attributes the kernel uses, named for why. */
#ifndef COMPILER_H
#define COMPILER_H

/*
 * A tiny function on a hot path (a syscall, a switch) that calls nothing
 * but a tail call and cannot fault: built without a frame record, which
 * would cost more than its body (the kernel keeps frame pointers
 * everywhere else, for backtraces; a frameless leaf only hides itself).
 */
#define HOT_LEAF __attribute__((optimize("omit-frame-pointer")))

#endif

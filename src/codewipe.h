/*
 * codewipe.h: overwriting an ended app's code before its memory is used
 * for anything else. Under QEMU a page that still holds translated code
 * sends every store to it through the slow self-modifying-code path, and
 * the translations live until their bytes are written (NOTES.md, "The
 * slot-reuse slowdown"). The overwrite is put off until the memory is
 * claimed again, so the part the next image is loaded over costs nothing.
 */
#ifndef CODEWIPE_H
#define CODEWIPE_H

#include <stddef.h>
#include <stdint.h>

/* [lo, hi) held code of an app that has ended; its slot is being freed. */
void codewipe_add(uintptr_t lo, uintptr_t hi);

/* [base, base + size) is being handed out again, and the caller writes
 * [base, base + written) itself: overwrites the rest of any code recorded
 * there, and forgets all of it. */
void codewipe_claim(uintptr_t base, size_t size, size_t written);

#endif

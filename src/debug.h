/*
 * debug.h: what the kernel offers debuggers. GDB cannot know where a task
 * landed (tasks are position-independent and go to whichever slot is free),
 * so the loader calls a hook once an image is in place and another before
 * its slot is given back. tools/gdb/tabula.py puts breakpoints on both and
 * loads or drops the app's symbols at the slot's address. Without a
 * debugger attached the hooks are two empty calls per task's life.
 */
#ifndef DEBUG_H
#define DEBUG_H

struct task;

/* The image of t is loaded and relocated, its stack laid out; it has not
 * run yet. Never inlined, so a breakpoint on it always hits. */
void debug_task_loaded(struct task *t);

/* t's slot is about to be freed: its code is about to disappear. */
void debug_task_unloaded(struct task *t);

/*
 * Stops the kernel on purpose, so its crash reports can be seen and tested:
 * how = TABULA_DEBUG_PANIC calls panic(), TABULA_DEBUG_FAULT makes kernel
 * code load from an unmapped address. Returns -TABULA_EINVAL for another
 * how; otherwise never returns.
 */
int debug_crash(int how, int by_task);

#endif

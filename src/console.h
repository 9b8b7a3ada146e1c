/*
 * console.h: the kernel console, a serial device a driver registers. Output
 * is polled (it works with interrupts off, in a panic); input arrives from
 * the driver's interrupt handler into a ring that the console's owner task
 * (the Monitor) reads.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>

struct task;

struct console_ops {
    void (*put)(void *dev, char c);
};

/* Until a driver attaches, output goes to early_put (the SBI on RISC-V). */
void console_set_early(void (*early_put)(char c));
void console_attach(const struct console_ops *ops, void *dev);
void console_write(const char *buf, size_t len);

/* Called by the driver's interrupt handler for each byte received. */
void console_input(char c);

/* Non-blocking: copies up to len pending input bytes; returns the count. */
size_t console_read(char *buf, size_t len);
int console_has_input(void);

/* The task woken when input arrives. */
void console_set_owner(struct task *t);
struct task *console_owner(void);

/* The task the attention key (TABULA_ATTENTION_KEY) ends; 0 for none, in
 * which case the key is ordinary input. */
void console_set_focus(int id);
int console_focus(void);

#endif

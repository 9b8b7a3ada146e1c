/*
 * keyev.h: key press and release events for the task with the console's
 * focus (a game wants releases, which the console's bytes cannot say).
 * Keyboards report here as well as to the console; a serial terminal's
 * bytes are turned into keys held for a short while.
 */
#ifndef KEYEV_H
#define KEYEV_H

#include "tabula.h"

/* A keyboard's key: Linux input code, value 1 press, 0 release, 2 repeat.
 * Interrupt context. */
void keyev_key(unsigned code, int value);
/* A byte from the serial console. Interrupt context. */
void keyev_serial(char c);
/* The key_read syscall for task id. */
int keyev_read(int id, struct tabula_key_event *out, int max);

#endif

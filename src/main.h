/* main.h: the hand-over from the arch layer's boot code. */
#ifndef MAIN_H
#define MAIN_H

#include "platform.h"

/* Called once on the boot hart, on the idle stack, with interrupts off. */
__attribute__((noreturn)) void kernel_main(const struct platform_info *p);

#endif

/* switch_frame.h: the layout arch_switch pushes, shared with cpu.c. */
#ifndef SWITCH_FRAME_H
#define SWITCH_FRAME_H

#define SW_X(n)    (((n) - 19) * 8) /* x19..x28 */
#define SW_FP      80               /* x29 */
#define SW_LR      88               /* x30 */
#define SW_D(n)    (96 + ((n) - 8) * 8) /* d8..d15 */
#define SW_TPIDR   160              /* TPIDR_EL0: the task's thread pointer */
#define SW_FPCR    168
#define SW_FPSR    176
#define SW_SIZE    192              /* 16-byte aligned */

#endif

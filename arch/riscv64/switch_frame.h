/* switch_frame.h: the layout arch_switch pushes, shared with cpu.c. */
#ifndef SWITCH_FRAME_H
#define SWITCH_FRAME_H

#define SW_RA      0
#define SW_TP      8
#define SW_S(n)    (16 + (n) * 8)   /* s0..s11 */
#define SW_FS(n)   (112 + (n) * 8)  /* fs0..fs11, only when SW_FP has SD set */
#define SW_FCSR    208
#define SW_FP      216              /* sstatus; SD (bit 63) set: the context uses FP */
#define SW_SIZE    224              /* 16-byte aligned */

#endif

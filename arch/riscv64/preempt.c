/*
 * preempt.c: taking the hart from a task that is not responding (see
 * sched.h and NOTES.md). The trap frame lives on the hart's trap stack,
 * which the next trap reuses, so the interrupted state is copied onto the
 * task's own stack, below its stack pointer (RISC-V has no red zone), with
 * every floating-point register: a preempted task, unlike one that yields,
 * may be using the caller-saved ones. A switch frame built under it
 * resumes in riscv_preempt_resume, which restores everything and returns
 * to the interrupted instruction with sret.
 */
#include "arch.h"
#include "csr.h"
#include "sched.h"
#include "task.h"
#include "trap_frame.h"

struct preempt_frame {
    struct trap_frame tf;
    uint64_t fregs[32];
    uint64_t fcsr;
    uint64_t pad;
};
_Static_assert(sizeof(struct preempt_frame) % 16 == 0, "alignment");

void riscv_fp_save(uint64_t *fregs);                                  /* preempt_entry.S */
__attribute__((noreturn)) void riscv_preempt_return(struct preempt_frame *pf); /* preempt_entry.S */

__attribute__((noreturn)) static void riscv_preempt_resume(void *arg)
{
    sched_resumed();
    riscv_preempt_return(arg);
}

/*
 * Preempts t, interrupted at tf in its own code. Returns, leaving t to run
 * on, when its pc or stack pointer is not where a task's should be, or the
 * frame would not fit above its stack limit (the switch frame and the
 * resume path's calls go below, into the guard kept for kernel frames).
 */
void arch_preempt(struct task *t, const struct trap_frame *tf)
{
    uintptr_t sp = tf->regs[REG_SP];
    uintptr_t base = (sp - sizeof(struct preempt_frame)) & ~(uintptr_t)15;
    if (!task_owns(t, (void *)tf->sepc, 2) || sp > t->stack_top || sp < base ||
        base < t->stack_limit)
        return;
    struct preempt_frame *pf = (struct preempt_frame *)base;
    pf->tf = *tf;
    if (tf->sstatus & SSTATUS_FS_MASK) /* an FPU user (switch.S: lazy FP) */
        riscv_fp_save(pf->fregs);
    uintptr_t ctx = arch_context_init(base, riscv_preempt_resume, pf, tf->regs[REG_TP]);
    sched_preempt(t, ctx);
}

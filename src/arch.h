/*
 * arch.h: everything the portable kernel asks of arch/<isa>/. Each
 * architecture implements these functions; portable code never includes a
 * header from arch/.
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct trap_frame;

/* Interrupts on this hart. save/restore nest; restore puts back what save
 * found. */
uintptr_t arch_irq_save(void);
void arch_irq_restore(uintptr_t saved);
void arch_irq_enable(void);

/* Sleeps the hart until an interrupt is pending (interrupts may be off:
 * the caller re-enables them to take it). */
void arch_wait_for_interrupt(void);

unsigned arch_hart_id(void);

/* The free-running counter behind the monotonic clock, and its frequency. */
uint64_t arch_counter(void);
uint64_t arch_counter_hz(void);

/* Raises the timer interrupt when arch_counter() reaches deadline
 * (UINT64_MAX: never). */
void arch_timer_set(uint64_t deadline);

/*
 * Cooperative context switch: pushes the callee-saved state on the current
 * stack, stores the stack pointer in *save_sp, and resumes the context whose
 * stack pointer is next_sp. Returns when something switches back. h is the
 * caller's hart, which the context resumed may find in a register (each
 * arch's yield.S does, in its third argument register: both sides of a
 * switch run on the same hart).
 */
struct hart;
void arch_switch(uintptr_t *save_sp, uintptr_t next_sp, struct hart *h);

/*
 * Builds a context on a fresh stack so that the first arch_switch to the
 * returned stack pointer calls entry(arg) with interrupts on and the thread
 * pointer set to tls. Returns the stack pointer to switch to.
 */
uintptr_t arch_context_init(uintptr_t stack_top, void (*entry)(void *arg),
                            void *arg, uintptr_t tls);

/* Makes freshly written instructions visible to instruction fetch. */
void arch_sync_icache(void *start, size_t len);

/* For memory shared with a device that does not snoop the CPU's caches
 * (the Pi's VideoCore): clean writes [start, start+len) back to RAM so the
 * device sees them; invalidate drops cached copies so the CPU sees what
 * the device wrote. No-ops where DMA is coherent. */
void arch_cache_clean(const void *start, size_t len);
void arch_cache_invalidate(void *start, size_t len);

/* The ELF machine and relocation codes a task image must use. */
struct elf_target;
extern const struct elf_target arch_elf_target;

/* Power. Return only if the firmware refused. */
void arch_power_off(void);
void arch_reboot(void);

/*
 * Takes the hart from task t, interrupted at tf in its own code because it
 * is not responding (sched_preempt_wanted): saves the interrupted state
 * where it survives the next trap and switches away (sched_preempt).
 * Returns, leaving t to run on, when that is not possible.
 */
struct task;
void arch_preempt(struct task *t, const struct trap_frame *tf);

/* Handles an exception in task code that is not the task's fault (on
 * RISC-V: the first FP instruction of a task, with the FPU still off).
 * Returns true when handled: the task resumes where it was. */
bool arch_exception_fixup(struct trap_frame *tf, uint64_t cause);

/* Writes the exception's name ("load access fault") for a cause code. */
const char *arch_cause_name(uint64_t cause);

/* True for a load, store or instruction fetch that memory refused (the
 * cause's tval is then the address). */
bool arch_cause_is_memory(uint64_t cause);

/* Prints the registers of a trap frame through kprintf. */
void arch_dump_frame(const struct trap_frame *tf);

/* Backtraces through frame pointers (all code is built with them). */
uintptr_t arch_frame_pointer(void);
/* Steps from frame *fp to its caller: the caller's frame and return
 * address. Returns false at the end of the chain or on a bad pointer. */
bool arch_frame_next(uintptr_t *fp, uintptr_t *pc);
/* The pc and frame pointer a trap interrupted. */
void arch_frame_origin(const struct trap_frame *tf, uintptr_t *pc, uintptr_t *fp);
/* arch_frame_next for untrusted frames (a crashed task's): reads nothing
 * outside [lo, hi) and fails unless the chain climbs towards hi. */
bool arch_frame_step(uintptr_t *fp, uintptr_t *pc, uintptr_t lo, uintptr_t hi);
/* The link (return address) register a trap interrupted: the caller of a
 * function that had not yet built a frame of its own. */
uintptr_t arch_frame_link(const struct trap_frame *tf);
/* True when fp is the frame of a leaf function, one that saved its
 * caller's frame pointer but not the return address (which is then still
 * in the link register); *caller_fp is the caller's frame. Reads nothing
 * outside [lo, hi). */
bool arch_frame_leaf(uintptr_t fp, uintptr_t lo, uintptr_t hi, uintptr_t *caller_fp);

/*
 * The identity map's refusals (arch/<isa>/mmu.c). Every address maps to
 * itself; these take single 4 KiB pages out of the map and put them back.
 * arch_page_guard unmaps page (page aligned) so that any access faults: a
 * stack guard. It returns false when no page table is left to split a
 * large page with. arch_page_unguard maps it back as ordinary RAM.
 * arch_page_mapped is true when addr can be read.
 *
 * A new guard takes effect on the calling hart at once; another hart may
 * still hold the old translation until it calls arch_page_guards_sync
 * (see SMP in NOTES.md: a task's guard matters only on its own hart, which
 * syncs before the task's first instruction).
 */
bool arch_page_guard(uintptr_t page);
void arch_page_unguard(uintptr_t page);
bool arch_page_mapped(uintptr_t addr);
void arch_page_guards_sync(void);

/* Turns the MMU on with the one table the boot hart built. Each hart calls
 * it once, before it takes a lock or runs a task. */
void arch_mmu_enable_this_hart(void);

#endif

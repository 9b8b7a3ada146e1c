build-alt/kernel/arch/riscv64/preempt_entry.o: \
 arch/riscv64/preempt_entry.S arch/riscv64/trap_frame.h

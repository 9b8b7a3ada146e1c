build-alt/kernel/arch/riscv64/trap_entry.o: arch/riscv64/trap_entry.S \
 arch/riscv64/trap_frame.h

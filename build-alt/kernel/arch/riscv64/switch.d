build-alt/kernel/arch/riscv64/switch.o: arch/riscv64/switch.S \
 arch/riscv64/switch_frame.h

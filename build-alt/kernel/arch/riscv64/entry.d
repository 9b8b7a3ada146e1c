build-alt/kernel/arch/riscv64/entry.o: arch/riscv64/entry.S

build-alt/kernel/arch/riscv64/plic.o: arch/riscv64/plic.c \
 arch/riscv64/plic.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 src/hart.h src/irq.h src/include/tabula.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h src/task.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h src/elfsym.h \
 arch/riscv64/arch_inline.h src/hart.h src/ring.h src/trace.h

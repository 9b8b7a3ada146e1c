build-alt/kernel/arch/riscv64/preempt.o: arch/riscv64/preempt.c \
 src/arch.h /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 arch/riscv64/csr.h src/sched.h src/spinlock.h src/arch.h \
 arch/riscv64/arch_inline.h src/task.h src/elfsym.h src/hart.h src/ring.h \
 src/include/tabula.h arch/riscv64/trap_frame.h

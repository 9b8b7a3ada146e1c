build-alt/kernel/src/trap.o: src/trap.c src/trap.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h src/arch.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h src/guard.h \
 src/hart.h src/panic.h src/sched.h src/spinlock.h \
 arch/riscv64/arch_inline.h src/task.h src/elfsym.h src/ring.h \
 src/include/tabula.h

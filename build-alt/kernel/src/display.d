build-alt/kernel/src/display.o: src/display.c src/display.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 src/include/tabula.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h src/clock.h \
 src/console.h src/sched.h src/spinlock.h src/arch.h \
 arch/riscv64/arch_inline.h src/task.h src/elfsym.h src/hart.h src/ring.h

build-alt/kernel/src/watchdog.o: src/watchdog.c src/watchdog.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 src/task.h /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h \
 src/elfsym.h arch/riscv64/arch_inline.h src/hart.h src/ring.h \
 src/include/tabula.h src/arch.h src/clock.h src/klog.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdarg.h

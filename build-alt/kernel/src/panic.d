build-alt/kernel/src/panic.o: src/panic.c src/panic.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdarg.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h src/arch.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 src/crash.h src/klog.h src/include/tabula.h src/kprintf.h

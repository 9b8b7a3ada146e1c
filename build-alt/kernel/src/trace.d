build-alt/kernel/src/trace.o: src/trace.c src/trace.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 arch/riscv64/arch_inline.h src/hart.h src/include/tabula.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/string.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/_ansi.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/newlib.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/config.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/ieeefp.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/float.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/cdefs.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_locale.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/strings.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/string.h \
 src/arch.h src/clock.h src/platform.h src/spinlock.h src/task.h \
 src/elfsym.h src/ring.h

build-alt/apps/obj/monitor/vt.o: monitor/vt.c monitor/vt.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 monitor/surface.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h monitor/cell.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdio.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/inttypes.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/newlib.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/config.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/ieeefp.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/float.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/_ansi.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_locale.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdarg.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/string.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/cdefs.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/strings.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/string.h

build-alt/apps/obj/monitor/ui.o: monitor/ui.c monitor/ui.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 monitor/screen.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h monitor/cell.h \
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
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdlib.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/cdefs.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/stdlib.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/alloca.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/string.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/strings.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/string.h \
 monitor/fmt.h src/include/tabula.h monitor/raster.h monitor/tabs.h \
 monitor/lined.h monitor/surface.h monitor/vt.h monitor/theme.h

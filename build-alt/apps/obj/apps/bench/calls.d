build-alt/apps/obj/apps/bench/calls.o: apps/bench/calls.c \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/stdint.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/machine/_default_types.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/features.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/picolibc.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_intsup.h \
 /usr/lib/picolibc/riscv64-unknown-elf/include/release/sys/_stdint.h \
 apps/runtime/tabula_app.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stddef.h \
 src/include/tabula.h apps/bench/bench.h \
 /usr/lib/gcc/riscv64-unknown-elf/12.2.0/include/stdbool.h

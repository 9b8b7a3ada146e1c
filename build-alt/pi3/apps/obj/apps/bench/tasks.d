build-alt/pi3/apps/obj/apps/bench/tasks.o: apps/bench/tasks.c \
 /usr/aarch64-linux-gnu/include/stdc-predef.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdio.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/inttypes.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/newlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/config.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/ieeefp.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/float.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/_ansi.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_locale.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdarg.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/cdefs.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/stdlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/alloca.h \
 apps/runtime/tabula_app.h src/include/tabula.h apps/bench/bench.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h

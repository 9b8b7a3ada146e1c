build-alt/pi3/apps/obj/apps/bench/calls.o: apps/bench/calls.c \
 /usr/aarch64-linux-gnu/include/stdc-predef.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 apps/runtime/tabula_app.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 src/include/tabula.h apps/bench/bench.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h

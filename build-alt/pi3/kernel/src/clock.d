build-alt/pi3/kernel/src/clock.o: src/clock.c src/clock.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 src/arch.h /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h

build-alt/pi3/kernel/src/slots.o: src/slots.c src/slots.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 src/spinlock.h src/arch.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 arch/aarch64/arch_inline.h src/include/tabula.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/string.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/_ansi.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/newlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/config.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/ieeefp.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/float.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/cdefs.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_locale.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/strings.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/string.h \
 src/panic.h

build-alt/pi3/kernel/arch/aarch64/trap.o: arch/aarch64/trap.c src/arch.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 arch/aarch64/bcm2836_local.h src/hart.h src/panic.h \
 arch/aarch64/sysreg.h src/trap.h arch/aarch64/trap_frame.h

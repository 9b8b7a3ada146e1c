build-alt/pi3/kernel/arch/aarch64/mmu.o: arch/aarch64/mmu.c \
 arch/aarch64/mmu.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h src/arch.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h \
 arch/aarch64/sysreg.h

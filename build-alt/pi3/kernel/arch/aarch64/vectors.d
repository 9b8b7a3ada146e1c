build-alt/pi3/kernel/arch/aarch64/vectors.o: arch/aarch64/vectors.S \
 arch/aarch64/trap_frame.h

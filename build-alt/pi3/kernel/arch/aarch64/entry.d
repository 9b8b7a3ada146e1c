build-alt/pi3/kernel/arch/aarch64/entry.o: arch/aarch64/entry.S \
 arch/aarch64/trap_frame.h

build-alt/pi3/kernel/arch/aarch64/switch.o: arch/aarch64/switch.S \
 arch/aarch64/switch_frame.h arch/aarch64/trap_frame.h

build-alt/pi3/apps/obj/apps/runtime/arch_aarch64.o: \
 apps/runtime/arch_aarch64.S /usr/aarch64-linux-gnu/include/stdc-predef.h

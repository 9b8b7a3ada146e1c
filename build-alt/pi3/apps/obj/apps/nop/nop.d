build-alt/pi3/apps/obj/apps/nop/nop.o: apps/nop/nop.c \
 /usr/aarch64-linux-gnu/include/stdc-predef.h

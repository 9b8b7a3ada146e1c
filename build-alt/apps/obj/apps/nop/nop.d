build-alt/apps/obj/apps/nop/nop.o: apps/nop/nop.c

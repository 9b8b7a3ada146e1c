build-alt/apps/obj/apps/runtime/arch_riscv64.o: \
 apps/runtime/arch_riscv64.S

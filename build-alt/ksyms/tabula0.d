build-alt/ksyms/tabula0.o: build-alt/ksyms/tabula0.S

build-alt/ksyms/tabula.o: build-alt/ksyms/tabula.S

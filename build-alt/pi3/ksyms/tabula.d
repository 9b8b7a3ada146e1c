build-alt/pi3/ksyms/tabula.o: build-alt/pi3/ksyms/tabula.S

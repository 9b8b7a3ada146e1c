build-alt/pi3/ksyms/tabula0.o: build-alt/pi3/ksyms/tabula0.S

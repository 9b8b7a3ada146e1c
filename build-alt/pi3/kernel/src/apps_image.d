build-alt/pi3/kernel/src/apps_image.o: src/apps_image.S

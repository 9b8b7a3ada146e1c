build-alt/kernel/src/apps_image.o: src/apps_image.S

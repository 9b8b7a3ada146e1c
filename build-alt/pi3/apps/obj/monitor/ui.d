build-alt/pi3/apps/obj/monitor/ui.o: monitor/ui.c \
 /usr/aarch64-linux-gnu/include/stdc-predef.h monitor/ui.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdbool.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdint.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_default_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/features.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/picolibc.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_intsup.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_stdint.h \
 monitor/screen.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stddef.h monitor/cell.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdio.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/inttypes.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/newlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/config.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/ieeefp.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/float.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/_ansi.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_locale.h \
 /usr/lib/gcc-cross/aarch64-linux-gnu/12/include/stdarg.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/_types.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/stdlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/cdefs.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/machine/stdlib.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/alloca.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/string.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/strings.h \
 /usr/lib/picolibc/aarch64-linux-gnu/include/release/sys/string.h \
 monitor/fmt.h src/include/tabula.h monitor/raster.h monitor/tabs.h \
 monitor/lined.h monitor/surface.h monitor/vt.h monitor/theme.h

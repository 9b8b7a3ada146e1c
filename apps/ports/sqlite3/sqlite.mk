# sqlite.mk: what the programs built from Debian's sqlite3 share (the
# sqlite3 shell here, apps/ports/speedtest1): the amalgamation, which
# SQLite's own build generates from the source tree (configure for the
# host, then `make sqlite3.c shell.c`, which runs tclsh), its flags, and
# the OS layer written here (tabula_vfs.c). Read by each one's app.mk.
ifndef SQLITE_GEN
SQLITE_GEN := $(PORTS_DIR)/sqlite3/gen
SQLITE_SRCS := $(SQLITE_GEN)/sqlite3.c apps/ports/sqlite3/tabula_vfs.c
# SQLITE_OS_OTHER: no unix VFS (it wants mmap, dlopen, ...);
# tabula_vfs.c is the OS layer. A task has one thread; temporary tables
# stay in memory; no WAL (it needs shared memory between processes); no
# .system or pipes in the shell; double quotes are identifiers only.
# (FILENAME_MAX: ISO C's stdio.h has it, Picolibc's does not; the shell
# sizes a buffer with it.)
SQLITE_CFLAGS := -I$(SQLITE_GEN) -DSQLITE_OS_OTHER=1 -DSQLITE_THREADSAFE=0 \
	-DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_WAL -DSQLITE_TEMP_STORE=3 \
	-DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_MAX_MMAP_SIZE=0 \
	-DSQLITE_NOHAVE_SYSTEM -DSQLITE_OMIT_POPEN=1 -DHAVE_READLINE=0 \
	-DSQLITE_DQS=0 -DFILENAME_MAX=256

# The amalgamation, in a directory beside the unpacked tree; the host
# build's output goes to a log.
$(SQLITE_GEN)/sqlite3.c: $(PORTS_DIR)/sqlite3/unpacked
	@mkdir -p $(dir $@)
	@echo "  PORT   sqlite3: generate the amalgamation (tclsh)"
	$(Q)cd $(dir $@) && { ../src/configure --disable-tcl --disable-readline && \
		env -u MAKEFLAGS -u MFLAGS make -j2 sqlite3.c shell.c; } > gen.log 2>&1 || \
		{ tail -n 20 gen.log >&2; echo "  PORT   sqlite3: generating the amalgamation failed (log: $(dir $@)gen.log)" >&2; exit 1; }
$(SQLITE_GEN)/shell.c $(SQLITE_GEN)/sqlite3.h: $(SQLITE_GEN)/sqlite3.c
$(APP_OBJ)/apps/ports/sqlite3/tabula_vfs.o: $(SQLITE_GEN)/sqlite3.h
endif

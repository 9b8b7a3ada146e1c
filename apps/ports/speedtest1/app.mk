# speedtest1: SQLite's benchmark program from its source tree, on the same
# library build as the sqlite3 shell (apps/ports/sqlite3/sqlite.mk).
include apps/ports/sqlite3/sqlite.mk
THIS_SRCS := $(PORT_SRC)/test/speedtest1.c $(SQLITE_SRCS)
THIS_CFLAGS := $(SQLITE_CFLAGS)
THIS_WERROR := no
THIS_MEM := 16M
THIS_STACK := 256K
$(APP_OBJ)/$(PORT_SRC)/test/speedtest1.o: $(SQLITE_GEN)/sqlite3.h

# SQLite 3 from Debian's sqlite3 (recipe): the sqlite3 shell over the
# amalgamation (sqlite.mk).
include apps/ports/sqlite3/sqlite.mk
THIS_SRCS := $(SQLITE_GEN)/shell.c $(SQLITE_SRCS)
THIS_CFLAGS := $(SQLITE_CFLAGS)
THIS_WERROR := no
THIS_MEM := 8M
THIS_STACK := 256K

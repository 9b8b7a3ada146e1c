# SQLite 3 from Debian's sqlite3 (recipe): the sqlite3 shell over the
# amalgamation (sqlite.mk).
include apps/ports/sqlite3/sqlite.mk
# shell_main.c sets HOME first; shell.c's main becomes what it calls (the
# library's objects, shared with speedtest1, define no main).
THIS_SRCS := $(SQLITE_GEN)/shell.c $(SQLITE_SRCS) apps/ports/sqlite3/shell_main.c
THIS_CFLAGS := $(SQLITE_CFLAGS) -Dmain=sqlite3_shell_main
THIS_WERROR := no
THIS_MEM := 8M
THIS_STACK := 256K

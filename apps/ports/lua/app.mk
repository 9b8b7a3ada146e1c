# Lua 5.4 from Debian's lua5.4 (recipe): the interpreter lua.c with the core
# and the standard libraries linked in, as Debian's liblua5.4 holds them;
# luac is not built. PORT_SRC is the unpacked source tree (ports.mk).
LUA_CORE := lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject \
	lopcodes lparser lstate lstring ltable ltm lundump lvm lzio
LUA_LIBS := lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib loslib \
	lstrlib ltablib lutf8lib linit
THIS_SRCS := $(patsubst %,$(PORT_SRC)/src/%.c,lua $(LUA_CORE) $(LUA_LIBS)) \
	apps/ports/lua/ltabula.c
# The tabula module (ltabula.c) is preloaded by a wrapper of luaL_openlibs.
THIS_LDFLAGS := --wrap=luaL_openlibs
# tabula_luaconf.h is read before luaconf.h (the build-time choices
# Debian's makefile would pass); the directory also holds the multiarch
# header Debian's luaconf.h patch includes.
THIS_CFLAGS := -Iapps/ports/lua -I$(PORT_SRC)/src -include apps/ports/lua/tabula_luaconf.h -std=gnu99
THIS_WERROR := no
# Lua's own heap grows with the script: a 4 MiB slot leaves about 3 MiB for
# it after the image (about 300 KiB) and the stack.
THIS_MEM := 4M
THIS_STACK := 256K

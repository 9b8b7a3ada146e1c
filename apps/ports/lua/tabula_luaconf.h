/* tabula_luaconf.h: the choices Lua's makefile leaves to the platform,
 * read before luaconf.h (app.mk passes -include).
 *
 * No LUA_USE_POSIX or LUA_USE_LINUX: those want dlopen, popen, mkstemp and
 * readline, which tabula does not have. The ISO C choices remain, which the
 * runtime and Picolibc serve: stdio and files, time and clock, getenv,
 * remove and rename. Line editing and history come from the console's
 * cooked mode, not from readline. */
#ifndef TABULA_LUACONF_H
#define TABULA_LUACONF_H

/* Modules are Lua files: /lib/lua/5.4 on the disk, then the current
 * directory (the app's /data/lua). */
#define LUA_PATH_DEFAULT "/lib/lua/5.4/?.lua;/lib/lua/5.4/?/init.lua;./?.lua;./?/init.lua"
#define LUA_CPATH_DEFAULT ""

#endif

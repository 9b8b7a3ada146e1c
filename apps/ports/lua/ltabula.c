/*
 * ltabula.c: the `tabula` module for Lua scripts, a few of the kernel's
 * calls:
 *
 *   tabula.sleep(seconds)  sleeps (fractions allowed); other tasks run
 *   tabula.yield()         lets the other tasks run once
 *   tabula.uptime()        seconds since boot (monotonic, nanosecond grain)
 *   tabula.id()            this task's id
 *
 * lua.c opens the standard libraries through luaL_openlibs and has no hook
 * for more, so the link wraps that function (app.mk: --wrap): the wrapper
 * opens them, then puts this module in package.preload, where
 * require("tabula") finds it.
 */
#include <math.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"
#include "tabula_app.h"

static int l_sleep(lua_State *L)
{
    lua_Number s = luaL_checknumber(L, 1);
    luaL_argcheck(L, s >= 0 && s < 1e9, 1, "seconds out of range");
    tabula->sleep_ns((uint64_t)llround(s * 1e9));
    return 0;
}

static int l_yield(lua_State *L)
{
    (void)L;
    tabula->yield();
    return 0;
}

static int l_uptime(lua_State *L)
{
    lua_pushnumber(L, (lua_Number)tabula->time_ns() / 1e9);
    return 1;
}

static int l_id(lua_State *L)
{
    lua_pushinteger(L, tabula->self());
    return 1;
}

static const luaL_Reg funcs[] = {
    {"sleep", l_sleep}, {"yield", l_yield}, {"uptime", l_uptime},
    {"id", l_id}, {NULL, NULL},
};

static int open_tabula(lua_State *L)
{
    luaL_newlib(L, funcs);
    return 1;
}

void __real_luaL_openlibs(lua_State *L);

void __wrap_luaL_openlibs(lua_State *L)
{
    __real_luaL_openlibs(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, open_tabula);
    lua_setfield(L, -2, "tabula");
    lua_pop(L, 1);
}

/* SDL_stdinc.h: what m_argv.c and m_misc.c take from SDL's C library
 * wrappers, mapped to the C library's. SDL_iconv_string is used only on
 * Windows (m_misc.c). */
#ifndef TABULA_SDL_STDINC_H
#define TABULA_SDL_STDINC_H
#include <stdlib.h>
#include <string.h>
#define SDL_qsort qsort
#define SDL_free free
#endif

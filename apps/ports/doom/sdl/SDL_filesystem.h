/* SDL_filesystem.h: m_config.c asks SDL for a per-user directory; on
 * tabula that is the app's data directory, /data/doom (tabula_doom.c). */
#ifndef TABULA_SDL_FILESYSTEM_H
#define TABULA_SDL_FILESYSTEM_H
#include "SDL_stdinc.h"
char *SDL_GetPrefPath(const char *org, const char *app);
#endif

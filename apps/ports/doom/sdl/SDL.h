/* SDL.h: the SDL names the engine's shared sources use, on tabula (no
 * SDL). i_input.h only passes SDL_Event pointers, to functions the tabula
 * layer does not define. */
#ifndef TABULA_SDL_H
#define TABULA_SDL_H
#include "SDL_stdinc.h"
#include "SDL_endian.h"
typedef union SDL_Event SDL_Event;
#endif

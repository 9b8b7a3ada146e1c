/* SDL_endian.h: both boards are little-endian, as WAD files are. */
#ifndef TABULA_SDL_ENDIAN_H
#define TABULA_SDL_ENDIAN_H
#define SDL_LIL_ENDIAN 1234
#define SDL_BIG_ENDIAN 4321
#define SDL_BYTEORDER SDL_LIL_ENDIAN
#define SDL_SwapLE16(x) (x)
#define SDL_SwapLE32(x) (x)
#endif

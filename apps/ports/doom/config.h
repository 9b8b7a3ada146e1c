/* config.h: what Chocolate Doom's configure script would have found, for
 * tabula: Picolibc has strcasecmp and strncasecmp; the runtime has
 * dirent.h (for i_glob.c); no mmap, libpng or libsamplerate. */
#define PACKAGE_NAME "Chocolate Doom"
#define PACKAGE_TARNAME "chocolate-doom"
#define PACKAGE_VERSION "3.0.0"
#define PACKAGE_STRING "Chocolate Doom 3.0.0"
#define PROGRAM_PREFIX "chocolate-"
#define HAVE_DECL_STRCASECMP 1
#define HAVE_DECL_STRNCASECMP 1
#define HAVE_DIRENT_H 1

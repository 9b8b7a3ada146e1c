/* lua5.4-deb-multiarch.h: Debian's luaconf.h patch includes this for the
 * multiarch triplet in its C module path. tabula loads no C modules, so the
 * name only has to be a valid string. */
#define DEB_HOST_MULTIARCH "tabula"

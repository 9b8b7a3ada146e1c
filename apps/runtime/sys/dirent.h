/*
 * sys/dirent.h: what Picolibc's <dirent.h> leaves to the system (its own
 * copy is an #error): the directory stream type and the entry. Found
 * before Picolibc's because apps compile with -Iapps/runtime. The stream
 * is the runtime's (fd_path.c); until the kernel has files, opendir fails
 * with ENOSYS.
 */
#ifndef RUNTIME_SYS_DIRENT_H
#define RUNTIME_SYS_DIRENT_H

#include <sys/types.h>

typedef struct runtime_dir DIR;

struct dirent {
    ino_t d_ino;
    unsigned char d_type;
    char d_name[256];
};

#endif

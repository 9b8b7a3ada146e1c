/*
 * dirent.h: directories for apps (Picolibc has none): opendir, readdir,
 * closedir over the kernel's dir_read (apps/runtime/fd_path.c).
 */
#ifndef RUNTIME_DIRENT_H
#define RUNTIME_DIRENT_H

#include <sys/types.h>

#define DT_UNKNOWN 0
#define DT_DIR 4
#define DT_REG 8

struct dirent {
    ino_t d_ino;          /* 0: FAT has no inode numbers */
    unsigned char d_type; /* DT_DIR or DT_REG */
    char d_name[256];
};

typedef struct runtime_dir DIR;

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

#endif

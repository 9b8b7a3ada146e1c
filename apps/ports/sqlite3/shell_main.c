/*
 * shell_main.c: the sqlite3 shell's entry point on tabula. The shell
 * reads ~/.sqliterc from $HOME when there is no password database (there
 * is none here), so without HOME it warns at every start and reads
 * nothing. An app's home is its own data directory, the working
 * directory it starts in (/data/sqlite3): HOME is set to that unless the
 * user gave one (`run HOME=/data/x sqlite3`). shell.c's main is renamed
 * by app.mk to sqlite3_shell_main.
 */
#include <stdlib.h>
#include <unistd.h>

#include <tabula_app.h>

#undef main
int sqlite3_shell_main(int argc, char **argv);

int main(int argc, char **argv)
{
    char dir[TABULA_PATH_MAX];
    if (!getenv("HOME") && getcwd(dir, sizeof dir))
        setenv("HOME", dir, 0);
    return sqlite3_shell_main(argc, argv);
}

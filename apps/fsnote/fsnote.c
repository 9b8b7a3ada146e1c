/*
 * fsnote: an app that asks for files in its ELF note (TABULA_APP_FS), as an
 * interpreter asks for its scripts. The Monitor decides (NOTES.md, "The
 * sandbox"): the read-only ask is granted, the read-write one only when the
 * user's --fs grants it, the one over /data never. It then shows what it
 * got: the first line of /scripts/hello.txt, and whether it may write
 * /tmp/out.txt. For tests/qemu/test_files.py.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <tabula_app.h>

TABULA_APP_FS("/scripts:ro /tmp:rw /data:ro");

int main(void)
{
    char line[80];
    FILE *f = fopen("/scripts/hello.txt", "r");

    if (f && fgets(line, sizeof line, f))
        printf("read /scripts/hello.txt: %s", line);
    else
        printf("read /scripts/hello.txt: %s\n", strerror(errno));
    if (f)
        fclose(f);
    f = fopen("/tmp/out.txt", "w");
    if (f && fputs("written by fsnote\n", f) >= 0 && fclose(f) == 0)
        printf("write /tmp/out.txt: allowed\n");
    else
        printf("write /tmp/out.txt: %s\n", strerror(errno));
    f = fopen("/data/other/secret.txt", "r");
    printf("read /data/other/secret.txt: %s\n", f ? "allowed" : strerror(errno));
    if (f)
        fclose(f);
    return 0;
}

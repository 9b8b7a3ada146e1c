/*
 * cat.c: copies what you type back, line by line, until end of file
 * (Ctrl-D at the start of a line), then says how much it read. A small
 * example of reading stdin in a tabula app.
 */
#include <stdio.h>

int main(void)
{
    char line[256];
    unsigned long bytes = 0, lines = 0;

    while (fgets(line, sizeof line, stdin)) {
        fputs(line, stdout);
        fflush(stdout);
        for (char *p = line; *p; p++)
            bytes++;
        lines++;
    }
    printf("cat: %lu lines, %lu bytes\n", lines, bytes);
    return 0;
}

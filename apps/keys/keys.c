/*
 * keys.c: prints the key events the app with the focus gets (key_read),
 * one line each, to see what a keyboard or a terminal sends a game.
 *
 *   run keys    "key CODE down|up|repeat [shift] [ctrl] [alt]" per event;
 *               q pressed ends it (after its line), as does 60 s idle
 *
 * The console is in raw mode so the terminal's bytes (which the Monitor
 * passes on as well) are not echoed; they are read and dropped.
 */
#include <stdio.h>
#include <unistd.h>

#include <tabula_app.h>

#define KEY_Q 16
#define IDLE_NS 60000000000ull

int main(void)
{
    tabula->console_mode(TABULA_CONSOLE_RAW | TABULA_CONSOLE_NONBLOCK);
    printf("keys: ready\n");
    fflush(stdout);
    uint64_t last = tabula->time_ns();
    for (;;) {
        char drop[64];
        while (read(0, drop, sizeof drop) > 0)
            ;
        struct tabula_key_event ev[16];
        int n = tabula->key_read(ev, 16);
        for (int i = 0; i < n; i++) {
            static const char *const values[] = {"up", "down", "repeat"};
            printf("key %u %s%s%s%s\n", ev[i].code, ev[i].value <= 2 ? values[ev[i].value] : "?",
                   ev[i].mods & TABULA_KEY_SHIFT ? " shift" : "",
                   ev[i].mods & TABULA_KEY_CTRL ? " ctrl" : "",
                   ev[i].mods & TABULA_KEY_ALT ? " alt" : "");
            if (ev[i].code == KEY_Q && ev[i].value == 1) {
                fflush(stdout);
                return 0;
            }
        }
        if (n) {
            fflush(stdout);
            last = tabula->time_ns();
        } else if (tabula->time_ns() - last > IDLE_NS) {
            printf("keys: idle, ending\n");
            return 1;
        }
        tabula->sleep_ns(10000000);
    }
}

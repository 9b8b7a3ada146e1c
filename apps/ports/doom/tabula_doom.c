/*
 * tabula_doom.c: Chocolate Doom's platform layer on tabula, in place of
 * its SDL one (i_main, i_video, i_input, i_timer, i_system, i_sound).
 *
 *   video   the engine draws 320x200 palette indices into I_VideoBuffer;
 *           I_FinishUpdate turns them into 0x00RRGGBB on a canvas
 *           (canvas_open/canvas_present), which the Monitor shows
 *   input   key_read's press and release events (Linux key codes) become
 *           the engine's keys; the console's bytes, which the Monitor
 *           passes on too, are read and dropped
 *   timer   the kernel's millisecond clock; I_Sleep sleeps
 *   files   the IWAD, config and savegames in /data/doom, the app's own
 *           directory on the disk
 *   sound   none: the calls the game makes succeed and play nothing
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tabula_app.h>

#include "config.h"
#include "d_event.h"
#include "d_mode.h"
#include "doomkeys.h"
#include "doomtype.h"
#include "i_endoom.h"
#include "i_input.h"
#include "i_joystick.h"
#include "i_sound.h"
#include "i_system.h"
#include "i_timer.h"
#include "i_video.h"
#include "m_argv.h"
#include "m_config.h"
#include "m_misc.h"
#include "net_dedicated.h"
#include "net_defs.h"
#include "net_gui.h"
#include "net_sdl.h"
#include "tables.h"
#include "v_video.h"
#include "w_wad.h"
#include "z_zone.h"

#define DATA_DIR "/data/doom/"
#define IWAD DATA_DIR "freedoom1.wad"
#define ZONE_SIZE (8 * 1024 * 1024)

void D_DoomMain(void);

/* ---- i_main ---- */

int main(int argc, char **argv)
{
    /* Without -iwad the engine would search Unix's game directories; the
     * IWAD make disk installs is the one to use. */
    int has_iwad = 0;
    for (int i = 1; i < argc; i++)
        has_iwad |= !strcmp(argv[i], "-iwad");
    myargc = argc + (has_iwad ? 0 : 2);
    myargv = malloc((size_t)(myargc + 1) * sizeof *myargv);
    if (!myargv) {
        fprintf(stderr, "doom: out of memory for the arguments\n");
        return 1;
    }
    for (int i = 0; i < argc; i++)
        myargv[i] = M_StringDuplicate(argv[i]);
    if (!has_iwad) {
        myargv[argc] = M_StringDuplicate("-iwad");
        myargv[argc + 1] = M_StringDuplicate(IWAD);
    }
    myargv[myargc] = NULL;
    if (M_ParmExists("-version") || M_ParmExists("--version")) {
        puts(PACKAGE_STRING);
        return 0;
    }
    M_FindResponseFile();
    M_SetExeDir();
    tabula->console_mode(TABULA_CONSOLE_RAW | TABULA_CONSOLE_NONBLOCK);
    D_DoomMain();
    return 0;
}

/* m_config.c's per-user directory: the app's own. */
char *SDL_GetPrefPath(const char *org, const char *app)
{
    (void)org;
    (void)app;
    return M_StringDuplicate(DATA_DIR);
}

/* ---- i_system ---- */

struct atexit_entry {
    atexit_func_t func;
    boolean run_on_error;
    struct atexit_entry *next;
};
static struct atexit_entry *exit_funcs;

void I_AtExit(atexit_func_t func, boolean run_on_error)
{
    struct atexit_entry *e = malloc(sizeof *e);
    if (!e)
        return;
    e->func = func;
    e->run_on_error = run_on_error;
    e->next = exit_funcs;
    exit_funcs = e;
}

static void run_exit_funcs(boolean error)
{
    while (exit_funcs) {
        struct atexit_entry *e = exit_funcs;
        exit_funcs = e->next; /* a function that fails again does not loop */
        if (!error || e->run_on_error)
            e->func();
    }
}

void I_Tactile(int on, int off, int total)
{
    (void)on;
    (void)off;
    (void)total;
}

byte *I_ZoneBase(int *size)
{
    byte *zone = malloc(ZONE_SIZE);
    if (!zone)
        I_Error("I_ZoneBase: no %d bytes for the zone (the slot is too small)", ZONE_SIZE);
    *size = ZONE_SIZE;
    return zone;
}

void I_PrintBanner(const char *msg)
{
    int spaces = 35 - (int)(strlen(msg) / 2);
    printf("%*s%s\n", spaces > 0 ? spaces : 0, "", msg);
}

void I_PrintDivider(void)
{
    printf("%.75s\n", "==========================================================================="
                      "===========");
}

void I_PrintStartupBanner(const char *gamedescription)
{
    I_PrintDivider();
    I_PrintBanner(gamedescription);
    I_PrintDivider();
    printf(" " PACKAGE_NAME " is free software, covered by the GNU General Public\n"
           " License.  There is NO warranty. Ported to tabula.\n");
    I_PrintDivider();
}

boolean I_ConsoleStdout(void)
{
    return true;
}

void I_Quit(void)
{
    run_exit_funcs(false);
    fflush(stdout);
    exit(0);
}

void I_Error(const char *error, ...)
{
    static boolean quitting;
    if (quitting) {
        fprintf(stderr, "Warning: recursive call to I_Error detected.\n");
        exit(1);
    }
    quitting = true;
    /* Into the system log as well: in the tabbed console the tab keeps
     * showing the game's last frame, over the text. It also carries
     * -timedemo's report ("timed N gametics ..."), which the engine ends
     * the game with. */
    char text[TABULA_LOG_TEXT_MAX];
    va_list ap, again;
    va_start(ap, error);
    va_copy(again, ap);
    vfprintf(stderr, error, ap);
    vsnprintf(text, sizeof text, error, again);
    va_end(again);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    text[strcspn(text, "\n")] = 0;
    tabula->log(TABULA_LOG_ERROR, text);
    run_exit_funcs(true);
    exit(1);
}

void *I_Realloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size);
    if (!p && size)
        I_Error("I_Realloc: failed on reallocation of %zu bytes", size);
    return p;
}

/* DOS memory emulation for reads through null pointers (the -setmem
 * option): not done; the engine then behaves as with a zeroed page. */
boolean I_GetMemoryValue(unsigned int offset, void *value, int size)
{
    (void)offset;
    (void)value;
    (void)size;
    return false;
}

/* ---- i_timer ---- */

static uint64_t time_base;

void I_InitTimer(void)
{
    time_base = tabula->time_ns();
}

int I_GetTimeMS(void)
{
    return (int)((tabula->time_ns() - time_base) / 1000000);
}

int I_GetTime(void)
{
    return (int)((tabula->time_ns() - time_base) * TICRATE / 1000000000);
}

void I_Sleep(int ms)
{
    tabula->sleep_ns((uint64_t)ms * 1000000);
}

void I_WaitVBL(int count)
{
    I_Sleep((count * 1000) / 70);
}

/* ---- i_video ---- */

char *video_driver = "";
boolean screenvisible = true;
int vanilla_keyboard_mapping = 1;
boolean screensaver_mode = false;
int usegamma = 0;
pixel_t *I_VideoBuffer;
int screen_width = SCREENWIDTH, screen_height = SCREENHEIGHT;
int fullscreen = 0, aspect_ratio_correct = 0, integer_scaling = 1;
int vga_porch_flash = 0, force_software_renderer = 0, png_screenshots = 0;
char *window_position = "";
unsigned int joywait = 0;
int usemouse = 0;
float mouse_acceleration = 2.0f;
int mouse_threshold = 10;

static uint32_t *canvas;            /* SCREENWIDTH x SCREENHEIGHT, 0x00RRGGBB */
static uint32_t palette[256];

void I_InitGraphics(void)
{
    I_VideoBuffer = Z_Malloc(SCREENWIDTH * SCREENHEIGHT, PU_STATIC, NULL);
    canvas = malloc(SCREENWIDTH * SCREENHEIGHT * sizeof *canvas);
    if (!canvas)
        I_Error("I_InitGraphics: no memory for the canvas");
    memset(I_VideoBuffer, 0, SCREENWIDTH * SCREENHEIGHT);
    int rc = tabula->canvas_open(canvas, SCREENWIDTH, SCREENHEIGHT);
    if (rc < 0)
        I_Error("I_InitGraphics: canvas_open failed (%d)", rc);
    byte *doompal = W_CacheLumpName("PLAYPAL", PU_CACHE);
    I_SetPalette(doompal);
}

void I_GraphicsCheckCommandLine(void) {}
void I_ShutdownGraphics(void) {}
void I_CheckIsScreensaver(void) {}
void I_SetWindowTitle(const char *title) { (void)title; }
void I_InitWindowTitle(void) {}
void I_InitWindowIcon(void) {}
void I_RegisterWindowIcon(const unsigned int *icon, int width, int height)
{
    (void)icon;
    (void)width;
    (void)height;
}
void I_SetGrabMouseCallback(grabmouse_callback_t func) { (void)func; }
void I_DisplayFPSDots(boolean dots_on) { (void)dots_on; }
void I_BindVideoVariables(void) {}
void I_BindInputVariables(void) {}
void I_EnableLoadingDisk(int xoffs, int yoffs)
{
    (void)xoffs;
    (void)yoffs;
}
void I_StartFrame(void) {}
void I_UpdateNoBlit(void) {}
void I_BeginRead(void) {}
void I_GetWindowPosition(int *x, int *y, int w, int h)
{
    (void)w;
    (void)h;
    *x = *y = 0;
}
void I_StartTextInput(int x1, int y1, int x2, int y2)
{
    (void)x1;
    (void)y1;
    (void)x2;
    (void)y2;
}
void I_StopTextInput(void) {}
void I_ReadMouse(void) {}

void I_SetPalette(byte *doompal)
{
    for (int i = 0; i < 256; i++) {
        uint32_t r = gammatable[usegamma][doompal[3 * i]];
        uint32_t g = gammatable[usegamma][doompal[3 * i + 1]];
        uint32_t b = gammatable[usegamma][doompal[3 * i + 2]];
        palette[i] = r << 16 | g << 8 | b;
    }
}

int I_GetPaletteIndex(int r, int g, int b)
{
    int best = 0, best_diff = 1 << 30;
    for (int i = 0; i < 256; i++) {
        int dr = r - (int)(palette[i] >> 16 & 0xff), dg = g - (int)(palette[i] >> 8 & 0xff);
        int db = b - (int)(palette[i] & 0xff);
        int diff = dr * dr + dg * dg + db * db;
        if (diff < best_diff) {
            best = i;
            best_diff = diff;
        }
    }
    return best;
}

void I_FinishUpdate(void)
{
    for (int i = 0; i < SCREENWIDTH * SCREENHEIGHT; i++)
        canvas[i] = palette[I_VideoBuffer[i]];
    tabula->canvas_present();
}

void I_ReadScreen(pixel_t *scr)
{
    memcpy(scr, I_VideoBuffer, SCREENWIDTH * SCREENHEIGHT * sizeof *scr);
}

/* ---- i_input ---- */

/* Linux key codes 0 to 57 as the characters of a US keyboard, unshifted
 * and shifted; a space where the key types none (57 is the space bar). */
static const char plain_chars[] = "  1234567890-=  qwertyuiop[]  asdfghjkl;'` \\zxcvbnm,./ *  ";
static const char shift_chars[] = "  !@#$%^&*()_+  QWERTYUIOP{}  ASDFGHJKL:\"~ |ZXCVBNM<>? *  ";

/* The engine's key for a Linux key code: characters as themselves, the
 * rest as in doomkeys.h (which, for the keys below code 89, is 0x80 plus
 * the PC scancode: the Linux code). 0 for a key the game has no use for. */
static int doom_key(unsigned code)
{
    switch (code) {
    case 1: return KEY_ESCAPE;
    case 14: return KEY_BACKSPACE;
    case 15: return KEY_TAB;
    case 28: case 96: return KEY_ENTER;
    case 29: case 97: return KEY_RCTRL;
    case 42: case 54: return KEY_RSHIFT;
    case 56: case 100: return KEY_RALT;
    case 57: return ' ';
    case 102: return KEY_HOME;
    case 103: return KEY_UPARROW;
    case 104: return KEY_PGUP;
    case 105: return KEY_LEFTARROW;
    case 106: return KEY_RIGHTARROW;
    case 107: return KEY_END;
    case 108: return KEY_DOWNARROW;
    case 109: return KEY_PGDN;
    case 110: return KEY_INS;
    case 111: return KEY_DEL;
    case 119: return KEY_PAUSE;
    }
    if (code < sizeof plain_chars - 1 && plain_chars[code] != ' ')
        return plain_chars[code];
    if (code >= 58 && code <= 88)
        return 0x80 + (int)code; /* F keys, Caps Lock, the keypad */
    return 0;
}

void I_StartTic(void)
{
    char drop[64];
    while (read(0, drop, sizeof drop) > 0)
        ;
    struct tabula_key_event keys[32];
    int n;
    while ((n = tabula->key_read(keys, 32)) > 0) {
        for (int i = 0; i < n; i++) {
            int key = doom_key(keys[i].code);
            if (!key)
                continue;
            event_t ev = {0};
            ev.data1 = key;
            if (keys[i].value == 0) {
                ev.type = ev_keyup;
            } else {
                ev.type = ev_keydown;
                ev.data2 = key < 0x80 ? key : 0;
                if (keys[i].code < sizeof plain_chars - 1 && plain_chars[keys[i].code] != ' ')
                    ev.data3 = (keys[i].mods & TABULA_KEY_SHIFT ? shift_chars : plain_chars)[keys[i].code];
            }
            D_PostEvent(&ev);
        }
    }
}

/* ---- i_sound: no sound yet ---- */

int snd_sfxdevice = SNDDEVICE_NONE, snd_musicdevice = SNDDEVICE_NONE;
int snd_samplerate = 44100, snd_cachesize = 64 * 1024 * 1024, snd_maxslicetime_ms = 28;
char *snd_musiccmd = "";
int snd_pitchshift = 0;
char *snd_dmxoption = "";
int use_libsamplerate = 0;
float libsamplerate_scale = 0.65f;
int opl_io_port = 0x388;
char *music_pack_path = "", *fluidsynth_sf_path = "", *timidity_cfg_path = "";

void I_InitSound(boolean use_sfx_prefix) { (void)use_sfx_prefix; }
void I_ShutdownSound(void) {}
int I_GetSfxLumpNum(sfxinfo_t *sfxinfo) { (void)sfxinfo; return 0; }
void I_UpdateSound(void) {}
void I_UpdateSoundParams(int channel, int vol, int sep)
{
    (void)channel;
    (void)vol;
    (void)sep;
}
int I_StartSound(sfxinfo_t *sfxinfo, int channel, int vol, int sep, int pitch)
{
    (void)sfxinfo;
    (void)vol;
    (void)sep;
    (void)pitch;
    return channel;
}
void I_StopSound(int channel) { (void)channel; }
boolean I_SoundIsPlaying(int channel) { (void)channel; return false; }
void I_PrecacheSounds(sfxinfo_t *sounds, int num_sounds)
{
    (void)sounds;
    (void)num_sounds;
}
void I_InitMusic(void) {}
void I_ShutdownMusic(void) {}
void I_SetMusicVolume(int volume) { (void)volume; }
void I_PauseSong(void) {}
void I_ResumeSong(void) {}
void *I_RegisterSong(void *data, int len)
{
    (void)data;
    (void)len;
    return NULL;
}
void I_UnRegisterSong(void *handle) { (void)handle; }
void I_PlaySong(void *handle, boolean looping)
{
    (void)handle;
    (void)looping;
}
void I_StopSong(void) {}
boolean I_MusicIsPlaying(void) { return false; }
void I_BindSoundVariables(void) {}
void I_SetOPLDriverVer(opl_driver_ver_t ver) { (void)ver; }
void I_OPL_DevMessages(char *buf, size_t len)
{
    if (len)
        buf[0] = 0;
}

/* ---- no joystick, no ENDOOM screen (a text-mode screen at exit) ---- */

void I_InitJoystick(void) {}
void I_BindJoystickVariables(void) {}
void I_Endoom(byte *data) { (void)data; }

/* ---- no network: a net game cannot start ---- */

static boolean no_network(void)
{
    return false;
}
static void no_send(net_addr_t *addr, net_packet_t *packet)
{
    (void)addr;
    (void)packet;
}
static boolean no_recv(net_addr_t **addr, net_packet_t **packet)
{
    (void)addr;
    (void)packet;
    return false;
}
static void no_addr_string(net_addr_t *addr, char *buf, int len)
{
    (void)addr;
    if (len > 0)
        buf[0] = 0;
}
static void no_free_addr(net_addr_t *addr) { (void)addr; }
static net_addr_t *no_resolve(const char *name)
{
    (void)name;
    return NULL;
}

net_module_t net_sdl_module = {no_network, no_network, no_send, no_recv,
                               no_addr_string, no_free_addr, no_resolve};

void NET_WaitForLaunch(void)
{
    I_Error("tabula has no network: a net game cannot start");
}

void NET_DedicatedServer(void)
{
    I_Error("tabula has no network: no dedicated server");
}

/*
 * tabbed.c: the tabbed console's controller (see tabbed.h): the main loop,
 * the terminal's size, and the link from jobs to tabs. The model is
 * tabs.c, the rendering ui.c, the keys tabkeys.c, the dashboard dash.c and
 * the log tab logtab.c.
 */
#include "tabbed.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dash.h"
#include "fbcon.h"
#include "frontend.h"
#include "jobs.h"
#include "logtab.h"
#include "screen.h"
#include "shell.h"
#include "tabkeys.h"
#include "tabline.h"
#include "tabs.h"
#include "tabula_app.h"
#include "term.h"
#include "theme.h"
#include "ui.h"

#define FRAME_NS 33000000ull      /* at most ~30 frames a second */
#define SERIAL_CANVAS_NS 2000000000ull /* a canvas on the terminal, with a display */
#define RASTER_FRAME_NS 50000000ull /* a canvas on the terminal alone: 20 frames a second */
#define RASTER_SHARE 2 /* and at most half the time spent sending them */
#define ESC_WAIT_NS 40000000ull   /* a lone ESC is one after this pause */
#define FACTS_NS 500000000ull     /* status-line facts, the dashboard */
#define LOG_NS 250000000ull       /* new log records */
#define NOTICE_NS 4000000000ull
#define SIZE_WAIT_NS 500000000ull /* for the terminal's answer at start */
#define MIN_COLS 40
#define MIN_ROWS 10
#define MAX_COLS 400
#define MAX_ROWS 120

static bool active;
static struct screen scr;
static struct keys keys;
static struct ui_facts facts;
static char notice[96];
static uint64_t notice_until, esc_since, facts_at, log_at, frame_at, serial_canvas_at;
static uint64_t drawn_tabs = ~0ull, drawn_surface = ~0ull, drawn_second = ~0ull;
static int drawn_focus = -1;
static bool redraw;
static struct tabbed_raster_stats raster_stats;
static uint64_t raster_drawn = ~0ull, raster_second;
static unsigned raster_this_second;

/* A canvas frame went to the terminal: counts it and says when the next
 * may go. The UART is polled, so the Monitor, and every task behind it
 * on the hart, waits while a frame goes out: a game would get slower the
 * more its picture changes. Waiting RASTER_SHARE - 1 times as long as the
 * last frame took keeps the terminal to a share of the time whatever the
 * link's speed (a real 115200-baud line takes seconds a frame). */
static uint64_t raster_sent(uint64_t start, uint64_t end, size_t bytes)
{
    raster_stats.frames++;
    raster_stats.bytes += bytes;
    raster_stats.write_ns += end - start;
    raster_stats.last_bytes = bytes;
    if (end / 1000000000u != raster_second) {
        raster_stats.last_second = end / 1000000000u == raster_second + 1 ? raster_this_second : 0;
        raster_second = end / 1000000000u;
        raster_this_second = 0;
    }
    raster_this_second++;
    uint64_t after = end + (end - start) * (RASTER_SHARE - 1);
    return after > start + RASTER_FRAME_NS ? after : start + RASTER_FRAME_NS;
}

void tabbed_raster_stats(struct tabbed_raster_stats *out)
{
    *out = raster_stats;
}

static void write_terminal(void *ctx, const char *buf, size_t len)
{
    (void)ctx;
    size_t done = 0;
    while (done < len) {
        long n = tabula->write(buf + done, len - done);
        if (n <= 0)
            return;
        done += (size_t)n;
    }
}

struct surface *tabbed_shell(void)
{
    return &tabs_get(TAB_SHELL_INDEX)->text;
}

/* The shell's output goes to its tab; once the console has given the
 * terminal back, straight to the terminal. */
static void shell_write(const char *buf, size_t len)
{
    if (!active) {
        write_terminal(0, buf, len);
        return;
    }
    struct tab *t = tabs_get(TAB_SHELL_INDEX);
    t->scroll = 0;
    vt_feed(&t->vt, buf, len);
}

/* The theme's colours, in the depth the terminal takes. */
static const char *shell_style(enum term_style style)
{
    static const enum theme_role roles[] = {
        [TERM_PINK] = TH_PINK, [TERM_CYAN] = TH_CYAN, [TERM_VIOLET] = TH_VIOLET,
        [TERM_DIM] = TH_DIM,   [TERM_RED] = TH_RED,   [TERM_YELLOW] = TH_AMBER,
    };
    if (style == TERM_RESET)
        return "\033[0m";
    if (style == TERM_BOLD)
        return "\033[1m";
    return theme_sgr(roles[style]);
}

static void shell_prompt(const char *command)
{
    if (!command) {
        tabline_prompt();
        return;
    }
    tabline_prompt_text();
    term_printf("%s\n", command);
}

static void show_notice(const char *text)
{
    tabbed_notify("%s", text);
}

void tabbed_notify(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(notice, sizeof notice, fmt, ap);
    va_end(ap);
    notice_until = tabula->time_ns() + NOTICE_NS;
    redraw = true;
}

void tabbed_redraw(bool everything)
{
    redraw = true;
    if (everything)
        screen_invalidate(&scr);
}

/* ---- focus and size ---------------------------------------------------- */

/* The kernel's attention key follows the focused tab's running app. */
static void tell_focus(void)
{
    const struct tab *t = tabs_get(tabs_focus());
    bool live = t && t->kind == TAB_APP && t->state != TAB_EXITED && t->state != TAB_FAILED;
    tabula->console_focus(live ? t->task : 0);
}

static void read_canvas(struct tab *t, bool pixels);

bool tabbed_focus(int index)
{
    if (!tabs_set_focus(index))
        return false;
    struct tab *t = tabs_get(index);
    if (t->kind == TAB_STATUS)
        dash_refresh(&t->vt);
    if (t->canvas)
        read_canvas(t, true);
    tell_focus();
    return true;
}

void tabbed_size(int *cols, int *rows)
{
    *cols = scr.cols;
    *rows = scr.rows;
}

void tabbed_resize(int cols, int rows)
{
    cols = cols < MIN_COLS ? MIN_COLS : cols > MAX_COLS ? MAX_COLS : cols;
    rows = rows < MIN_ROWS ? MIN_ROWS : rows > MAX_ROWS ? MAX_ROWS : rows;
    if (cols == scr.cols && rows == scr.rows) {
        screen_invalidate(&scr);
        return;
    }
    if (screen_resize(&scr, cols, rows) < 0) {
        tabbed_notify("resize: out of memory");
        return;
    }
    screen_raw(&scr, "\033[0m\033[2J", 8);
    if (!fbcon_active()) /* else the tabs keep the display's size */
        tabs_resize(cols, rows - UI_CHROME_ROWS);
    dash_refresh(&tabs_get(TAB_STATUS_INDEX)->vt);
    redraw = true;
}

/* Park the cursor far away and ask where it ended up: the answer is the
 * terminal's size, and arrives as a KEY_CPR. */
void tabbed_query_size(void)
{
    static const char ask[] = "\0337\033[999;999H\033[6n\0338";
    write_terminal(0, ask, sizeof ask - 1);
    screen_invalidate(&scr);
}

void tabbed_set_depth(bool truecolor)
{
    theme_set_depth(truecolor ? THEME_TRUECOLOR : THEME_256);
    scr.depth = truecolor ? SCREEN_TRUECOLOR : SCREEN_256;
    screen_invalidate(&scr);
    dash_refresh(&tabs_get(TAB_STATUS_INDEX)->vt);
    redraw = true;
}

void tabbed_leave(void)
{
    static const char bye[] = "\033[0m\033[?25h\033[?1049l";
    screen_raw_flush(&scr);
    write_terminal(0, bye, sizeof bye - 1);
    active = false;
}

/* ---- apps in tabs ------------------------------------------------------ */

static void answer_app(void *ctx, const char *buf, size_t len)
{
    job_send_to((int)(intptr_t)ctx, buf, len);
}

/* Before a spawn: closes the oldest ended app's tab if every tab is taken;
 * false (said why) when all hold running apps. */
static bool make_room(void)
{
    if (tabs_count() < TAB_MAX)
        return true;
    for (int i = TAB_SHELL_INDEX + 1; i < tabs_count(); i++) {
        const struct tab *t = tabs_get(i);
        if (t->state == TAB_EXITED || t->state == TAB_FAILED) {
            term_printf("%s[closed tab %d (%s, ended) to make room]%s\n", term_style(TERM_DIM),
                        i + 1, t->name, term_style(TERM_RESET));
            tabs_close(i);
            return true;
        }
    }
    term_error("run: all %d tabs hold running apps; end one first", TAB_MAX);
    return false;
}

/* Every job gets a tab; the shell never waits for one. */
static bool job_started(struct job *j)
{
    int id = j->id;
    const char *app = j->app;
    int i = tabs_add_app(app, id);
    if (i < 0) {
        term_error("run: no room for another tab (close one with close N)");
        return false;
    }
    struct tab *t = tabs_get(i);
    logtab_name(id, app);
    t->vt.reply = answer_app;
    t->vt.ctx = (void *)(intptr_t)id;
    term_printf("%s[%s started in tab %d, task %d]%s\n", term_style(TERM_DIM), app, i + 1, id,
                term_style(TERM_RESET));
    if (!j->background)
        tabbed_focus(i);
    return false;
}

static void job_output(struct job *j, const char *buf, size_t len)
{
    struct tab *t = tabs_get(tabs_find_task(j->id));
    if (!t)
        return;
    vt_feed(&t->vt, buf, len);
    t->line_placed = false; /* a line being typed goes on after this */
    if (tabs_get(tabs_focus()) != t && !t->unread) {
        t->unread = true;
        tabs_version++;
    }
}

static void read_canvas(struct tab *t, bool pixels)
{
    struct tabula_canvas_info info;
    size_t have = (size_t)t->raster.width * (size_t)t->raster.height;
    long n = tabula->canvas_read(t->task, &info, pixels ? t->raster.pixels : NULL,
                                 pixels ? have : 0);
    if (n < 0 || !pixels)
        return;
    size_t want = (size_t)info.width * info.height;
    if (want != have || !t->raster.pixels) {
        uint32_t *p = realloc(t->raster.pixels, want * sizeof *p);
        if (!p)
            return;
        t->raster.pixels = p;
        t->raster.width = (int)info.width;
        t->raster.height = (int)info.height;
        tabula->canvas_read(t->task, &info, p, want);
    }
    t->raster.frame = info.frame;
    t->text.version++;
}

static void job_state(struct job *j, const struct tabula_task_info *info)
{
    (void)j;
    struct tab *t = tabs_get(tabs_find_task(info->id));
    if (!t || t->state == TAB_EXITED || t->state == TAB_FAILED)
        return;
    /* Sleeping, or blocked writing, is part of running; waiting means
     * waiting for the user. */
    enum tab_state s = info->flags & TABULA_TASK_NOT_RESPONDING ? TAB_HUNG
                     : info->flags & TABULA_TASK_READING ? TAB_WAITING
                                                         : TAB_RUNNING;
    bool raw = info->console_flags & TABULA_CONSOLE_RAW;
    bool canvas = info->flags & TABULA_TASK_CANVAS;
    if (s == TAB_HUNG && t->state != TAB_HUNG)
        tabbed_notify("%s not responding: ^\\ ends it", t->name);
    if (s != t->state || raw != t->raw || canvas != t->canvas)
        tabs_version++;
    t->state = s;
    t->raw = raw;
    t->canvas = canvas || t->canvas; /* keep showing the last frame */
}

static void job_ended(struct job *j, const char *text, bool ok, const struct tabula_exit *end)
{
    (void)end;
    int i = tabs_find_task(j->id);
    struct tab *t = tabs_get(i);
    if (!t)
        return;
    snprintf(t->end, sizeof t->end, "%s", text);
    t->state = ok ? TAB_EXITED : TAB_FAILED;
    /* The end line goes below whatever the app left on its screen. */
    vt_puts(&t->vt, "\033[0m\033[?25h\n");
    vt_puts(&t->vt, theme_sgr(ok ? TH_VIOLET : TH_RED));
    vt_puts(&t->vt, "[");
    vt_puts(&t->vt, text);
    vt_puts(&t->vt, "]\033[0m\n");
    vt_puts(&t->vt, theme_sgr(TH_DIM));
    vt_puts(&t->vt, "Enter closes this tab\033[0m");
    tabs_version++;
    if (i != tabs_focus())
        tabbed_notify("%s (tab %d)", text, i + 1);
    else
        tell_focus();
}

/* ---- the loop ---------------------------------------------------------- */

static void read_keys(void)
{
    char buf[64];
    long n;
    struct key k;
    while ((n = tabula->read(buf, sizeof buf)) > 0) {
        for (long i = 0; i < n; i++)
            if (keys_feed(&keys, (unsigned char)buf[i], &k))
                tabkeys_key(&k);
        esc_since = tabula->time_ns();
    }
    if (keys_pending(&keys) && tabula->time_ns() - esc_since >= ESC_WAIT_NS &&
        keys_timeout(&keys, &k))
        tabkeys_key(&k);
}

static void gather_facts(uint64_t now)
{
    dash_facts(&facts);
    facts_at = now;
}

static const char *hint_for(const struct tab *t)
{
    switch (t->kind) {
    case TAB_LOG: return logtab_hint();
    case TAB_STATUS: return "^A ? help";
    case TAB_SHELL: return "^A ? help";
    default:
        if (t->state == TAB_EXITED || t->state == TAB_FAILED)
            return "Enter closes";
        return "^\\ force-quit  ^A ? help";
    }
}

static void render(uint64_t now)
{
    struct tab *t = tabs_get(tabs_focus());
    if (notice[0] && now >= notice_until) {
        notice[0] = 0;
        redraw = true;
    }
    uint64_t second = now / 1000000000u;
    if (!redraw && drawn_tabs == tabs_version && drawn_focus == tabs_focus() &&
        drawn_surface == t->text.version && drawn_second == second && scr.sent_valid &&
        !fbcon_pending())
        return;
    if (now < frame_at)
        return;
    facts.uptime_ns = now;
    facts.notice = notice[0] ? notice : NULL;
    facts.hint = hint_for(t);
    facts.prefix = tabkeys_prefix();
    facts.help = tabkeys_help();
    /* With a display, a canvas goes to the terminal every two seconds
     * only: a frame is some 50 KiB of colour changes, which the polled
     * UART takes about a third of a second to send, with the Monitor
     * waiting on it; every frame would hold the display to a few a
     * second. */
    bool canvas = tab_shows_raster(t);
    uint64_t next = now + FRAME_NS;
    if (!fbcon_active() || !canvas || now >= serial_canvas_at || !scr.sent_valid) {
        ui_compose(&scr, &facts);
        size_t bytes = screen_flush(&scr);
        serial_canvas_at = now + SERIAL_CANVAS_NS;
        if (canvas && !fbcon_active() && t->raster.frame != raster_drawn) {
            raster_drawn = t->raster.frame;
            uint64_t at = raster_sent(now, tabula->time_ns(), bytes);
            next = at > next ? at : next;
        }
    }
    fbcon_render(&facts);
    frame_at = next;
    drawn_tabs = tabs_version;
    drawn_focus = tabs_focus();
    drawn_surface = t->text.version;
    drawn_second = second;
    redraw = false;
}

/* When the loop must wake next, whatever happens meanwhile. */
static uint64_t next_wake(uint64_t now)
{
    uint64_t at = now + LOG_NS;
    uint64_t second = (now / 1000000000u + 1) * 1000000000u;
    if (second < at)
        at = second;
    if (frame_at > now && frame_at < at)
        at = frame_at;
    if (keys_pending(&keys) && esc_since + ESC_WAIT_NS < at)
        at = esc_since + ESC_WAIT_NS;
    if (notice[0] && notice_until < at)
        at = notice_until;
    return at > now ? at - now : 0;
}

static void service_canvases(void)
{
    for (int i = 0; i < tabs_count(); i++) {
        struct tab *t = tabs_get(i);
        if (t->kind == TAB_APP && t->canvas && t->state != TAB_EXITED && t->state != TAB_FAILED)
            read_canvas(t, i == tabs_focus());
    }
}

/* The terminal's size, asked once at start; 80 x 24 without an answer. */
static void first_size(void)
{
    struct key k;
    char buf[32];
    int cols = 80, rows = 24;
    tabbed_query_size();
    uint64_t until = tabula->time_ns() + SIZE_WAIT_NS;
    while (tabula->time_ns() < until) {
        tabula->poll(until - tabula->time_ns());
        long n = tabula->read(buf, sizeof buf);
        for (long i = 0; i < n; i++) {
            if (keys_feed(&keys, (unsigned char)buf[i], &k) && k.code == KEY_CPR) {
                cols = k.col;
                rows = k.row;
                until = 0;
            }
        }
    }
    keys_init(&keys);
    scr.cols = scr.rows = 0;
    cols = cols < MIN_COLS ? MIN_COLS : cols > MAX_COLS ? MAX_COLS : cols;
    rows = rows < MIN_ROWS ? MIN_ROWS : rows > MAX_ROWS ? MAX_ROWS : rows;
    /* With a display, the tabs take its size; the terminal shows what of
     * them fits. */
    int tab_cols = cols, tab_rows = rows - UI_CHROME_ROWS;
    fbcon_init(&tab_cols, &tab_rows);
    if (screen_init(&scr, cols, rows, write_terminal, 0) < 0 ||
        tabs_init(tab_cols, tab_rows) < 0) {
        term_error("monitor: no memory for the tabbed console");
        for (;;)
            tabula->sleep_ns(1000000000ull);
    }
}

static void init(void)
{
    keys_init(&keys);
    first_size();
    active = true;
    static const char enter[] = "\033[?1049h\033[0m\033[2J";
    screen_raw(&scr, enter, sizeof enter - 1);
    logtab_init(&tabs_get(TAB_LOG_INDEX)->vt);
    gather_facts(tabula->time_ns());
    dash_refresh(&tabs_get(TAB_STATUS_INDEX)->vt);
    tabbed_focus(TAB_SHELL_INDEX);
}

__attribute__((noreturn)) static void run(const char *exec)
{
    tabline_init();
    shell_init(exec);

    for (;;) {
        shell_step();
        uint64_t now = tabula->time_ns();
        render(now);
        tabula->poll(next_wake(tabula->time_ns()));
        read_keys();
        fbcon_service();
        job_service();
        service_canvases();
        now = tabula->time_ns();
        if (now - log_at >= LOG_NS) {
            if (logtab_poll(&tabs_get(TAB_LOG_INDEX)->vt) && tabs_focus() != TAB_LOG_INDEX) {
                tabs_get(TAB_LOG_INDEX)->unread = true;
                tabs_version++;
            }
            log_at = now;
        }
        if (now - facts_at >= FACTS_NS) {
            gather_facts(now);
            if (tabs_focus() == TAB_STATUS_INDEX)
                dash_refresh(&tabs_get(TAB_STATUS_INDEX)->vt);
        }
    }
}

static void jobs_shown(void)
{
}

const struct frontend frontend_tabbed = {
    .banner = true,
    .unicode = true,
    .app_term = "TERM=tabula",
    .keys_help = "Ctrl-A 1-9/n/p/c/r/? (tabs, close, redraw, help), Alt-1..9, "
                 "F1-F12, Ctrl-\\ force-quits the app in a tab, PgUp/PgDn scroll",
    .no_tabs = NULL,
    .no_display = "this machine has no display",
    .init = init,
    .run = run,
    .write = shell_write,
    .style = shell_style,
    .prompt = shell_prompt,
    .notice = show_notice,
    .focus = tabbed_focus,
    .leave = tabbed_leave,
    .job_room = make_room,
    .job_started = job_started,
    .job_output = job_output,
    .job_state = job_state,
    .job_ended = job_ended,
    .jobs_shown = jobs_shown,
};

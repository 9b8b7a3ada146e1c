/*
 * tabula.h: the task ABI, the one header shared by the kernel, the Monitor
 * and every app.
 *
 * A task is a static PIE ELF file loaded into a slot of its own. Its entry
 * point is called as
 *
 *     void _start(const struct tabula_sys *sys, int argc, char **argv,
 *                 uintptr_t stack_limit);
 *
 * with the stack pointer at the top of the slot. stack_limit is the lowest
 * address the stack may reach. Below it lie the canary words, then an
 * unmapped guard page, then the heap: a runaway recursion faults on the
 * guard page, and the kernel reports that fault as a stack overflow.
 *
 * and reaches the kernel only through the table `sys` points at: a syscall
 * is a plain C call, no trap. The table is versioned: `abi_version` changes
 * when an entry changes meaning, `size` grows when entries are appended, so
 * an app can check `size` before using an entry newer than itself.
 *
 * Every entry checks the caller's capability bits; a denied call returns
 * -TABULA_EPERM and writes a warning to the kernel log. Pointers handed to
 * the kernel must lie inside the caller's own slot, or the call fails with
 * -TABULA_EFAULT.
 */
#ifndef TABULA_H
#define TABULA_H

#include <stddef.h>
#include <stdint.h>

#define TABULA_ABI_VERSION 1

/* Error codes, returned negated. */
enum tabula_error {
    TABULA_OK = 0,
    TABULA_EPERM = 1,   /* the caller lacks the capability */
    TABULA_EINVAL = 2,  /* a bad argument */
    TABULA_ENOMEM = 3,  /* no slot, heap or table entry left */
    TABULA_ESRCH = 4,   /* no such task */
    TABULA_EFAULT = 5,  /* a pointer outside the caller's slot */
    TABULA_ENOENT = 6,  /* no such app */
    TABULA_EAGAIN = 7,  /* nothing there yet (non-blocking calls) */
    TABULA_ENOEXEC = 8, /* the app image is not a loadable ELF */
    TABULA_EBUSY = 9,   /* the task has not ended yet */
    TABULA_ECHILD = 10, /* the task is not the caller's child */
    TABULA_ENOSYS = 11, /* not supported on this machine */
    TABULA_EEXIST = 12, /* the file already exists */
    TABULA_ENOTDIR = 13, /* a path component is not a directory */
    TABULA_EISDIR = 14, /* a directory where a file was expected */
    TABULA_ENOTEMPTY = 15, /* the directory is not empty */
    TABULA_ENOSPC = 16, /* no space left on the volume */
    TABULA_EROFS = 17,  /* the volume is read-only */
    TABULA_EIO = 18,    /* the device failed or the volume is damaged */
    TABULA_EACCES = 19, /* the sandbox does not grant this path */
    TABULA_ENAMETOOLONG = 20, /* a name or path is too long */
    TABULA_EBADF = 21,  /* not an open file, or not open for this */
    TABULA_EMFILE = 22, /* too many open files */
    TABULA_EXDEV = 23,  /* rename across volumes */
    TABULA_ENOLCK = 24, /* the kernel's table of file locks is full */
    TABULA_EDEADLK = 25, /* waiting for that file lock would wait forever */
};

/* Capability bits a spawner grants (at most its own). */
#define TABULA_CAP_SPAWN   (1u << 0) /* spawn */
#define TABULA_CAP_KILL    (1u << 1) /* kill any task */
#define TABULA_CAP_TASKS   (1u << 2) /* task_list, and wait/reap/streams of own children */
#define TABULA_CAP_STATS   (1u << 3) /* mem_stats, slot_map, app_list */
#define TABULA_CAP_LOGREAD (1u << 4) /* log_read */
#define TABULA_CAP_POWER   (1u << 5) /* power */
#define TABULA_CAP_BENCH   (1u << 6) /* bench: time kernel internals */
#define TABULA_CAP_DISPLAY (1u << 7) /* display_info, display_flush, pointer_read */
#define TABULA_CAP_ALL     0xffu

/* Log levels, most severe first. */
enum tabula_log_level {
    TABULA_LOG_ERROR = 0,
    TABULA_LOG_WARN = 1,
    TABULA_LOG_INFO = 2,
    TABULA_LOG_DEBUG = 3,
};

enum tabula_task_state {
    TABULA_TASK_FREE = 0,
    TABULA_TASK_READY,    /* runnable, waiting for a hart */
    TABULA_TASK_RUNNING,  /* on a hart now */
    TABULA_TASK_SLEEPING, /* sleep_ns until a deadline */
    TABULA_TASK_BLOCKED,  /* reading with no input, writing a full stream, waiting */
    TABULA_TASK_ENDED,    /* exited or died, not yet reaped */
};

/* How a task ended (struct tabula_exit.how). */
enum tabula_end {
    TABULA_END_EXIT = 1,  /* called exit or returned from main: see status */
    TABULA_END_CRASH = 2, /* an exception: see cause, pc, tval */
    TABULA_END_STACK = 3, /* stack overflow: the canary died */
    TABULA_END_KILLED = 4,/* killed by another task */
    /* Appended for the POSIX runtime: abort(), or a signal the task sent
     * itself; status is the signal, the backtrace is filled as for a crash. */
    TABULA_END_ABORT = 5,
};

/* Events poll() reports, as a bit mask. */
#define TABULA_EVENT_INPUT  (1u << 0) /* the caller's console has input */
#define TABULA_EVENT_OUTPUT (1u << 1) /* a child wrote to its console */
#define TABULA_EVENT_CHILD  (1u << 2) /* a child ended */
#define TABULA_EVENT_TIMEOUT (1u << 3)
#define TABULA_EVENT_CANVAS (1u << 4) /* a child presented a canvas frame the caller has not read */
/* For the console's owner: pointer events are waiting, or the display's
 * mode changed (display_info tells the new one). */
#define TABULA_EVENT_DISPLAY (1u << 5)

/* console_mode flags. console_mode returns the flags it replaced. The
 * kernel only applies NONBLOCK; the others are requests to whoever feeds
 * the task's input (the Monitor), which reads them with task_list. */
#define TABULA_CONSOLE_NONBLOCK (1u << 0) /* read returns -TABULA_EAGAIN instead of blocking */
#define TABULA_CONSOLE_RAW      (1u << 1) /* keys as typed: no echo, no line editing, Ctrl-C is a byte */

/* The attention key: typed on the console, it ends the task the Monitor
 * named with console_focus, even one that never yields. */
#define TABULA_ATTENTION_KEY 0x1c /* Ctrl-\ */
/* A task that runs this long without yielding is marked not responding. */
#define TABULA_WATCHDOG_DEFAULT_NS 2000000000ull

/* struct tabula_task_info.flags */
#define TABULA_TASK_NOT_RESPONDING (1u << 0) /* has not yielded for the watchdog's time */
#define TABULA_TASK_CANVAS         (1u << 1) /* has a canvas open */
#define TABULA_TASK_FOCUS          (1u << 2) /* the attention key would end it */
#define TABULA_TASK_READING        (1u << 3) /* blocked reading its console: waits for input */

/* power() requests. */
#define TABULA_POWER_HALT   0
#define TABULA_POWER_REBOOT 1

#define TABULA_NAME_MAX 16    /* task and app names, with the NUL */
#define TABULA_LOG_TEXT_MAX 120
#define TABULA_ERROR_MAX 128

struct tabula_spawn {
    const char *app;             /* name in the app archive */
    int argc;
    const char *const *argv;     /* argv[0] is usually the app name */
    uint64_t mem_size;           /* slot size in bytes; 0 = the app's default */
    uint32_t caps;               /* granted capabilities, masked by the caller's */
    char error[TABULA_ERROR_MAX];/* filled with a human reason on failure */
    /* Appended for the POSIX runtime: the child's environment, "NAME=value"
     * strings. The child finds them after argv's closing NULL, ended by
     * another NULL. */
    int envc;
    const char *const *envp;
    /* Appended for run --stack. */
    uint64_t stack_size;         /* bytes; 0 = the app's default */
    /* Appended for SMP: the hart it runs on, for life, as 1 + the hart's
     * index (hart_list); 0 = the caller's hart. */
    int hart;
    /* Appended for files: what the child may see (each within the
     * spawner's own grants, at most TABULA_GRANT_MAX) and its working
     * directory (NULL: its first grant). A child of the kernel sees all. */
    int ngrants;
    const struct tabula_grant *grants;
    const char *cwd;
};

/* Files. Paths are '/'-separated UTF-8, absolute or relative to the
 * task's working directory, at most TABULA_PATH_MAX bytes with the NUL.
 * A task sees only the trees it was granted; anything else is
 * -TABULA_EACCES, and the refusal is logged. */
#define TABULA_PATH_MAX 256
#define TABULA_GRANT_MAX 8
#define TABULA_OPEN_MAX 16     /* open files per task */

/* file_open flags (at least one of READ and WRITE, or DIR). */
#define TABULA_O_READ   (1u << 0)
#define TABULA_O_WRITE  (1u << 1)
#define TABULA_O_CREATE (1u << 2)
#define TABULA_O_TRUNC  (1u << 3)
#define TABULA_O_APPEND (1u << 4)
#define TABULA_O_EXCL   (1u << 5) /* with CREATE: -TABULA_EEXIST if it exists */
#define TABULA_O_DIR    (1u << 6) /* a directory, for dir_read */

/* file_seek whence. */
#define TABULA_SEEK_SET 0
#define TABULA_SEEK_CUR 1
#define TABULA_SEEK_END 2

#define TABULA_GRANT_READ  (1u << 0)
#define TABULA_GRANT_WRITE (1u << 1)

/* file_lock: POSIX advisory record locks (fcntl's F_GETLK, F_SETLK,
 * F_SETLKW). A lock is the calling task's on the file (not on the
 * descriptor): all of them go when the task closes any descriptor of the
 * file, and when it ends however it ends. */
#define TABULA_LOCK_GET  0 /* the first lock in the way of *fl, or type UNLOCK when none */
#define TABULA_LOCK_SET  1 /* -TABULA_EAGAIN when another task's lock is in the way */
#define TABULA_LOCK_WAIT 2 /* sleeps until it can be had; -TABULA_EDEADLK in a cycle */
#define TABULA_LOCK_READ   1 /* shared; the file must be open for reading */
#define TABULA_LOCK_WRITE  2 /* exclusive; the file must be open for writing */
#define TABULA_LOCK_UNLOCK 3

struct tabula_flock {
    int32_t type;                /* TABULA_LOCK_READ, _WRITE, _UNLOCK */
    int32_t whence;              /* TABULA_SEEK_*: what start counts from */
    int64_t start;
    int64_t len;                 /* 0: to the end of the file, however far it grows;
                                    negative: the -len bytes before start */
    int32_t owner;               /* GET: the task that holds the lock */
    int32_t reserved;
};

struct tabula_grant {
    char path[TABULA_PATH_MAX];  /* an absolute directory */
    uint32_t mode;               /* TABULA_GRANT_* */
};

struct tabula_stat {
    uint64_t size;
    int64_t mtime, ctime;        /* seconds since 1970, UTC; 0 unknown */
    uint32_t is_dir;
    uint32_t read_only;
};

struct tabula_dirent {
    char name[TABULA_PATH_MAX];
    struct tabula_stat st;
};

struct tabula_fs_info {
    uint64_t total_bytes, free_bytes; /* 0, 0 with no volume */
    uint64_t cache_hits, cache_misses;
    uint64_t dev_reads, dev_writes;   /* device transfers */
    uint64_t read_bytes, write_bytes;
    uint32_t cache_blocks, cache_dirty, cache_block_bytes;
    uint32_t read_only;
    char device[24];             /* "virtio-blk0 partition 1", "" with no volume */
};

#define TABULA_BACKTRACE_MAX 8
#define TABULA_SYMBOL_MAX 40

/* One frame of a crash report's backtrace. */
struct tabula_frame {
    uint64_t pc_offset;              /* from the slot's load address */
    char symbol[TABULA_SYMBOL_MAX];  /* "main+0x40"; "" when the app has no symbols */
};

/* tabula_exit.pc_offset of a pc outside the task's slot (a wild jump). */
#define TABULA_PC_OUTSIDE UINT64_MAX

struct tabula_exit {
    int id;
    int how;          /* enum tabula_end */
    int status;       /* exit status for TABULA_END_EXIT */
    uint32_t cause;   /* architecture's exception cause code */
    uint64_t pc;      /* absolute */
    uint64_t pc_offset; /* pc minus the slot's load address;
                           TABULA_PC_OUTSIDE when pc is not in the slot */
    uint64_t tval;    /* faulting address or instruction */
    char reason[96];  /* e.g. "store access fault", "killed by task 1" */

    /* Appended for crash reports (TABULA_END_CRASH and _STACK): the app's
     * frames from the crash outwards, read through the frame pointers. */
    uint64_t stack_used;  /* bytes from the stack's top to sp at the crash */
    uint32_t depth;       /* app frames on the stack in all */
    uint32_t frames;      /* entries used in backtrace[]: the first depth */
    struct tabula_frame backtrace[TABULA_BACKTRACE_MAX]; /* [0]: the crash itself */
};

struct tabula_task_info {
    int id;
    int parent;
    int state;        /* enum tabula_task_state */
    uint32_t caps;
    char name[TABULA_NAME_MAX];
    uint64_t slot_base;
    uint64_t slot_size;
    uint64_t image_size; /* loaded segments, .bss included */
    uint64_t stack_size;
    uint64_t heap_used;  /* sbrk growth so far */
    uint64_t switches;   /* times it was switched in */
    /* Appended for the tabbed console. */
    uint32_t console_flags; /* as last set with console_mode */
    uint32_t flags;         /* TABULA_TASK_* */
    uint64_t run_ns;        /* time spent on a hart, in total */
    uint64_t unyielded_ns;  /* while running: time since it last yielded */
    /* Appended for SMP. */
    uint32_t hart;          /* the index of the hart it runs on */
};

/* One hart, as hart_list sees it. */
struct tabula_hart_info {
    uint32_t index;    /* 0 is the boot hart, the Monitor's */
    uint32_t id;       /* the platform's hart id (mhartid, MPIDR) */
    uint32_t tasks;    /* live tasks placed on it */
    int running;       /* the task it runs now, 0 when idle */
    uint64_t up_ns;    /* since it came up */
    uint64_t idle_ns;  /* of which waiting for work */
};

/* A child's canvas, as canvas_read sees it. */
struct tabula_canvas_info {
    uint32_t width, height; /* pixels */
    uint64_t frame;         /* canvas_present calls so far */
};
#define TABULA_CANVAS_MAX 1024 /* width and height limit */

struct tabula_heap_stats {
    uint64_t size;
    uint64_t used;
    uint64_t free;
    uint64_t largest_free;
    uint64_t live_allocations;
};

struct tabula_mem_stats {
    uint64_t ram_base;
    uint64_t ram_size;
    uint64_t kernel_size;   /* image, stacks and heap */
    struct tabula_heap_stats heap;
    uint64_t arena_base;
    uint64_t arena_size;
    uint64_t arena_used;
    uint64_t arena_largest_free;
    /* Appended for the tabbed console's status line. */
    uint32_t harts;
    uint32_t pad;
    char machine[32];       /* the board's model name */
    /* Appended for SMP's log storm: records the kernel log took since
     * boot, and how many of them the ring has overwritten since. */
    uint64_t log_records;
    uint64_t log_dropped;
};

/* One entry of the slot map, in address order; task 0 means free, and
 * TABULA_SLOT_DISPLAY marks the framebuffer's memory. */
#define TABULA_SLOT_DISPLAY 0x7fffffff
struct tabula_slot_info {
    uint64_t base;
    uint64_t size;
    int task;
};

struct tabula_app_info {
    char name[TABULA_NAME_MAX];
    uint64_t file_size;
    uint64_t mem_size;  /* default slot size */
    uint32_t caps;      /* capabilities it asks for (TABULA_APP_CAPS) */
};

/* What app_note tells about an app before it is spawned: its notes (see
 * TABULA_APP_MEMORY, TABULA_APP_CAPS, TABULA_APP_FS at the end). */
#define TABULA_NOTE_FS_MAX 128   /* the file-grant text with its NUL */
struct tabula_app_note {
    uint64_t mem_size;            /* 0: the defaults */
    uint64_t stack_size;
    uint32_t caps;                /* TABULA_CAP_* it asks for */
    uint32_t pad;
    char fs[TABULA_NOTE_FS_MAX];  /* the file grants it asks for, or "" */
};

struct tabula_log_record {
    uint64_t seq;
    uint64_t time_ns;
    uint8_t level;
    uint8_t hart;
    uint16_t task;
    char text[TABULA_LOG_TEXT_MAX];
};

/* debug_crash() requests. */
#define TABULA_DEBUG_PANIC 0 /* the kernel calls panic() */
#define TABULA_DEBUG_FAULT 1 /* kernel code takes an access fault */

/* What one event of the trace records (struct tabula_trace_event.type). */
enum tabula_trace_type {
    TABULA_TRACE_SWITCH = 1,  /* task: switched in (0: the idle loop); arg: switched out */
    TABULA_TRACE_SPAWN = 2,   /* task: the new one; arg: parent | app's index in app_list << 16 */
    TABULA_TRACE_EXIT = 3,    /* task; arg: how (enum tabula_end) | (exit status << 8) */
    TABULA_TRACE_TIMER = 4,   /* the timer interrupt; task: the one interrupted */
    TABULA_TRACE_IRQ = 5,     /* a device interrupt; arg: its interrupt number */
    TABULA_TRACE_SYSCALL = 6, /* task: the caller; arg: TABULA_SYS_INDEX of the entry */
    TABULA_TRACE_FAULT = 7,   /* task; arg: the exception's cause code */
};

/* A task id the trace could not tell (its hart's last switch was lost). */
#define TABULA_TRACE_TASK_UNKNOWN 0xffffu

struct tabula_trace_event {
    uint64_t time_ns;
    uint8_t type;     /* enum tabula_trace_type */
    uint8_t hart;     /* the hart's index, from 0 */
    uint16_t task;
    uint32_t arg;
};

/* trace_control() operations. */
#define TABULA_TRACE_STATUS 0 /* change nothing */
#define TABULA_TRACE_ON 1
#define TABULA_TRACE_OFF 2
#define TABULA_TRACE_CLEAR 3  /* forget every event recorded so far */

/* The display: a framebuffer in kernel memory that the holder of
 * TABULA_CAP_DISPLAY draws into directly, then shows with display_flush. */
struct tabula_display_info {
    uint32_t width, height; /* pixels; 0 x 0 when the machine has no display */
    uint32_t stride;        /* pixels from one row to the next */
    uint32_t generation;    /* changes with every mode change */
    uint32_t *pixels;       /* 0x00RRGGBB, row by row */
};

/* A rectangle of the display, in pixels; clipped to it. */
struct tabula_rect {
    int32_t x, y, w, h;
};

enum tabula_pointer_kind {
    TABULA_POINTER_MOVE = 1,   /* x, y: the new position */
    TABULA_POINTER_BUTTON = 2, /* button; value 1 pressed, 0 released */
    TABULA_POINTER_WHEEL = 3,  /* value: +1 a notch up (away from the user), -1 down */
};

#define TABULA_BUTTON_LEFT 1
#define TABULA_BUTTON_RIGHT 2
#define TABULA_BUTTON_MIDDLE 3

/* A tablet or mouse event, in display pixels. */
struct tabula_pointer_event {
    uint64_t time_ns;
    uint16_t kind;     /* enum tabula_pointer_kind */
    uint16_t button;   /* TABULA_BUTTON_* */
    int32_t value;
    int32_t x, y;      /* the pointer's position after the event */
};

/* A key pressed or released, for the task with the console's focus. code
 * is a Linux input event code (KEY_A is 30, KEY_UP 103), whichever
 * keyboard it came from; a serial terminal's bytes come as a press (its
 * modifier keys pressed first), repeats while the terminal repeats it,
 * and a release shortly after, or when another key arrives. */
struct tabula_key_event {
    uint64_t time_ns;
    uint16_t code;
    uint16_t value;    /* 1 pressed, 0 released, 2 repeated */
    uint32_t mods;     /* TABULA_KEY_* held */
};
#define TABULA_KEY_SHIFT (1u << 0)
#define TABULA_KEY_CTRL  (1u << 1)
#define TABULA_KEY_ALT   (1u << 2)

/* The position of an entry among the function pointers of struct
 * tabula_sys, from 0 (exit): how the trace names syscalls. */
#define TABULA_SYS_INDEX(entry) \
    ((offsetof(struct tabula_sys, entry) - offsetof(struct tabula_sys, exit)) / sizeof(void (*)(void)))

struct tabula_sys {
    uint32_t abi_version;
    uint32_t size;    /* sizeof(struct tabula_sys) of the kernel */

    /* Every task. */
    void (*exit)(int status) __attribute__((noreturn));
    void (*yield)(void);
    int (*sleep_ns)(uint64_t ns);
    uint64_t (*time_ns)(void);           /* monotonic, since boot */
    long (*read)(void *buf, size_t len); /* own console; blocks unless NONBLOCK */
    long (*write)(const void *buf, size_t len); /* all of it; blocks while the reader lags */
    int (*console_mode)(uint32_t flags);
    void *(*sbrk)(intptr_t increment);   /* (void *)-1 when the slot is full */
    int (*log)(int level, const char *text);
    int (*self)(void);                   /* the caller's task id */
    int (*nop)(void);                    /* does nothing: the cost of a call */

    /* Privileged: see the capability named beside each. */
    int (*spawn)(struct tabula_spawn *req);                /* SPAWN */
    int (*kill)(int id);                                   /* KILL */
    int (*wait)(int id, struct tabula_exit *out);          /* TASKS: blocks, reaps */
    /* -EBUSY while the child runs (and for an instant after it ended,
     * until its slot is released): try again after the next poll. */
    int (*reap)(int id, struct tabula_exit *out);          /* TASKS */
    uint32_t (*poll)(uint64_t timeout_ns);                 /* events, or TIMEOUT */
    /* A child's console, from the parent's side. Neither blocks: they move
     * what fits and return the count. A zero-length write closes the child's
     * input: once drained, the child's read returns 0 (end of file). */
    long (*stream_read)(int child, void *buf, size_t len); /* TASKS: child's output */
    long (*stream_write)(int child, const void *buf, size_t len); /* TASKS: child's input */
    int (*task_list)(struct tabula_task_info *out, int max);      /* TASKS */
    int (*mem_stats)(struct tabula_mem_stats *out);               /* STATS */
    int (*slot_map)(struct tabula_slot_info *out, int max);       /* STATS */
    int (*app_list)(struct tabula_app_info *out, int max);        /* STATS */
    /* Records from *next_seq on (a cursor older than the oldest record
     * kept moves up to it); advances *next_seq. Sequence numbers start at 1. */
    int (*log_read)(uint64_t *next_seq, struct tabula_log_record *out, int max); /* LOGREAD */
    int (*power)(int how);                                        /* POWER */

    /* Appended for debugging. The event trace: the newest max events of
     * every hart, merged oldest first; and switching it (TABULA_TRACE_*),
     * which returns 1 when tracing is on afterwards, 0 when off. */
    int (*trace_read)(struct tabula_trace_event *out, int max);   /* LOGREAD */
    int (*trace_control)(int op);                                 /* LOGREAD */
    /* Crashes the kernel on purpose (TABULA_DEBUG_*), to see and test its
     * panic report; powers the machine off. Returns only on a bad how. */
    int (*debug_crash)(int how);                                  /* POWER */

    /* Appended for apps/bench. Runs a kernel-internal operation (enum
     * tabula_bench_op) `iterations` times and returns: the caller times the
     * call. app names the image TABULA_BENCH_ELF_LOAD loads. Returns the
     * bytes one iteration handled (the image size for ELF_LOAD), or a
     * negative TABULA_E* code. */
    long (*bench)(int op, uint64_t iterations, const char *app);  /* BENCH */

    /* Appended for the tabbed console. */
    /* The task the attention key ends (0: none), normally the one whose tab
     * has focus. A task the key finds running its own code ends at once;
     * one inside a kernel call ends at its next switch. */
    int (*console_focus)(int id);                                 /* KILL */
    /* How long a task may run without yielding before it is marked not
     * responding (and may be preempted so that others can run). */
    int (*watchdog_set)(uint64_t ns);                             /* KILL */
    /* Every task: declares a canvas of width x height pixels, 0x00RRGGBB,
     * row by row, at pixels in the caller's own slot (NULL and 0 x 0 close
     * it). The task draws there and calls canvas_present after each frame;
     * its parent is told and copies the frame with canvas_read. */
    int (*canvas_open)(uint32_t *pixels, uint32_t width, uint32_t height);
    int (*canvas_present)(void);
    /* Copies a child's last frame (up to max pixels; pixels may be NULL to
     * ask for the size only) and its size; returns the pixels copied, or
     * -TABULA_EAGAIN when the child has no canvas. */
    long (*canvas_read)(int child, struct tabula_canvas_info *info,
                        uint32_t *pixels, size_t max);           /* TASKS */

    /* Appended for the framebuffer console. The display's mode (a pending
     * mode change the host asked for is made here first); 0 x 0 without a
     * display. */
    int (*display_info)(struct tabula_display_info *out);         /* DISPLAY */
    /* Shows what was drawn inside count rectangles (at most
     * TABULA_FLUSH_MAX); returns once the host has the pixels, so drawing
     * may go on. -TABULA_ENOSYS without a display. */
    int (*display_flush)(const struct tabula_rect *rects, int count); /* DISPLAY */
    /* Takes up to max pointer events, oldest first; 0 when none wait. */
    int (*pointer_read)(struct tabula_pointer_event *out, int max); /* DISPLAY */

    /* Appended for the POSIX runtime. */
    /* Nanoseconds since 1970-01-01 UTC, 0 when the machine knows no date. */
    uint64_t (*walltime_ns)(void);
    /* The caller's own time on a hart, in nanoseconds. */
    uint64_t (*cpu_ns)(void);
    /* Ends the caller as TABULA_END_ABORT for signal (SIGABRT for abort()),
     * with a backtrace from here outwards, as a crash report has. */
    void (*abort)(int signal) __attribute__((noreturn));

    /* Appended for SMP. The harts that are up, by index; returns how many
     * were written (at most max). */
    int (*hart_list)(struct tabula_hart_info *out, int max);      /* STATS */
    /* Appended for files (see TABULA_PATH_MAX). A descriptor is the
     * caller's own, from 0; what is left open is closed when it ends. */
    int (*file_open)(const char *path, uint32_t flags);    /* a descriptor */
    long (*file_read)(int fd, void *buf, size_t len);      /* bytes; 0 at the end */
    long (*file_write)(int fd, const void *buf, size_t len);
    int64_t (*file_seek)(int fd, int64_t offset, int whence); /* the new offset */
    int (*file_close)(int fd);
    int (*file_stat)(int fd, struct tabula_stat *out);
    int (*path_stat)(const char *path, struct tabula_stat *out);
    int (*dir_read)(int fd, struct tabula_dirent *out);    /* 1, or 0 at the end */
    int (*mkdir)(const char *path);
    int (*rmdir)(const char *path);
    int (*unlink)(const char *path);
    int (*rename)(const char *from, const char *to);
    int (*file_truncate)(int fd, uint64_t size);
    int (*file_sync)(int fd);
    int (*chdir)(const char *path);
    int (*getcwd)(char *buf, size_t len);                  /* the length */
    int (*sync)(void);                                     /* every volume */
    int (*fs_info)(struct tabula_fs_info *out);
    /* Task id's grants (0: the caller's); returns how many. */
    int (*grant_list)(int id, struct tabula_grant *out, int max); /* TASKS */

    /* Appended for games. Takes up to max key events, oldest first, when
     * the caller has the console's focus (console_focus); 0 when none
     * wait or it has not. The keys still reach the console as bytes too,
     * so the Monitor's own keys keep working. */
    int (*key_read)(struct tabula_key_event *out, int max);

    /* Appended for the sandbox's policy. What app's notes ask for, found as
     * spawn finds it (the archive, then /bin on the disk, or a path the
     * caller may read), before it is spawned: 0, or -ENOENT, -EACCES,
     * -ENOEXEC (a broken image). */
    int (*app_note)(const char *app, struct tabula_app_note *out); /* SPAWN */

    /* Appended for record locks: cmd is TABULA_LOCK_GET, _SET or _WAIT
     * (see struct tabula_flock). 0, or -EBADF (not open for that kind of
     * lock), -EINVAL, -EAGAIN, -EDEADLK, -ENOLCK (the kernel's table of
     * locks is full). */
    int (*file_lock)(int fd, int cmd, struct tabula_flock *fl);
};

#define TABULA_FLUSH_MAX 64

/* The operations bench() runs. Each leaves the kernel as it found it,
 * except LOG_WRITE, which fills the log ring with its records. */
enum tabula_bench_op {
    TABULA_BENCH_EMPTY = 0,         /* the loop alone: its overhead */
    TABULA_BENCH_KMALLOC_SMALL = 1, /* kmalloc(64), kfree */
    TABULA_BENCH_KMALLOC_MIXED = 2, /* 16 B..2 KiB, eight live at a time */
    TABULA_BENCH_LOG_WRITE = 3,     /* one kernel log record */
    TABULA_BENCH_ELF_LOAD = 4,      /* load and relocate `app` into a scratch slot */
};

/*
 * An app may declare its default slot size and stack size; the loader reads
 * this note. Without it an app gets TABULA_DEFAULT_MEM and
 * TABULA_DEFAULT_STACK.
 */
#define TABULA_DEFAULT_MEM   (256u * 1024)
#define TABULA_DEFAULT_STACK (64u * 1024)
#define TABULA_NOTE_NAME "tabula"
#define TABULA_NOTE_TYPE_MEMORY 1

struct tabula_note_memory {
    uint32_t namesz, descsz, type;
    char name[8];         /* "tabula\0\0" */
    uint64_t mem_size;
    uint64_t stack_size;
};

#define TABULA_APP_MEMORY(mem, stack)                                      \
    __attribute__((section(".note.tabula"), used, aligned(8)))             \
    static const struct tabula_note_memory tabula_app_memory_note = {     \
        8, 16, TABULA_NOTE_TYPE_MEMORY, TABULA_NOTE_NAME, (mem), (stack) }

/*
 * An app may declare the capabilities (TABULA_CAP_*) it needs. The note only
 * asks: the spawner decides what to grant (the Monitor grants what an app
 * declares, except POWER) and the kernel enforces what was granted.
 */
#define TABULA_NOTE_TYPE_CAPS 3

struct tabula_note_caps {
    uint32_t namesz, descsz, type;
    char name[8];         /* "tabula\0\0" */
    uint64_t caps;        /* TABULA_CAP_* bits (a 64-bit word, so that the
                             descriptor sits at offset 24, as in an 8-aligned
                             note it must) */
};

#define TABULA_APP_CAPS(caps)                                              \
    __attribute__((section(".note.tabula"), used, aligned(8)))             \
    static const struct tabula_note_caps tabula_app_caps_note = {         \
        8, 8, TABULA_NOTE_TYPE_CAPS, TABULA_NOTE_NAME, (caps) }

/*
 * An app may ask for files beyond its own /data/NAME: TABULA_APP_FS("/scripts:ro
 * /tmp:rw"), grants as `run --fs` spells them, separated by spaces. The note
 * only asks: the Monitor decides (NOTES.md, "The sandbox") and says what it
 * granted and what it refused. app_note reads it before a spawn.
 */
#define TABULA_NOTE_TYPE_FS 4

struct tabula_note_fs {
    uint32_t namesz, descsz, type;
    char name[8];                 /* "tabula\0\0" */
    /* At offset 24, where an 8-aligned note's descriptor sits. */
    char grants[TABULA_NOTE_FS_MAX] __attribute__((aligned(8)));
};

#define TABULA_APP_FS(grants)                                              \
    __attribute__((section(".note.tabula"), used, aligned(8)))             \
    static const struct tabula_note_fs tabula_app_fs_note = {             \
        8, TABULA_NOTE_FS_MAX, TABULA_NOTE_TYPE_FS, TABULA_NOTE_NAME, grants }

#endif

/*
 * faultshim: an LD_PRELOAD library that makes chosen file-system calls of ONE child process fail with a chosen errno.
 * Built with gcc by the fault tests at test time; never committed as a binary.
 *
 * Environment (read once at load):
 *   FAULTSHIM_PATH     substring a path must contain to be faulted (required; without it the shim passes everything).
 *                      Several entries may be given separated by ':'; an entry "SUBSTR@op1+op2" faults only those
 *                      functions for that substring (overriding FAULTSHIM_OPS), so one child can probe many calls.
 *   FAULTSHIM_ERRNO    errno name (ENOSPC, EDQUOT, EIO, EROFS, EACCES, EPERM, ENOENT, ESTALE) or number. Default EIO.
 *   FAULTSHIM_OPS      comma list of wrapped function names to fault (open,open64,openat,openat64,write,pwrite,pwrite64,
 *                      utimensat,futimens,rename,renameat,link,unlink,unlinkat,fsync). Default: all.
 *   FAULTSHIM_AFTER    let the first N matching calls through before failing (default 0).
 *   FAULTSHIM_COUNT    fail at most N calls, then pass again (default: unlimited).
 *   FAULTSHIM_PROB     fail a matching call with this probability in [0,1] (default 1).
 *   FAULTSHIM_TRIGGER  fail only while this file exists (checked with the raw syscall on every matching call).
 *   FAULTSHIM_LOG      when set, print one line per injected fault to stderr.
 *
 * fd-based calls (write, pwrite, futimens, fsync) match when the fd was opened on a matching path by this process
 * (tracked in open/openat, forgotten in close).
 *
 * P/Invoke: a [DllImport("libc", EntryPoint = "open")] is resolved by dlsym(libc handle, "open"), which returns
 * libc's own function and bypasses LD_PRELOAD interposition. So while a fault is configured the shim also wraps
 * dlsym and hands out its wrappers for the functions above: managed code that calls libc directly is faulted too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_FD 65536
#define MAX_SUBSTR 16

static char g_substr[MAX_SUBSTR][512];
static char g_subops[MAX_SUBSTR][256];
static int g_nsubstr;
static int g_errno = EIO;
static char g_ops[1024];
static long g_after;
static long g_count = -1;
static double g_prob = 1.0;
static char g_trigger[1024];
static int g_log;
static atomic_long g_seen;
static atomic_long g_failed;
static atomic_uchar g_fds[MAX_FD];
static atomic_uint g_rand = 2463534242u;

static int parse_errno(const char *s)
{
    static const struct { const char *name; int value; } names[] = {
        {"ENOSPC", ENOSPC}, {"EDQUOT", EDQUOT}, {"EIO", EIO}, {"EROFS", EROFS}, {"EACCES", EACCES},
        {"EPERM", EPERM}, {"ENOENT", ENOENT}, {"ESTALE", ESTALE}, {"EBUSY", EBUSY}, {"EEXIST", EEXIST},
        {"ENOLCK", ENOLCK}, {"EINTR", EINTR}, {"EAGAIN", EAGAIN}, {"ENAMETOOLONG", ENAMETOOLONG},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) return names[i].value;
    int v = atoi(s);
    return v > 0 ? v : EIO;
}

__attribute__((constructor)) static void faultshim_init(void)
{
    const char *p = getenv("FAULTSHIM_PATH");
    if (p && *p) {
        char buf[4096];
        snprintf(buf, sizeof buf, "%s", p);
        char *save = NULL;
        for (char *tok = strtok_r(buf, ":", &save); tok && g_nsubstr < MAX_SUBSTR; tok = strtok_r(NULL, ":", &save)) {
            if (!*tok) continue;
            char *at = strchr(tok, '@');
            if (at) {
                *at = 0;
                snprintf(g_subops[g_nsubstr], sizeof g_subops[0], ",%s,", at + 1);
                for (char *c = g_subops[g_nsubstr]; *c; c++) if (*c == '+') *c = ',';
            }
            snprintf(g_substr[g_nsubstr++], sizeof g_substr[0], "%s", tok);
        }
    }
    const char *e = getenv("FAULTSHIM_ERRNO");
    if (e && *e) g_errno = parse_errno(e);
    const char *o = getenv("FAULTSHIM_OPS");
    if (o && *o) snprintf(g_ops, sizeof g_ops, ",%s,", o);
    const char *a = getenv("FAULTSHIM_AFTER");
    if (a && *a) g_after = atol(a);
    const char *c = getenv("FAULTSHIM_COUNT");
    if (c && *c) g_count = atol(c);
    const char *pr = getenv("FAULTSHIM_PROB");
    if (pr && *pr) g_prob = atof(pr);
    const char *t = getenv("FAULTSHIM_TRIGGER");
    if (t && *t) snprintf(g_trigger, sizeof g_trigger, "%s", t);
    g_log = getenv("FAULTSHIM_LOG") != NULL;
    atomic_store(&g_rand, (unsigned)getpid() * 2654435761u ^ (unsigned)time(NULL));
    if (g_log && g_nsubstr)
        fprintf(stderr, "faultshim: pid %d path '%s' errno %d ops '%s'\n", getpid(), p, g_errno, g_ops);
}

/* 1 + the index of the first entry whose substring the path contains, or 0. */
static int path_matches(const char *path)
{
    if (!path) return 0;
    for (int i = 0; i < g_nsubstr; i++)
        if (strstr(path, g_substr[i])) return i + 1;
    return 0;
}

static int op_enabled(int entry, const char *op)
{
    const char *ops = g_subops[entry - 1][0] ? g_subops[entry - 1] : g_ops;
    if (!ops[0]) return 1;
    char key[64];
    snprintf(key, sizeof key, ",%s,", op);
    return strstr(ops, key) != NULL;
}

static double next_random(void)
{
    unsigned x = atomic_load(&g_rand);
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    atomic_store(&g_rand, x);
    return (x & 0xffffff) / (double)0x1000000;
}

/* Decides whether this matching call fails; sets errno and returns 1 when it does. */
static int should_fail(int entry, const char *op, const char *what)
{
    if (!entry || !op_enabled(entry, op)) return 0;
    if (g_trigger[0]) {
        if (syscall(SYS_faccessat, AT_FDCWD, g_trigger, F_OK, 0) != 0) return 0;
    }
    long seen = atomic_fetch_add(&g_seen, 1);
    if (seen < g_after) return 0;
    if (g_prob < 1.0 && next_random() >= g_prob) return 0;
    long failed = atomic_fetch_add(&g_failed, 1);
    if (g_count >= 0 && failed >= g_count) return 0;
    if (g_log) fprintf(stderr, "faultshim: pid %d %s(%s) -> errno %d\n", getpid(), op, what ? what : "", g_errno);
    errno = g_errno;
    return 1;
}

static int fd_matches(int fd)
{
    return fd >= 0 && fd < MAX_FD ? atomic_load(&g_fds[fd]) : 0;
}

static void track_fd(int fd, const char *path)
{
    if (fd >= 0 && fd < MAX_FD) atomic_store(&g_fds[fd], (unsigned char)path_matches(path));
}

#define REAL(name) static __typeof__(&name) real_##name; if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

static mode_t mode_arg(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list ap; va_start(ap, flags); mode_t mode = mode_arg(flags, ap); va_end(ap);
    REAL(open);
    if (should_fail(path_matches(path), "open", path)) return -1;
    int fd = real_open(path, flags, mode);
    track_fd(fd, path);
    return fd;
}

int open64(const char *path, int flags, ...)
{
    va_list ap; va_start(ap, flags); mode_t mode = mode_arg(flags, ap); va_end(ap);
    REAL(open64);
    if (should_fail(path_matches(path), "open64", path)) return -1;
    int fd = real_open64(path, flags, mode);
    track_fd(fd, path);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap; va_start(ap, flags); mode_t mode = mode_arg(flags, ap); va_end(ap);
    REAL(openat);
    if (should_fail(path_matches(path), "openat", path)) return -1;
    int fd = real_openat(dirfd, path, flags, mode);
    track_fd(fd, path);
    return fd;
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap; va_start(ap, flags); mode_t mode = mode_arg(flags, ap); va_end(ap);
    REAL(openat64);
    if (should_fail(path_matches(path), "openat64", path)) return -1;
    int fd = real_openat64(dirfd, path, flags, mode);
    track_fd(fd, path);
    return fd;
}

int close(int fd)
{
    REAL(close);
    if (fd >= 0 && fd < MAX_FD) atomic_store(&g_fds[fd], 0);
    return real_close(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    REAL(write);
    if (should_fail(fd_matches(fd), "write", "fd")) return -1;
    return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
    REAL(pwrite);
    if (should_fail(fd_matches(fd), "pwrite", "fd")) return -1;
    return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
    REAL(pwrite64);
    if (should_fail(fd_matches(fd), "pwrite64", "fd")) return -1;
    return real_pwrite64(fd, buf, n, off);
}

int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    REAL(utimensat);
    const char *volatile checked = path; /* glibc declares path nonnull, but futimes-style callers pass NULL */
    if (should_fail(checked ? path_matches(checked) : fd_matches(dirfd), "utimensat", path)) return -1;
    return real_utimensat(dirfd, path, times, flags);
}

int futimens(int fd, const struct timespec times[2])
{
    REAL(futimens);
    if (should_fail(fd_matches(fd), "futimens", "fd")) return -1;
    return real_futimens(fd, times);
}

int rename(const char *from, const char *to)
{
    REAL(rename);
    if (should_fail(path_matches(from) ? path_matches(from) : path_matches(to), "rename", from)) return -1;
    return real_rename(from, to);
}

int renameat(int fromdir, const char *from, int todir, const char *to)
{
    REAL(renameat);
    if (should_fail(path_matches(from) ? path_matches(from) : path_matches(to), "renameat", from)) return -1;
    return real_renameat(fromdir, from, todir, to);
}

int link(const char *from, const char *to)
{
    REAL(link);
    if (should_fail(path_matches(from) ? path_matches(from) : path_matches(to), "link", to)) return -1;
    return real_link(from, to);
}

int unlink(const char *path)
{
    REAL(unlink);
    if (should_fail(path_matches(path), "unlink", path)) return -1;
    return real_unlink(path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
    REAL(unlinkat);
    if (should_fail(path_matches(path), "unlinkat", path)) return -1;
    return real_unlinkat(dirfd, path, flags);
}

int fsync(int fd)
{
    REAL(fsync);
    if (should_fail(fd_matches(fd), "fsync", "fd")) return -1;
    return real_fsync(fd);
}

/* ---- dlsym: route P/Invoke look-ups of the wrapped functions to the wrappers ---- */

typedef void *(*dlsym_fn)(void *, const char *);

static dlsym_fn real_dlsym_fn(void)
{
    static dlsym_fn fn;
    if (!fn) {
        static const char *versions[] = {"GLIBC_2.34", "GLIBC_2.2.5", "GLIBC_2.17", "GLIBC_2.0"};
        for (size_t i = 0; !fn && i < sizeof versions / sizeof versions[0]; i++)
            fn = (dlsym_fn)dlvsym(RTLD_NEXT, "dlsym", versions[i]);
    }
    return fn;
}

void *dlsym(void *handle, const char *name)
{
    if (g_nsubstr && handle != RTLD_NEXT) {
        static const struct { const char *name; void *fn; } wrapped[] = {
            {"open", (void *)open}, {"open64", (void *)open64}, {"openat", (void *)openat}, {"openat64", (void *)openat64},
            {"close", (void *)close}, {"write", (void *)write}, {"pwrite", (void *)pwrite}, {"pwrite64", (void *)pwrite64},
            {"utimensat", (void *)utimensat}, {"futimens", (void *)futimens}, {"rename", (void *)rename},
            {"renameat", (void *)renameat}, {"link", (void *)link}, {"unlink", (void *)unlink},
            {"unlinkat", (void *)unlinkat}, {"fsync", (void *)fsync},
        };
        for (size_t i = 0; i < sizeof wrapped / sizeof wrapped[0]; i++)
            if (strcmp(name, wrapped[i].name) == 0) return wrapped[i].fn;
    }
    dlsym_fn real = real_dlsym_fn();
    return real ? real(handle, name) : NULL;
}

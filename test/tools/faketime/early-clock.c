/*
 * Lets Firefox start under Debian's faketime (libfaketime 0.9.10).
 *
 * Firefox's own allocator (mozjemalloc) reads the steady clock while it sets itself up. That
 * call reaches libfaketime before libfaketime has initialised, and its initialisation allocates
 * (failed dlsym look-ups, sem_open): the allocator is re-entered while it holds its own lock,
 * and Firefox hangs before printing anything. Preloaded before libfaketime, this library answers
 * clock_gettime from the kernel until its constructor has run (by then the allocator is set up),
 * and hands every call to libfaketime from then on. The faked clock is libfaketime's alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static int (*faked_clock_gettime)(clockid_t, struct timespec *);

__attribute__((constructor)) static void hand_over_to_libfaketime(void) {
  faked_clock_gettime = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
}

int clock_gettime(clockid_t clock, struct timespec *now) {
  if (faked_clock_gettime) return faked_clock_gettime(clock, now);
  return (int)syscall(SYS_clock_gettime, clock, now);
}

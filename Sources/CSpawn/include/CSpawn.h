#ifndef DSE_CSPAWN_H
#define DSE_CSPAWN_H

#include <sys/types.h>

/// Starts `argv[0]` (looked up in PATH when `search_path` is non-zero and it has no slash) in
/// `directory`, in a process group of its own (so that a timeout can stop it and every process
/// it started), with every signal at its default disposition and none blocked, and with
/// `stdin_fd`, `stdout_fd`, `stderr_fd` as its standard streams. Returns 0 and sets `*pid`, or an
/// errno value (ENOENT, EACCES, …) when the program cannot be started.
int dse_spawn(char *const argv[], const char *directory, int search_path,
              int stdin_fd, int stdout_fd, int stderr_fd, pid_t *pid);

/// 1 when the child `pid` has exited (or was killed) — without reaping it, so that its pid and
/// its process group's id stay reserved until the caller reaps it —, 0 while it runs, or -errno.
int dse_has_exited(pid_t pid);

#endif

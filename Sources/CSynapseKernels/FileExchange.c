// Swapping two paths in one step, for the CLI's output transactions (Sources/SynapseCLI/
// OutputTransaction.swift): the folder a run staged and the output folder it replaces trade
// places atomically, so a reader sees either the old results or the new, never a mix.
// Linux has renameat2(RENAME_EXCHANGE) since 3.15 (glibc 2.28 wraps it; the system call is used
// directly so that older glibc builds too); macOS has renamex_np(RENAME_SWAP).
#if defined(__linux__)
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif
#elif defined(__APPLE__)
#include <stdio.h>
#endif
#include <errno.h>

#include "CSynapseKernels.h"

int syn_rename_exchange(const char *a, const char *b) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#elif defined(__APPLE__)
    return renamex_np(a, b, RENAME_SWAP);
#else
    (void)a; (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

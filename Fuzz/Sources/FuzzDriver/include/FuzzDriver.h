// libFuzzer's driver (compiler-rt, FuzzerDriver.cpp), linked in by -sanitize=fuzzer. Each fuzz
// target's main.swift calls it with its callback, because SwiftPM names an executable's entry
// point itself and so libFuzzer's own main cannot be used.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

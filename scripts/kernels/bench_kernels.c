// Throughput of the CSynapseKernels transcendental kernels against scalar libm loops.
//   clang -O2 -ISources/CSynapseKernels/include Sources/CSynapseKernels/SynapseKernels.c \
//         scripts/kernels/bench_kernels.c -lm -o /tmp/bench && /tmp/bench
#include "CSynapseKernels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define N (4L << 20)

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// Scalar loops, kept out of line and unvectorised so they stand for "a libm call per element".
__attribute__((noinline)) static void libm_exp(const float *x, float *y, long n) {
#pragma clang loop vectorize(disable)
    for (long i = 0; i < n; i++) y[i] = expf(x[i]);
}
__attribute__((noinline)) static void libm_tanh(const float *x, float *y, long n) {
#pragma clang loop vectorize(disable)
    for (long i = 0; i < n; i++) y[i] = tanhf(x[i]);
}
__attribute__((noinline)) static void libm_sigmoid(const float *x, float *y, long n) {
#pragma clang loop vectorize(disable)
    for (long i = 0; i < n; i++) y[i] = x[i] >= 0 ? 1 / (1 + expf(-x[i])) : expf(x[i]) / (1 + expf(x[i]));
}
__attribute__((noinline)) static void libm_log(const float *x, float *y, long n) {
#pragma clang loop vectorize(disable)
    for (long i = 0; i < n; i++) y[i] = logf(x[i]);
}

static double best(void (*f)(const float *, float *, long), const float *x, float *y) {
    double b = 1e9;
    for (int r = 0; r < 7; r++) {
        double t0 = now();
        f(x, y, N);
        double t = now() - t0;
        if (t < b) b = t;
    }
    return N / b;
}

int main(void) {
    float *x = malloc(N * sizeof(float)), *p = malloc(N * sizeof(float)), *y = malloc(N * sizeof(float));
    for (long i = 0; i < N; i++) {
        x[i] = -20.0f + 40.0f * (float)((i * 2654435761u) % 1000003) / 1000003.0f;
        p[i] = 1e-3f + 100.0f * (float)((i * 2654435761u) % 1000003) / 1000003.0f;
    }
    printf("CSynapseKernels version: %d (2 AVX-512F, 1 AVX2, 0 baseline); n = %ld, best of 7\n",
           syn_kernels_isa(), N);
    struct { const char *name; void (*k)(const float *, float *, long); void (*l)(const float *, float *, long); int pos; } fs[] = {
        {"exp", syn_exp, libm_exp, 0}, {"tanh", syn_tanh, libm_tanh, 0},
        {"sigmoid", syn_sigmoid, libm_sigmoid, 0}, {"log", syn_log, libm_log, 1}};
    for (int i = 0; i < 4; i++) {
        const float *in = fs[i].pos ? p : x;
        double k = best(fs[i].k, in, y), l = best(fs[i].l, in, y);
        printf("%-8s syn %7.0f M/s   libm %6.0f M/s   x%.1f\n", fs[i].name, k / 1e6, l / 1e6, k / l);
    }
    return 0;
}

// Development check for Sources/CSynapseKernels (not part of SwiftPM; the CI check is
// Tests/SynapseTensorTests/VectorMathTests.swift). Run through scripts/test-kernels.sh.
//   test_kernels ulp STRIDE ONE_STRIDE   max ulp of exp/log/tanh/sigmoid on every STRIDE-th
//                                        float bit pattern plus every ONE_STRIDE-th in [-1, 1]
//   test_kernels hash                    a checksum of every kernel's output (to compare builds)
#include "CSynapseKernels.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float u2f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static int64_t ordered(float f) {
    int32_t i = (int32_t)f2u(f);
    return i < 0 ? (int64_t)INT32_MIN - i : i;
}
static int64_t ulps(float a, float b) {
    if (isnan(a) && isnan(b)) return 0;
    if (isnan(a) || isnan(b)) return INT64_MAX;
    int64_t d = ordered(a) - ordered(b);
    return d < 0 ? -d : d;
}

static float ref_exp(float x) { return (float)exp((double)x); }
static float ref_log(float x) { return (float)log((double)x); }
static float ref_tanh(float x) { return (float)tanh((double)x); }
static float ref_sigmoid(float x) {
    double d = x;
    return (float)(d >= 0 ? 1 / (1 + exp(-d)) : exp(d) / (1 + exp(d)));
}

typedef void (*kernel)(const float *, float *, long);
typedef float (*reference)(float);

#define CHUNK 65536
static float xs[CHUNK], ys[CHUNK];

typedef struct { int64_t max; float worst; long count; } stat;

static void flush(kernel k, reference r, long n, stat *s) {
    k(xs, ys, n);
    for (long i = 0; i < n; i++) {
        int64_t d = ulps(ys[i], r(xs[i]));
        if (d > s->max) { s->max = d; s->worst = xs[i]; }
    }
    s->count += n;
}

static stat sweep(kernel k, reference r, uint32_t stride, uint32_t one_stride) {
    stat s = {0, 0, 0};
    long n = 0;
    for (uint64_t b = 0; b < 0x100000000ull; b += stride) {
        xs[n++] = u2f((uint32_t)b);
        if (n == CHUNK) { flush(k, r, n, &s); n = 0; }
    }
    // [-1, 1] densely: bit patterns 0 ... 0x3f800000 on either sign.
    for (uint32_t b = 0; b <= 0x3f800000u; b += one_stride) {
        xs[n++] = u2f(b);
        if (n == CHUNK) { flush(k, r, n, &s); n = 0; }
        xs[n++] = u2f(b | 0x80000000u);
        if (n == CHUNK) { flush(k, r, n, &s); n = 0; }
    }
    flush(k, r, n, &s);
    return s;
}

// FNV-1a over float bits, every NaN counted as the same NaN (which operand's payload an
// operation passes on depends on the operand order the compiler picked).
static uint64_t fnv(uint64_t h, const void *p, size_t bytes) {
    const float *f = p;
    for (size_t i = 0; i < bytes / 4; i++) {
        uint32_t u = isnan(f[i]) ? 0x7fc00000u : f2u(f[i]);
        for (int k = 0; k < 4; k++) { h ^= (u >> (8 * k)) & 0xff; h *= 1099511628211ull; }
    }
    return h;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "ulp") == 0) {
        uint32_t stride = argc > 2 ? (uint32_t)atol(argv[2]) : 64;
        uint32_t one = argc > 3 ? (uint32_t)atol(argv[3]) : 16;
        struct { const char *name; kernel k; reference r; } fs[] = {
            {"exp", syn_exp, ref_exp}, {"log", syn_log, ref_log},
            {"tanh", syn_tanh, ref_tanh}, {"sigmoid", syn_sigmoid, ref_sigmoid}};
        for (int i = 0; i < 4; i++) {
            stat s = sweep(fs[i].k, fs[i].r, stride, one);
            printf("%-8s max %lld ulp at x = %a (%.9g)  [%ld inputs]\n", fs[i].name,
                   (long long)s.max, s.worst, s.worst, s.count);
        }
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "hash") == 0) {
        // Every kernel on inputs covering the float range; one checksum per kernel.
        long n = 1 << 20;
        float *a = malloc(n * 4), *b = malloc(n * 4), *y = malloc(n * 4);
        for (long i = 0; i < n; i++) {
            a[i] = u2f((uint32_t)(i * 4099u));
            b[i] = u2f((uint32_t)(i * 4093u + 12345u));
        }
        uint64_t h;
#define H1(F) F(a, y, n); h = fnv(14695981039346656037ull, y, n * 4); printf("%-24s %016llx\n", #F, (unsigned long long)h);
#define H2(F) F(a, b, y, n); h = fnv(14695981039346656037ull, y, n * 4); printf("%-24s %016llx\n", #F, (unsigned long long)h);
#define HS(F) F(a, 1.7f, y, n); h = fnv(14695981039346656037ull, y, n * 4); printf("%-24s %016llx\n", #F, (unsigned long long)h);
        H1(syn_exp) H1(syn_log) H1(syn_tanh) H1(syn_sigmoid) H1(syn_relu)
        H2(syn_add) H2(syn_sub) H2(syn_mul) H2(syn_div)
        H2(syn_relu_backward) H2(syn_sigmoid_backward) H2(syn_tanh_backward)
        HS(syn_add_scalar) HS(syn_sub_scalar) HS(syn_mul_scalar) HS(syn_div_scalar)
        HS(syn_rsub_scalar) HS(syn_rdiv_scalar)
        syn_axpb(a, 1.3f, -0.7f, y, n); h = fnv(14695981039346656037ull, y, n * 4);
        printf("%-24s %016llx\n", "syn_axpb", (unsigned long long)h);
        // Finite data for the reductions.
        for (long i = 0; i < n; i++) a[i] = (float)((i * 2654435761u) % 100003) / 1000.0f - 50.0f;
        syn_softmax_rows(a, y, 1024, 1024); h = fnv(14695981039346656037ull, y, n * 4);
        printf("%-24s %016llx\n", "syn_softmax_rows", (unsigned long long)h);
        syn_sum_rows(a, y, 999, 1049); h = fnv(14695981039346656037ull, y, 999 * 4);
        printf("%-24s %016llx\n", "syn_sum_rows", (unsigned long long)h);
        memset(y, 0, n * 4);
        syn_sum_cols_accumulate(a, y, 1049, 999); h = fnv(14695981039346656037ull, y, 999 * 4);
        printf("%-24s %016llx\n", "syn_sum_cols_accumulate", (unsigned long long)h);
        double s = syn_sum(a, n - 3); h = fnv(14695981039346656037ull, &s, 8);
        for (int isa = 0; isa <= 2; isa++)
            if (syn_sum_isa(a, n - 3, isa) != s) { printf("syn_sum_isa(%d) differs\n", isa); return 1; }
        printf("%-24s %016llx\n", "syn_sum", (unsigned long long)h);
        return 0;
    }
    fprintf(stderr, "usage: test_kernels ulp [STRIDE ONE_STRIDE] | hash\n");
    return 2;
}

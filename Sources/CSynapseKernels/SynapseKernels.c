// Vectorised float kernels (see include/CSynapseKernels.h for the API).
//
// Accuracy, measured against the double-precision <math.h> functions rounded to float (ulp
// distance = difference of the float bit patterns read as ordered integers) on every float
// (all 2^32 bit patterns; scripts/test-kernels.sh 1):
//     syn_exp      max 1 ulp
//     syn_log      max 1 ulp
//     syn_tanh     max 1 ulp
//     syn_sigmoid  max 2 ulp  (against the double 1/(1+e^-x), e^x/(1+e^x))
// Exact at +-inf, NaN, -0, subnormal inputs and outputs and the overflow/underflow edges.
//
// How it is built: every function is a loop over whole arrays of branch-free scalar code
// (selects, bit operations through memcpy) that clang's loop vectoriser turns into SIMD. On
// x86-64 ELF the exported loops carry target_clones("avx512f", "avx2", "default"), so the
// loader picks the widest version this CPU runs (ifunc). FP contraction is off so that the
// AVX-512 version (whose target implies FMA) rounds exactly as the others do: all versions
// give bit-identical results, and so does a -O0 build (SwiftPM's debug configuration).
//
// In-place calls (y == x) are dispatched to a loop over one pointer; separate arrays go to a
// loop whose pointers are `restrict`: the vectoriser's runtime overlap check would otherwise
// see y == x as an overlap and fall back to scalar code.
#include "CSynapseKernels.h"

#include <stdint.h>
#include <string.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

#if defined(__x86_64__) && defined(__ELF__) && (defined(__clang__) || defined(__GNUC__)) \
    && !defined(SYN_KERNELS_NO_CLONES)
#define SYN_MULTIVERSION 1
#define SYN_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define SYN_MULTIVERSION 0
#define SYN_CLONES
#endif

#define SYN_INLINE static inline __attribute__((always_inline))

// MARK: Bit helpers

SYN_INLINE uint32_t f2u(float f) { uint32_t u; __builtin_memcpy(&u, &f, sizeof u); return u; }
SYN_INLINE float u2f(uint32_t u) { float f; __builtin_memcpy(&f, &u, sizeof f); return f; }
SYN_INLINE float fabs_(float x) { return u2f(f2u(x) & 0x7fffffffu); }

// MARK: Scalar cores (inlined into the loops)

// e^x. Cephes-style: n = round(x log2 e) (by adding 1.5 * 2^23, which also leaves n in the low
// bits), r = x - n ln 2 in two steps (ln 2 = C1 + C2, C1 with 9 significant bits so that n * C1
// is exact), e^r by a degree-7 polynomial (1 + r + r^2 P(r)), and 2^n applied in two factors
// 2^(n/2) 2^(n - n/2), both normal floats, so results near FLT_MAX and down into the subnormals
// are rounded once. Inputs are clamped to [-104, 89]: beyond, the result overflows to +inf or
// rounds to 0 by itself. NaN passes through the clamps and the polynomial.
SYN_INLINE float exp_core(float x) {
    float xc = x < -104.0f ? -104.0f : x;
    xc = xc > 89.0f ? 89.0f : xc;
    const float magic = 12582912.0f;  // 1.5 * 2^23
    float t = xc * 1.44269504088896341f + magic;
    float nf = t - magic;
    int32_t n = (int32_t)(f2u(t) - 0x4B400000u);
    float r = xc - nf * 0.693359375f;
    r = r - nf * -2.12194440e-4f;
    float z = r * r;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float y = p * z + r + 1.0f;
    int32_t n1 = n >> 1;  // arithmetic shift: floor(n / 2)
    int32_t n2 = n - n1;
    float s1 = u2f((uint32_t)(n1 + 127) << 23);
    float s2 = u2f((uint32_t)(n2 + 127) << 23);
    return (y * s1) * s2;
}

// ln x. Subnormal x are scaled by 2^23 first; x = m 2^e with m in [sqrt(1/2), sqrt 2) split by
// bit operations; ln(m) = f - f^2/2 + f^3 P(f) with f = m - 1 (Cephes logf polynomial); the
// exponent's e ln 2 is added in two parts. Special inputs are fixed by selects at the end.
SYN_INLINE float log_core(float x) {
    int sub = x < 1.17549435e-38f;  // also true for 0 and negatives, fixed below
    float xs = sub ? x * 8388608.0f : x;
    uint32_t u = f2u(xs);
    int32_t e = (int32_t)((u >> 23) & 0xffu) - 126 - (sub ? 23 : 0);
    float m = u2f((u & 0x007fffffu) | 0x3f000000u);  // [0.5, 1)
    int small = m < 0.707106781186547524f;
    e = small ? e - 1 : e;
    float f = small ? (m + m) - 1.0f : m - 1.0f;
    float ef = (float)e;
    float z = f * f;
    float p = 7.0376836292e-2f;
    p = p * f - 1.1514610310e-1f;
    p = p * f + 1.1676998740e-1f;
    p = p * f - 1.2420140846e-1f;
    p = p * f + 1.4249322787e-1f;
    p = p * f - 1.6668057665e-1f;
    p = p * f + 2.0000714765e-1f;
    p = p * f - 2.4999993993e-1f;
    p = p * f + 3.3333331174e-1f;
    float y = p * f * z;
    y = y + ef * -2.12194440e-4f;
    y = y - 0.5f * z;
    float r = f + y;
    r = r + ef * 0.693359375f;
    const float inf = u2f(0x7f800000u);
    r = x == inf ? inf : r;
    r = x < 0.0f ? u2f(0x7fc00000u) : r;
    r = x == 0.0f ? -inf : r;
    r = x != x ? x + x : r;
    return r;
}

// tanh x. |x| < 0.625: x + x^3 P(x^2) (Cephes tanhf); otherwise 1 - 2 / (e^(2|x|) + 1) with
// the sign put back (e^(2|x|) = +inf gives exactly 1). |x| < 2^-12 returns x (keeps -0).
SYN_INLINE float tanh_core(float x) {
    float ax = fabs_(x);
    float z = x * x;
    float p = -5.70498872745e-3f;
    p = p * z + 2.06390887954e-2f;
    p = p * z - 5.37397155531e-2f;
    p = p * z + 1.33314422036e-1f;
    p = p * z - 3.33332819422e-1f;
    float small = p * z * x + x;
    float e = exp_core(ax + ax);
    float big = 1.0f - 2.0f / (e + 1.0f);
    big = u2f(f2u(big) | (f2u(x) & 0x80000000u));
    float r = ax < 0.625f ? small : big;
    return ax < 2.44140625e-4f ? x : r;
}

// 1 / (1 + e^-x) for x >= 0, e^x / (1 + e^x) for x < 0: e = e^-|x| never overflows.
SYN_INLINE float sigmoid_core(float x) {
    float e = exp_core(-fabs_(x));
    float d = 1.0f + e;
    // One division: the two branches share the denominator (1/d for x >= 0, e/d below).
    float r = (x >= 0.0f ? 1.0f : e) / d;
    return x != x ? x + x : r;  // NaN keeps its sign (-|x| would have flipped it)
}

// MARK: Loop generators

// Unary map with optional extra scalar parameters: NAME(const float *x DECL, float *y, long n).
#define SYN_MAP1(NAME, DECL, ARGS, EXPR)                                                       \
    SYN_INLINE void NAME##_sep(const float *restrict x, float *restrict y, long n DECL) {      \
        for (long i = 0; i < n; i++) { float v = x[i]; y[i] = (EXPR); }                        \
    }                                                                                          \
    SYN_INLINE void NAME##_inp(float *y, long n DECL) {                                        \
        for (long i = 0; i < n; i++) { float v = y[i]; y[i] = (EXPR); }                        \
    }                                                                                          \
    SYN_CLONES void NAME(const float *x DECL, float *y, long n) {                              \
        if (x == y) NAME##_inp(y, n ARGS); else NAME##_sep(x, y, n ARGS);                      \
    }

// Binary map: NAME(const float *a, const float *b, float *y, long n), EXPR in u = a[i], v = b[i].
#define SYN_MAP2(NAME, EXPR)                                                                   \
    SYN_INLINE void NAME##_sep(const float *restrict a, const float *restrict b,               \
                               float *restrict y, long n) {                                    \
        for (long i = 0; i < n; i++) { float u = a[i], v = b[i]; y[i] = (EXPR); }              \
    }                                                                                          \
    SYN_INLINE void NAME##_ya(float *restrict y, const float *restrict b, long n) {            \
        for (long i = 0; i < n; i++) { float u = y[i], v = b[i]; y[i] = (EXPR); }              \
    }                                                                                          \
    SYN_INLINE void NAME##_yb(const float *restrict a, float *restrict y, long n) {            \
        for (long i = 0; i < n; i++) { float u = a[i], v = y[i]; y[i] = (EXPR); }              \
    }                                                                                          \
    SYN_INLINE void NAME##_yab(float *y, long n) {                                             \
        for (long i = 0; i < n; i++) { float u = y[i], v = y[i]; y[i] = (EXPR); }              \
    }                                                                                          \
    SYN_CLONES void NAME(const float *a, const float *b, float *y, long n) {                   \
        if (y == a && y == b) NAME##_yab(y, n);                                                \
        else if (y == a) NAME##_ya(y, b, n);                                                   \
        else if (y == b) NAME##_yb(a, y, n);                                                   \
        else NAME##_sep(a, b, y, n);                                                           \
    }

#define SYN_NOARGS
#define SYN_ARGS_AB_DECL , float a, float b
#define SYN_ARGS_AB , a, b
#define SYN_ARGS_S_DECL , float s
#define SYN_ARGS_S , s

SYN_MAP1(syn_exp, SYN_NOARGS, SYN_NOARGS, exp_core(v))
SYN_MAP1(syn_log, SYN_NOARGS, SYN_NOARGS, log_core(v))
SYN_MAP1(syn_tanh, SYN_NOARGS, SYN_NOARGS, tanh_core(v))
SYN_MAP1(syn_sigmoid, SYN_NOARGS, SYN_NOARGS, sigmoid_core(v))
SYN_MAP1(syn_relu, SYN_NOARGS, SYN_NOARGS, v <= 0.0f ? 0.0f : v)
SYN_MAP1(syn_axpb, SYN_ARGS_AB_DECL, SYN_ARGS_AB, a * v + b)
SYN_MAP1(syn_add_scalar, SYN_ARGS_S_DECL, SYN_ARGS_S, v + s)
SYN_MAP1(syn_sub_scalar, SYN_ARGS_S_DECL, SYN_ARGS_S, v - s)
SYN_MAP1(syn_mul_scalar, SYN_ARGS_S_DECL, SYN_ARGS_S, v * s)
SYN_MAP1(syn_div_scalar, SYN_ARGS_S_DECL, SYN_ARGS_S, v / s)
SYN_MAP1(syn_rsub_scalar, SYN_ARGS_S_DECL, SYN_ARGS_S, s - v)
SYN_MAP1(syn_rdiv_scalar, SYN_ARGS_S_DECL, SYN_ARGS_S, s / v)

SYN_MAP2(syn_add, u + v)
SYN_MAP2(syn_sub, u - v)
SYN_MAP2(syn_mul, u * v)
SYN_MAP2(syn_div, u / v)
SYN_MAP2(syn_relu_backward, v > 0.0f ? u : 0.0f)
SYN_MAP2(syn_sigmoid_backward, u * v * (1.0f - v))
SYN_MAP2(syn_tanh_backward, u * (1.0f - v * v))

// MARK: Sums

// 64 double accumulators, element i into accumulator i % 64, then acc[k] += acc[k + w] for
// w = 32, 16, ..., 1: a fixed order of IEEE additions, so every version computes the same double.
SYN_INLINE double sum_core(const float *x, long n) {
    // 64 accumulators: eight independent vector chains even at AVX-512's 8 doubles a register,
    // so the adds' latency is hidden and the loop runs at the loads' speed.
    double acc[64];
    for (int k = 0; k < 64; k++) acc[k] = 0.0;
    long i = 0;
    for (; i + 64 <= n; i += 64)
        for (int k = 0; k < 64; k++) acc[k] += (double)x[i + k];
    for (int k = 0; i + k < n; k++) acc[k] += (double)x[i + k];
    for (int w = 32; w >= 1; w /= 2)
        for (int k = 0; k < w; k++) acc[k] += acc[k + w];
    return acc[0];
}

SYN_CLONES double syn_sum(const float *x, long n) { return sum_core(x, n); }

// Row sums accumulate in float, 64 lanes (element j of a row into lane j % 64, lanes combined
// pairwise): twice the double version's speed, as PyTorch sums in float too. Each lane adds
// at most cols/64 terms, so the error stays near (cols/64)·2⁻²⁴ relative for positive data.
SYN_INLINE float sum_core_f(const float *x, long n) {
    float acc[64];
    for (int k = 0; k < 64; k++) acc[k] = 0.0f;
    long i = 0;
    for (; i + 64 <= n; i += 64)
        for (int k = 0; k < 64; k++) acc[k] += x[i + k];
    for (int k = 0; i + k < n; k++) acc[k] += x[i + k];
    for (int w = 32; w >= 1; w /= 2)
        for (int k = 0; k < w; k++) acc[k] += acc[k + w];
    return acc[0];
}

SYN_CLONES void syn_sum_rows(const float *x, float *y, long rows, long cols) {
    for (long r = 0; r < rows; r++) y[r] = sum_core_f(x + r * cols, cols);
}

#define SYN_COLS_BLOCK 256

// Four rows are added together (in double) before they reach the accumulators: one add into acc[j]
// per row made every row wait for the previous row's store to acc (a latency chain that cost more
// than reading the rows, 3% of a CIFAR epoch through the convolution's bias gradient).
SYN_CLONES void syn_sum_cols_accumulate_ld(const float *x, float *y, long rows, long cols, long ld) {
    double acc[SYN_COLS_BLOCK];
    for (long j0 = 0; j0 < cols; j0 += SYN_COLS_BLOCK) {
        long w = cols - j0 < SYN_COLS_BLOCK ? cols - j0 : SYN_COLS_BLOCK;
        for (long j = 0; j < w; j++) acc[j] = 0.0;
        long r = 0;
        for (; r + 4 <= rows; r += 4) {
            const float *a = x + r * ld + j0, *b = a + ld, *c = b + ld, *d = c + ld;
            for (long j = 0; j < w; j++) acc[j] += ((double)a[j] + (double)b[j]) + ((double)c[j] + (double)d[j]);
        }
        for (; r < rows; r++) {
            const float *row = x + r * ld + j0;
            for (long j = 0; j < w; j++) acc[j] += (double)row[j];
        }
        for (long j = 0; j < w; j++) y[j0 + j] = (float)((double)y[j0 + j] + acc[j]);
    }
}

void syn_sum_cols_accumulate(const float *x, float *y, long rows, long cols) {
    syn_sum_cols_accumulate_ld(x, y, rows, cols, cols);
}

// MARK: Softmax

SYN_INLINE void softmax_exp_sep(const float *restrict x, float *restrict y, long n, float m) {
    for (long i = 0; i < n; i++) y[i] = exp_core(x[i] - m);
}
SYN_INLINE void softmax_exp_inp(float *y, long n, float m) {
    for (long i = 0; i < n; i++) y[i] = exp_core(y[i] - m);
}

// The row maximum ignores NaN; a NaN entry then makes its e^(x - m), the sum and so every
// output NaN. m = +inf gives NaN through inf - inf, m = -inf (all -inf) through -inf - -inf.
SYN_INLINE void softmax_row(const float *x, float *y, long n) {
    float mk[16];
    for (int k = 0; k < 16; k++) mk[k] = -__builtin_inff();
    long i = 0;
    for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++) mk[k] = x[i + k] > mk[k] ? x[i + k] : mk[k];
    for (int k = 0; i + k < n; k++) mk[k] = x[i + k] > mk[k] ? x[i + k] : mk[k];
    for (int w = 8; w >= 1; w /= 2)
        for (int k = 0; k < w; k++) mk[k] = mk[k + w] > mk[k] ? mk[k + w] : mk[k];
    float m = mk[0];
    if (x == y) softmax_exp_inp(y, n, m); else softmax_exp_sep(x, y, n, m);
    float s = (float)sum_core(y, n);
    for (long j = 0; j < n; j++) y[j] = y[j] / s;
}

SYN_CLONES void syn_softmax_rows(const float *x, float *y, long rows, long cols) {
    for (long r = 0; r < rows; r++) softmax_row(x + r * cols, y + r * cols, cols);
}

// MARK: Introspection

#if SYN_MULTIVERSION
__attribute__((target("avx512f"))) static double sum_avx512(const float *x, long n) { return sum_core(x, n); }
__attribute__((target("avx2"))) static double sum_avx2(const float *x, long n) { return sum_core(x, n); }
#endif
static double sum_baseline(const float *x, long n) { return sum_core(x, n); }

int syn_kernels_isa(void) {
#if SYN_MULTIVERSION
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 2;
    if (__builtin_cpu_supports("avx2")) return 1;
#endif
    return 0;
}

double syn_sum_isa(const float *x, long n, int isa) {
#if SYN_MULTIVERSION
    int have = syn_kernels_isa();
    if (isa == 2 && have >= 2) return sum_avx512(x, n);
    if (isa == 1 && have >= 1) return sum_avx2(x, n);
#else
    (void)isa;
#endif
    return sum_baseline(x, n);
}

// MARK: Optimizer updates

#if defined(__has_builtin)
#if __has_builtin(__builtin_elementwise_sqrt)
#define SYN_SQRT(x) __builtin_elementwise_sqrt(x)
#endif
#endif
#ifndef SYN_SQRT
#define SYN_SQRT(x) __builtin_sqrtf(x)
#endif

// Moments below the smallest normal float are set to zero (DESIGN decision 4: denormals slow
// every later step down; TensorFlow flushes them too).
SYN_INLINE float flush_(float x) { return fabs_(x) < 1.17549435e-38f ? 0.0f : x; }

// Adam's step, in Keras's order of operations:
//   m += (g - m) b1;  v += (g^2 - v) b2;  w -= alpha m / (sqrt(v) + eps);  then m and v flushed
// (the weight update uses the moments before flushing, exactly as the separate passes did).
SYN_CLONES void syn_adam(float *restrict w, const float *restrict g, float *restrict m, float *restrict v,
                         long n, float alpha, float b1, float b2, float eps) {
    for (long i = 0; i < n; i++) {
        float mi = m[i] + (g[i] - m[i]) * b1;
        float vi = v[i] + (g[i] * g[i] - v[i]) * b2;
        w[i] -= alpha * mi / (SYN_SQRT(vi) + eps);
        m[i] = flush_(mi);
        v[i] = flush_(vi);
    }
}

SYN_CLONES void syn_flush_denormals(float *x, long n) {
    for (long i = 0; i < n; i++) x[i] = flush_(x[i]);
}

// MARK: Pooling

// The maximum over a window of channel vectors, and where it was: for each channel ch,
// out[ch] = max over p of img[offsets[p] + ch] (the first maximum wins; a NaN in the first
// position stays, later NaNs never win, as the Swift loop this replaces), idx[ch] its flat index.
SYN_CLONES void syn_max_channels(const float *restrict img, const long *restrict offsets, long positions, long c,
                                 float *restrict out, int32_t *restrict idx) {
    if (positions <= 0) return;
    const float *first = img + offsets[0];
    for (long ch = 0; ch < c; ch++) { out[ch] = first[ch]; idx[ch] = (int32_t)(offsets[0] + ch); }
    for (long p = 1; p < positions; p++) {
        const float *src = img + offsets[p];
        int32_t base = (int32_t)offsets[p];
        for (long ch = 0; ch < c; ch++) {
            float v = src[ch];
            int take = v > out[ch];
            out[ch] = take ? v : out[ch];
            idx[ch] = take ? base + (int32_t)ch : idx[ch];
        }
    }
}

// Max pooling's backward pass over one image: dx = 0, then dx[idx[o]] += g[o] for every output o.
// With `pooled` (the outputs, for a ReLU input), only where pooled[o] > 0: a select, not a branch,
// since about half the outputs of a ReLU layer are zero and a branch there mispredicts.
SYN_CLONES void syn_max_pool_backward(const int32_t *restrict idx, const float *restrict g, const float *restrict pooled,
                                      long count, float *restrict dx, long image_size) {
    memset(dx, 0, (size_t)image_size * sizeof(float));
    if (pooled) {
        for (long o = 0; o < count; o++) dx[idx[o]] += pooled[o] > 0 ? g[o] : 0.0f;
    } else {
        for (long o = 0; o < count; o++) dx[idx[o]] += g[o];
    }
}

// The same for windows that never overlap (strides at least the window, as MaxPooling2D's
// default): each input position lies in at most one window, so dx is written once, row by row,
// instead of cleared and then scattered into. Window (p, q) covers rows p·sh − pt + (0..<kh) and
// columns q·sw − pl + (0..<kw); a position it covers gets g where it is the argmax, else 0, and a
// position no window covers gets 0. Vectorised over the channels.
SYN_CLONES void syn_max_pool_backward_disjoint(const int32_t *restrict idx, const float *restrict g,
                                               const float *restrict pooled, float *restrict dx, long h, long w, long c,
                                               long oh, long ow, long kh, long kw, long sh, long sw, long pt, long pl) {
    for (long r = 0; r < h; r++) {
        float *restrict row = dx + r * w * c;
        const long p = (r + pt) / sh, u = r + pt - p * sh;
        if (p >= oh || u >= kh) { memset(row, 0, (size_t)(w * c) * sizeof(float)); continue; }
        // The window column q and the position v inside it, stepped along the row (a division per
        // position cost more than the rest of the loop).
        long q = pl / sw, v = pl - q * sw;
        for (long s = 0; s < w; s++) {
            if (s > 0 && ++v == sw) { v = 0; q++; }
            float *restrict at = row + s * c;
            if (q >= ow || v >= kw) { memset(at, 0, (size_t)c * sizeof(float)); continue; }
            const long o = (p * ow + q) * c;
            const int32_t position = (int32_t)((r * w + s) * c);
            const int32_t *restrict window = idx + o;
            const float *restrict gradient = g + o;
            if (pooled) {
                const float *restrict maximum = pooled + o;
                for (long ch = 0; ch < c; ch++)
                    at[ch] = (window[ch] == position + (int32_t)ch && maximum[ch] > 0) ? gradient[ch] : 0.0f;
            } else {
                for (long ch = 0; ch < c; ch++) at[ch] = window[ch] == position + (int32_t)ch ? gradient[ch] : 0.0f;
            }
        }
    }
}

// MARK: Bias rows

// y[r, j] += b[j] for a [rows, cols] matrix, in place: the bias pass of the fused dense and
// convolution ops (one call instead of one per row).
SYN_CLONES void syn_add_row_vector(float *y, const float *restrict b, long rows, long cols) {
    for (long r = 0; r < rows; r++) {
        float *restrict row = y + r * cols;
        for (long j = 0; j < cols; j++) row[j] += b[j];
    }
}

// MARK: Atomics for the thread pool

// Swift 5 mode has no portable atomics without a package; the pool's spin-waits need a load
// that another thread's store is guaranteed to reach, so these few go through C11 atomics.
#include <stdatomic.h>

long syn_atomic_load(const long *p) { return atomic_load_explicit((_Atomic long *)p, memory_order_acquire); }
void syn_atomic_store(long *p, long v) { atomic_store_explicit((_Atomic long *)p, v, memory_order_release); }
long syn_atomic_add(long *p, long v) { return atomic_fetch_add_explicit((_Atomic long *)p, v, memory_order_acq_rel); }

void syn_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

// RMSprop's plain step (Keras 3: not centered, no momentum), in the Swift loop's order:
//   v = rho v + (1 - rho) g g;  w -= lr g / sqrt(v + eps);  then v flushed below FLT_MIN.
SYN_CLONES void syn_rmsprop(float *restrict w, const float *restrict g, float *restrict v, long n,
                            float lr, float rho, float eps) {
    for (long i = 0; i < n; i++) {
        float vi = rho * v[i] + (1.0f - rho) * g[i] * g[i];
        w[i] -= lr * g[i] / SYN_SQRT(vi + eps);
        v[i] = flush_(vi);
    }
}

// MARK: Recurrent cells
//
// One batch row of one time step of SimpleRNN, LSTM and GRU, forward and backward (the math is
// written out in Sources/SynapseTensor/Ops/Recurrent.swift). Activations are coded as
// FusedActivation: 0 linear, 1 relu, 2 sigmoid, 3 tanh; their derivatives are functions of the
// output y: 1, [y > 0], y (1 - y), 1 - y^2.

SYN_INLINE void act_sep(const float *restrict x, float *restrict y, long n, int act) {
    switch (act) {
    case 1: for (long i = 0; i < n; i++) { float v = x[i]; y[i] = v > 0.0f ? v : (v != v ? v : 0.0f); } break;
    case 2: for (long i = 0; i < n; i++) y[i] = sigmoid_core(x[i]); break;
    case 3: for (long i = 0; i < n; i++) y[i] = tanh_core(x[i]); break;
    default: for (long i = 0; i < n; i++) y[i] = x[i]; break;
    }
}

SYN_INLINE void act_inp(float *y, long n, int act) {
    switch (act) {
    case 1: for (long i = 0; i < n; i++) { float v = y[i]; y[i] = v > 0.0f ? v : (v != v ? v : 0.0f); } break;
    case 2: for (long i = 0; i < n; i++) y[i] = sigmoid_core(y[i]); break;
    case 3: for (long i = 0; i < n; i++) y[i] = tanh_core(y[i]); break;
    default: break;
    }
}

// out = g * f'(y), f' as a function of the activation's output y.
SYN_INLINE void act_grad(const float *restrict g, const float *restrict y, float *restrict out, long n, int act) {
    switch (act) {
    case 1: for (long i = 0; i < n; i++) out[i] = y[i] > 0.0f ? g[i] : 0.0f; break;
    case 2: for (long i = 0; i < n; i++) out[i] = g[i] * (y[i] * (1.0f - y[i])); break;
    case 3: for (long i = 0; i < n; i++) out[i] = g[i] * (1.0f - y[i] * y[i]); break;
    default: for (long i = 0; i < n; i++) out[i] = g[i]; break;
    }
}

// g *= f'(y), in place.
SYN_INLINE void act_grad_inp(float *restrict g, const float *restrict y, long n, int act) {
    switch (act) {
    case 1: for (long i = 0; i < n; i++) g[i] = y[i] > 0.0f ? g[i] : 0.0f; break;
    case 2: for (long i = 0; i < n; i++) g[i] = g[i] * (y[i] * (1.0f - y[i])); break;
    case 3: for (long i = 0; i < n; i++) g[i] = g[i] * (1.0f - y[i] * y[i]); break;
    default: break;
    }
}

SYN_CLONES void syn_activate(float *y, long n, int act) { act_inp(y, n, act); }

SYN_CLONES void syn_activation_grad(const float *g, const float *y, float *out, long n, int act) {
    if (g == out) act_grad_inp(out, y, n, act); else act_grad(g, y, out, n, act);
}

SYN_CLONES void syn_lstm_cell(float *restrict z, const float *restrict c_prev, float *restrict c,
                              float *restrict a, float *restrict h, long u, int act, int ract) {
    act_inp(z, 2 * u, ract);          // i, f
    act_inp(z + 2 * u, u, act);       // candidate g
    act_inp(z + 3 * u, u, ract);      // o
    const float *i_ = z, *f_ = z + u, *g_ = z + 2 * u;
    for (long k = 0; k < u; k++) c[k] = f_[k] * c_prev[k] + i_[k] * g_[k];
    act_sep(c, a, u, act);
    const float *o_ = z + 3 * u;
    for (long k = 0; k < u; k++) h[k] = o_[k] * a[k];
}

SYN_CLONES void syn_lstm_cell_backward(const float *restrict dh, float *restrict dc, const float *restrict z,
                                       const float *restrict c_prev, const float *restrict a,
                                       float *restrict dz, float *restrict scratch, long u, int act, int ract) {
    const float *i_ = z, *f_ = z + u, *g_ = z + 2 * u, *o_ = z + 3 * u;
    float *di = dz, *df = dz + u, *dg = dz + 2 * u, *dout = dz + 3 * u;
    // scratch = dh * o, then through act': the path from h back into c.
    for (long k = 0; k < u; k++) scratch[k] = dh[k] * o_[k];
    act_grad_inp(scratch, a, u, act);
    for (long k = 0; k < u; k++) {
        float dck = dc[k] + scratch[k];
        dout[k] = dh[k] * a[k];
        di[k] = dck * g_[k];
        dg[k] = dck * i_[k];
        df[k] = dck * c_prev[k];
        dc[k] = dck * f_[k];
    }
    act_grad_inp(di, i_, 2 * u, ract);     // di, df (i and f are adjacent)
    act_grad_inp(dg, g_, u, act);
    act_grad_inp(dout, o_, u, ract);
}

SYN_CLONES void syn_gru_cell(const float *restrict xp, const float *restrict inner, const float *restrict h_prev,
                             float *restrict z, float *restrict h, long u, int act, int ract) {
    // z row: [update, reset, candidate, recurrent candidate term]
    float *zu = z, *zr = z + u, *zh = z + 2 * u, *zi = z + 3 * u;
    for (long k = 0; k < 2 * u; k++) zu[k] = xp[k] + inner[k];
    act_inp(zu, 2 * u, ract);
    for (long k = 0; k < u; k++) { zi[k] = inner[2 * u + k]; zh[k] = xp[2 * u + k] + zr[k] * zi[k]; }
    act_inp(zh, u, act);
    for (long k = 0; k < u; k++) h[k] = zu[k] * h_prev[k] + (1.0f - zu[k]) * zh[k];
}

SYN_CLONES void syn_gru_cell_backward(const float *restrict dh, const float *restrict z, const float *restrict h_prev,
                                      float *restrict dzx, float *restrict dzh, float *restrict direct, long u,
                                      int act, int ract) {
    const float *zu = z, *zr = z + u, *zh = z + 2 * u, *zi = z + 3 * u;
    float *du = dzx, *dr = dzx + u, *dc = dzx + 2 * u;
    for (long k = 0; k < u; k++) { du[k] = dh[k] * (h_prev[k] - zh[k]); dc[k] = dh[k] * (1.0f - zu[k]); direct[k] = dh[k] * zu[k]; }
    act_grad_inp(dc, zh, u, act);
    for (long k = 0; k < u; k++) dr[k] = dc[k] * zi[k];
    act_grad_inp(du, zu, 2 * u, ract);     // update and reset
    for (long k = 0; k < 2 * u; k++) dzh[k] = dzx[k];
    for (long k = 0; k < u; k++) dzh[2 * u + k] = dc[k] * zr[k];
}

SYN_CLONES void syn_gru_gates_before(const float *restrict xp, const float *restrict inner, const float *restrict hm,
                                     float *restrict z, float *restrict rh, long u, int ract) {
    for (long k = 0; k < 2 * u; k++) z[k] = xp[k] + inner[k];
    act_inp(z, 2 * u, ract);
    for (long k = 0; k < u; k++) rh[k] = z[u + k] * hm[k];
}

SYN_CLONES void syn_gru_cell_before(const float *restrict xp, const float *restrict inner_h, const float *restrict h_prev,
                                    float *restrict z, float *restrict h, long u, int act) {
    float *zu = z, *zh = z + 2 * u;
    for (long k = 0; k < u; k++) zh[k] = xp[2 * u + k] + inner_h[k];
    act_inp(zh, u, act);
    for (long k = 0; k < u; k++) h[k] = zu[k] * h_prev[k] + (1.0f - zu[k]) * zh[k];
}

SYN_CLONES void syn_gru_backward_before_candidate(const float *restrict dh, const float *restrict z,
                                                  const float *restrict h_prev, float *restrict dzx,
                                                  float *restrict direct, long u, int act, int ract) {
    const float *zu = z, *zh = z + 2 * u;
    float *du = dzx, *dc = dzx + 2 * u;
    for (long k = 0; k < u; k++) { du[k] = dh[k] * (h_prev[k] - zh[k]); dc[k] = dh[k] * (1.0f - zu[k]); direct[k] = dh[k] * zu[k]; }
    act_grad_inp(dc, zh, u, act);
    act_grad_inp(du, zu, u, ract);
}

SYN_CLONES void syn_gru_backward_before_reset(const float *restrict drh, const float *restrict z,
                                              const float *restrict hm, float *restrict dzx, float *restrict dhm,
                                              long u, int ract) {
    const float *zr = z + u;
    float *dr = dzx + u;
    for (long k = 0; k < u; k++) { dr[k] = drh[k] * hm[k]; dhm[k] = drh[k] * zr[k]; }
    act_grad_inp(dr, zr, u, ract);
}

// CSynapseKernels: vectorised float kernels for SynapseTensor.
//
// Every array function takes a length `long n` (n <= 0 does nothing). Output arrays may alias an
// input exactly (y == x: in place); partial overlap is not allowed. On x86-64 ELF (Linux) the
// loops are compiled three times (AVX-512F, AVX2, baseline) and picked per CPU at load time
// (function multi-versioning); elsewhere one portable version is compiled. All versions return
// bit-identical results: the math is plain IEEE float/double operations in a fixed order
// (no FMA contraction, no reassociation). Accuracy of the transcendental functions is stated in
// SynapseKernels.c.
#ifndef CSYNAPSE_KERNELS_H
#define CSYNAPSE_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: Elementwise transcendental functions (max error <= 2 ulp; exact at +-inf, NaN, -0, edges)

/// y = e^x. x > 88.7228 gives +inf, results below FLT_MIN are subnormal, x < -103.98 gives 0.
void syn_exp(const float *x, float *y, long n);
/// y = ln x. ln 0 = -inf, ln(x < 0) = NaN, ln(+inf) = +inf; subnormal x are handled.
void syn_log(const float *x, float *y, long n);
/// y = tanh x (tanh(-0) = -0, tanh(+-inf) = +-1).
void syn_tanh(const float *x, float *y, long n);
/// y = 1 / (1 + e^-x), computed without overflow (e^x / (1 + e^x) for x < 0).
void syn_sigmoid(const float *x, float *y, long n);

// MARK: Elementwise arithmetic

/// y = max(x, 0) with relu(NaN) = NaN (as PyTorch) and relu(-0) = +0.
void syn_relu(const float *x, float *y, long n);
/// y = a * x + b (two roundings: the product, then the sum).
void syn_axpb(const float *x, float a, float b, float *y, long n);
/// y = a + b, a - b, a * b, a / b.
void syn_add(const float *a, const float *b, float *y, long n);
void syn_sub(const float *a, const float *b, float *y, long n);
void syn_mul(const float *a, const float *b, float *y, long n);
void syn_div(const float *a, const float *b, float *y, long n);
/// y = a + s, a - s, a * s, a / s (a true division, not a * (1/s)).
void syn_add_scalar(const float *a, float s, float *y, long n);
void syn_sub_scalar(const float *a, float s, float *y, long n);
void syn_mul_scalar(const float *a, float s, float *y, long n);
void syn_div_scalar(const float *a, float s, float *y, long n);
/// y = s - a, s / a.
void syn_rsub_scalar(const float *a, float s, float *y, long n);
void syn_rdiv_scalar(const float *a, float s, float *y, long n);

// MARK: Backward helpers

/// out = x > 0 ? g : 0 (NaN x gives 0).
void syn_relu_backward(const float *g, const float *x, float *out, long n);
/// out = g * y * (1 - y), with y the sigmoid output.
void syn_sigmoid_backward(const float *g, const float *y, float *out, long n);
/// out = g * (1 - y * y), with y the tanh output.
void syn_tanh_backward(const float *g, const float *y, float *out, long n);

// MARK: Rows and reductions (row-major `rows x cols` matrices)

/// Softmax of each row: y = e^(x - max) / sum. A row holding NaN or +inf gives NaN, a row of
/// all -inf gives NaN (as PyTorch); -inf entries elsewhere give 0. y may be x.
void syn_softmax_rows(const float *x, float *y, long rows, long cols);
/// Sum in double with 64 accumulators (element i goes to accumulator i % 64), combined
/// pairwise in a fixed order: the result depends only on n and the data (same on every CPU).
double syn_sum(const float *x, long n);
/// y[i] = sum_j x[i, j] (each row summed as syn_sum does, rounded to float).
/// y[i] = sum_j x[i, j], accumulated in float over 64 lanes combined pairwise (fixed order).
void syn_sum_rows(const float *x, float *y, long rows, long cols);
/// y[j] += sum_i x[i, j] (column sums accumulated in double, for bias gradients).
void syn_sum_cols_accumulate(const float *x, float *y, long rows, long cols);
/* The same over `cols` columns of a matrix whose rows are `ld` floats apart (a block of columns). */
void syn_sum_cols_accumulate_ld(const float *x, float *y, long rows, long cols, long ld);

// MARK: Optimizer updates

/// One Adam step over n weights (Keras's formulas; alpha already holds the bias corrections):
/// m += (g - m) b1; v += (g*g - v) b2; w -= alpha m / (sqrt(v) + eps); then m and v below
/// FLT_MIN are set to 0. b1 and b2 are 1 - beta1 and 1 - beta2. No argument may alias another.
void syn_adam(float *w, const float *g, float *m, float *v, long n, float alpha, float b1, float b2, float eps);
/// One plain RMSprop step (not centered, no momentum): v = rho v + (1 - rho) g g;
/// w -= lr g / sqrt(v + eps); then v below FLT_MIN set to 0. No argument may alias another.
void syn_rmsprop(float *w, const float *g, float *v, long n, float lr, float rho, float eps);
/// x[i] = 0 where |x[i]| < FLT_MIN (denormals), in place.
void syn_flush_denormals(float *x, long n);

// MARK: Bias rows

/// y[r, j] += b[j] for r < rows, j < cols, in place (b must not alias y).
void syn_add_row_vector(float *y, const float *b, long rows, long cols);

// MARK: Pooling

/// For each channel ch < c: out[ch] = the maximum of img[offsets[p] + ch] over p < positions (the
/// first maximum wins), idx[ch] = the flat index (offsets[p] + ch) where it was.
void syn_max_channels(const float *img, const long *offsets, long positions, long c, float *out, int32_t *idx);
/// Max pooling's backward pass for one image of `image_size` floats: dx = 0, then dx[idx[o]] += g[o]
/// for o < count, where pooled[o] > 0 when `pooled` is not NULL (a ReLU input's mask).
void syn_max_pool_backward(const int32_t *idx, const float *g, const float *pooled, long count, float *dx,
                           long image_size);
/// The same for one image when windows never overlap (sh >= kh, sw >= kw): writes dx [h, w, c] once.
/// idx, g and pooled are the image's [oh, ow, c] outputs; pt, pl the padding before (see the .c file).
void syn_max_pool_backward_disjoint(const int32_t *idx, const float *g, const float *pooled, float *dx, long h, long w,
                                    long c, long oh, long ow, long kh, long kw, long sh, long sw, long pt, long pl);

// MARK: Recurrent cells (one batch row of one time step; see Ops/Recurrent.swift for the math)
// Activations are coded as FusedActivation: 0 linear, 1 relu, 2 sigmoid, 3 tanh. u = units.

/// y = f(y) in place.
void syn_activate(float *y, long n, int act);
/// out = g * f'(y), with y the activation's output (out may be g).
void syn_activation_grad(const float *g, const float *y, float *out, long n, int act);
/// LSTM: z [4u] holds x W + h U + b for gates i, f, g, o; activated in place. Writes
/// c = f c_prev + i g, a = act(c), h = o a.
void syn_lstm_cell(float *z, const float *c_prev, float *c, float *a, float *h, long u, int act, int ract);
/// LSTM backward: from dh and dc (the carry from the next step; overwritten with the carry to
/// the previous step), the activated gates z, c_prev and a = act(c), writes dz [4u], the
/// gradient of the pre-activations. scratch holds u floats.
void syn_lstm_cell_backward(const float *dh, float *dc, const float *z, const float *c_prev, const float *a,
                            float *dz, float *scratch, long u, int act, int ract);
/// GRU, reset after the product (Keras's default): xp [3u] = x W + b_in, inner [3u] = h U + b_rec.
/// Writes z [4u] = (update, reset, candidate, inner candidate term) and h.
void syn_gru_cell(const float *xp, const float *inner, const float *h_prev, float *z, float *h, long u, int act, int ract);
/// Its backward: dzx [3u] for the input projection, dzh [3u] for the recurrent one, direct = dh * update.
void syn_gru_cell_backward(const float *dh, const float *z, const float *h_prev, float *dzx, float *dzh,
                           float *direct, long u, int act, int ract);
/// GRU, reset before the product: update and reset gates into z [0, 2u) and rh = reset * hm.
void syn_gru_gates_before(const float *xp, const float *inner, const float *hm, float *z, float *rh, long u, int ract);
/// Then the candidate from inner_h = rh U_h into z [2u, 3u), and h.
void syn_gru_cell_before(const float *xp, const float *inner_h, const float *h_prev, float *z, float *h, long u, int act);
/// Its backward, first half: dzx's update and candidate parts and direct = dh * update.
void syn_gru_backward_before_candidate(const float *dh, const float *z, const float *h_prev, float *dzx,
                                       float *direct, long u, int act, int ract);
/// Second half, from drh = d(candidate pre-activation) U_h^T: dzx's reset part and dhm = drh * reset.
void syn_gru_backward_before_reset(const float *drh, const float *z, const float *hm, float *dzx, float *dhm,
                                   long u, int ract);

// MARK: Atomics (the thread pool's spin-waits)

/// Acquire load, release store and acquire-release add of a long that several threads share.
long syn_atomic_load(const long *p);
void syn_atomic_store(long *p, long v);
long syn_atomic_add(long *p, long v);
/// A CPU hint inside a spin loop (x86 PAUSE, arm YIELD).
void syn_spin_pause(void);

// MARK: Files

/// Swaps the paths `a` and `b` (files or folders, same file system) in one atomic step; 0 on
/// success, -1 with errno set otherwise (ENOSYS or EINVAL where the system or the file system
/// cannot do it, and the caller falls back to renames one file at a time).
int syn_rename_exchange(const char *a, const char *b);

// MARK: Introspection (tests)

/// The version the dispatcher picks on this CPU: 2 = AVX-512F, 1 = AVX2, 0 = baseline/portable.
int syn_kernels_isa(void);
/// syn_sum forced onto one version (2, 1, 0 as above); a version this CPU lacks runs the
/// baseline one. For testing that all versions agree bit for bit.
double syn_sum_isa(const float *x, long n, int isa);

#ifdef __cplusplus
}
#endif

#endif

// CSynapseDNNL: oneDNN's convolution primitives for Tensor.conv2D (Ops/Convolution.swift), through
// oneDNN's C API. Where oneDNN's headers are missing (macOS, a Linux without libdnnl-dev) the
// functions are stubs: syn_dnnl_available() returns 0 and syn_dnnl_conv_create returns NULL.
//
// One syn_dnnl_conv serves one convolution shape. The batch is cut into chunks of `chunk` images
// (the last may be shorter); each chunk runs as one single-threaded oneDNN call, so the caller
// spreads chunks over its own threads and the results never depend on how many there are.
// Activations are NHWC and kernels HWIO [kh, kw, c, f] in the caller's memory; oneDNN's blocked
// kernel layouts live in buffers of the handle, filled by the prepare calls.
//
// A handle is not thread-safe across calls: hold its lock (syn_dnnl_conv_lock) from a prepare
// call to the end of the chunk calls that follow it. Different chunks of one pass may run on
// different threads at the same time.
#ifndef CSYNAPSE_DNNL_H
#define CSYNAPSE_DNNL_H

#ifdef __cplusplus
extern "C" {
#endif

/// A convolution's shape. Padding pb/pr after the last row/column makes
/// oh = (h − ((kh − 1)·dh + 1) + pt + pb) / sh + 1 (likewise ow).
typedef struct {
    long n, h, w, c;        // input [n, h, w, c]
    long kh, kw, f;         // kernel [kh, kw, c, f]
    long sh, sw, dh, dw;    // strides; dilation (1 = dense)
    long pt, pl, pb, pr;    // zero padding before and after
    long oh, ow;            // output [n, oh, ow, f]
    long chunk;             // images per chunk (> 0)
    int bias;               // 1: the forward pass adds a bias [f]
    int relu;               // 1: the forward pass applies ReLU to its output (a oneDNN post-op)
    int backward_data;      // 1: create the backward-data primitive too
} syn_dnnl_conv_shape;

typedef struct syn_dnnl_conv syn_dnnl_conv;

/// 1 when oneDNN was compiled in and its CPU engine starts; 0 otherwise.
int syn_dnnl_available(void);

/// The primitives for `shape`, or NULL (with a sentence in `error`) when oneDNN is unavailable or
/// has no implementation other than its reference loops for this shape.
syn_dnnl_conv *syn_dnnl_conv_create(const syn_dnnl_conv_shape *shape, char *error, int error_length);
void syn_dnnl_conv_destroy(syn_dnnl_conv *conv);

/// The number of chunks the batch is cut into.
long syn_dnnl_conv_chunks(const syn_dnnl_conv *conv);
/// 1 when the backward-data pass runs on oneDNN (asked for, and oneDNN has a fast kernel for it).
int syn_dnnl_conv_has_backward_data(const syn_dnnl_conv *conv);
/// oneDNN's name of the implementation of pass 0 (forward), 1 (backward-data), 2 (backward-weights).
const char *syn_dnnl_conv_implementation(const syn_dnnl_conv *conv, int pass);

void syn_dnnl_conv_lock(syn_dnnl_conv *conv);
void syn_dnnl_conv_unlock(syn_dnnl_conv *conv);

// Every call below returns 0 on success, else oneDNN's status (non-zero).

/// Copies the HWIO kernel into the forward pass's layout, and notes the bias (NULL without one).
int syn_dnnl_conv_prepare_forward(syn_dnnl_conv *conv, const float *kernel, const float *bias);
/// y = conv(x, K) + b (then ReLU, with shape.relu) for the images of `chunk` (x and y point at the
/// whole batch).
int syn_dnnl_conv_forward(syn_dnnl_conv *conv, long chunk, const float *x, float *y);

/// Copies the HWIO kernel into the backward-data pass's layout.
int syn_dnnl_conv_prepare_backward_data(syn_dnnl_conv *conv, const float *kernel);
/// dx = ∂x for the images of `chunk`, from dy = ∂y (whole-batch pointers).
int syn_dnnl_conv_backward_data(syn_dnnl_conv *conv, long chunk, const float *dy, float *dx);

/// ∂K of the images of `chunk` into the chunk's own partial buffer. ∂b is the caller's: oneDNN 2.6
/// sums it for NHWC in a scalar SSE loop that cost 2–3% of a CIFAR epoch, and a column sum of ∂y
/// is one vectorised pass.
int syn_dnnl_conv_backward_weights(syn_dnnl_conv *conv, long chunk, const float *x, const float *dy);
/// dk (HWIO) = Σ of the partial ∂K over the chunks, added in chunk order.
int syn_dnnl_conv_finish_backward_weights(syn_dnnl_conv *conv, float *dk);

#ifdef __cplusplus
}
#endif

#endif

// oneDNN's convolution primitives behind CSynapseDNNL.h (the header says what each call does).
//
// Layouts, as measured on the benchmark shapes (Benchmarks/onednn/RESULTS.md): activations stay
// NHWC, which oneDNN's brgconv/jit kernels read directly; a plain HWIO kernel would send oneDNN to
// its im2col + GEMM implementation (25–75 GFLOP/s instead of 70–110), so the kernel and its
// gradient use the blocked layouts oneDNN picks, and small reorders (kh·kw·c·f floats) copy them
// from and to HWIO once per pass.
//
// Threads: Debian's oneDNN runs on OpenMP. Every call here first sets the calling thread's OpenMP
// thread count to 1 (before creating primitives too, since oneDNN sizes its work split from it), so
// oneDNN never starts an OpenMP team: the caller's pool spreads the chunks, and each chunk is
// computed the same way whichever thread runs it.
//
// Memory: primitives, memory objects, streams and scratchpads (user-managed) are made once per
// handle; a pass only points memory objects at the caller's buffers.

#include "CSynapseDNNL.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<oneapi/dnnl/dnnl.h>)
#include <oneapi/dnnl/dnnl.h>
#include <pthread.h>

// libgomp is loaded with libdnnl; weak, so that nothing but libdnnl has to be linked.
extern void omp_set_num_threads(int) __attribute__((weak));

static void one_thread(void) {
    if (omp_set_num_threads) omp_set_num_threads(1);
}

static dnnl_engine_t engine;
static int engine_ready;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;

static void start_engine(void) {
    one_thread();
    engine_ready = dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success;
}

int syn_dnnl_available(void) {
    pthread_once(&engine_once, start_engine);
    return engine_ready;
}

/// The primitives for one batch size (the full chunks, or the shorter last one).
typedef struct {
    long images;
    dnnl_primitive_desc_t fwd_pd, bwd_data_pd, bwd_weights_pd;
    dnnl_primitive_t fwd, bwd_data, bwd_weights;
    dnnl_memory_desc_t src_md, dst_md;
    size_t scratch_bytes;
} plan_t;

/// What one chunk executes with.
typedef struct {
    dnnl_stream_t stream;
    dnnl_memory_t x, y;                         // src / diff_src and dst / diff_dst
    dnnl_memory_t dk;                           // this chunk's partial ∂K (blocked)
    dnnl_memory_t scratch[3];                   // per pass, one buffer
    void *scratch_buffer;
    const plan_t *plan;
} chunk_t;

struct syn_dnnl_conv {
    syn_dnnl_conv_shape shape;
    long chunks;
    plan_t plans[2];                            // [0] full chunks, [1] the last when shorter
    int plan_count;
    int backward_data;                          // every plan has a backward-data primitive
    pthread_mutex_t mutex;
    dnnl_stream_t stream;                       // for the reorders, on the calling thread
    // Kernels: the caller's HWIO memory and the blocked copies.
    dnnl_memory_desc_t hwio_md, bias_md;
    dnnl_memory_t user_kernel, user_bias, fwd_kernel, bwd_data_kernel, bias;
    dnnl_memory_t user_dk, sum_dk;
    void *fwd_kernel_buffer, *bwd_data_kernel_buffer, *partials;
    size_t dk_floats;                           // floats of one blocked ∂K
    dnnl_primitive_t to_fwd, to_bwd_data, from_dk;
    chunk_t *chunk;
};

#define TRY(call) do { dnnl_status_t status_ = (call); if (status_ != dnnl_success) return (int)status_; } while (0)

static void *aligned(size_t bytes) {
    if (bytes == 0) bytes = 64;
    return aligned_alloc(64, (bytes + 63) / 64 * 64);
}

/// Whether oneDNN chose one of its optimised kernels (not its reference loops, nor im2col + GEMM,
/// which is what Synapse's own path already does).
static int fast(dnnl_primitive_desc_t pd) {
    const char *name = "";
    if (dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name)) return 0;
    return !strstr(name, "ref") && !strstr(name, ":gemm") && strncmp(name, "gemm", 4) != 0;
}

static dnnl_status_t make_plan(syn_dnnl_conv *conv, plan_t *plan, long images, const dnnl_memory_desc_t *fwd_k,
                               const dnnl_memory_desc_t *bwd_data_k, const dnnl_memory_desc_t *dk,
                               dnnl_primitive_attr_t attr, dnnl_primitive_attr_t fwd_attr, char *error, int error_length) {
    const syn_dnnl_conv_shape *s = &conv->shape;
    dnnl_dims_t src_dims = {images, s->c, s->h, s->w}, dst_dims = {images, s->f, s->oh, s->ow};
    dnnl_dims_t kernel_dims = {s->f, s->c, s->kh, s->kw}, bias_dims = {s->f};
    dnnl_dims_t strides = {s->sh, s->sw}, dilates = {s->dh - 1, s->dw - 1};
    dnnl_dims_t before = {s->pt, s->pl}, after = {s->pb, s->pr};
    dnnl_memory_desc_t any_k, bias_md;
    dnnl_status_t st;
    plan->images = images;
    if ((st = dnnl_memory_desc_init_by_tag(&plan->src_md, 4, src_dims, dnnl_f32, dnnl_nhwc))) return st;
    if ((st = dnnl_memory_desc_init_by_tag(&plan->dst_md, 4, dst_dims, dnnl_f32, dnnl_nhwc))) return st;
    if ((st = dnnl_memory_desc_init_by_tag(&any_k, 4, kernel_dims, dnnl_f32, dnnl_format_tag_any))) return st;
    if ((st = dnnl_memory_desc_init_by_tag(&bias_md, 1, bias_dims, dnnl_f32, dnnl_x))) return st;

    dnnl_convolution_desc_t fwd, bwd_data, bwd_weights;
    if ((st = dnnl_dilated_convolution_forward_desc_init(&fwd, dnnl_forward_training, dnnl_convolution_direct,
            &plan->src_md, fwd_k ? fwd_k : &any_k, s->bias ? &bias_md : NULL, &plan->dst_md,
            strides, dilates, before, after))) return st;
    if ((st = dnnl_primitive_desc_create(&plan->fwd_pd, &fwd, fwd_attr, engine, NULL))) return st;
    if ((st = dnnl_dilated_convolution_backward_weights_desc_init(&bwd_weights, dnnl_convolution_direct,
            &plan->src_md, dk ? dk : &any_k, NULL, &plan->dst_md, strides, dilates, before, after))) return st;
    if ((st = dnnl_primitive_desc_create(&plan->bwd_weights_pd, &bwd_weights, attr, engine, plan->fwd_pd))) return st;
    // Backward-data is optional: where oneDNN has no fast kernel for it, the caller keeps its own.
    if (s->backward_data) {
        if (!dnnl_dilated_convolution_backward_data_desc_init(&bwd_data, dnnl_convolution_direct,
                &plan->src_md, bwd_data_k ? bwd_data_k : &any_k, &plan->dst_md, strides, dilates, before, after)
            && !dnnl_primitive_desc_create(&plan->bwd_data_pd, &bwd_data, attr, engine, plan->fwd_pd)
            && !fast(plan->bwd_data_pd)) {
            dnnl_primitive_desc_destroy(plan->bwd_data_pd);
            plan->bwd_data_pd = NULL;
        }
    }
    // Only the optimised kernels are worth leaving the im2col path for.
    dnnl_primitive_desc_t pds[3] = {plan->fwd_pd, plan->bwd_data_pd, plan->bwd_weights_pd};
    plan->scratch_bytes = 0;
    for (int p = 0; p < 3; p++) {
        if (!pds[p]) continue;
        if (!fast(pds[p])) {
            const char *name = "";
            dnnl_primitive_desc_query(pds[p], dnnl_query_impl_info_str, 0, &name);
            snprintf(error, (size_t)error_length, "oneDNN offers only its %s implementation for this shape", name);
            return dnnl_unimplemented;
        }
        size_t bytes = dnnl_memory_desc_get_size(dnnl_primitive_desc_query_md(pds[p], dnnl_query_scratchpad_md, 0));
        if (bytes > plan->scratch_bytes) plan->scratch_bytes = bytes;
    }
    if ((st = dnnl_primitive_create(&plan->fwd, plan->fwd_pd))) return st;
    if ((st = dnnl_primitive_create(&plan->bwd_weights, plan->bwd_weights_pd))) return st;
    if (plan->bwd_data_pd && (st = dnnl_primitive_create(&plan->bwd_data, plan->bwd_data_pd))) return st;
    return dnnl_success;
}

static dnnl_status_t make_reorder(dnnl_primitive_t *reorder, const dnnl_memory_desc_t *from, const dnnl_memory_desc_t *to) {
    dnnl_primitive_desc_t pd;
    dnnl_status_t st = dnnl_reorder_primitive_desc_create(&pd, from, engine, to, engine, NULL);
    if (st) return st;
    st = dnnl_primitive_create(reorder, pd);
    dnnl_primitive_desc_destroy(pd);
    return st;
}

static dnnl_status_t build(syn_dnnl_conv *conv, char *error, int error_length) {
    const syn_dnnl_conv_shape *s = &conv->shape;
    dnnl_status_t st;
    dnnl_primitive_attr_t attr;
    if ((st = dnnl_primitive_attr_create(&attr))) return st;
    // The forward pass's attributes add ReLU as a post-op: applied in registers as the JIT
    // kernel stores its output, instead of one more pass over y.
    dnnl_primitive_attr_t fwd_attr = NULL;
    dnnl_post_ops_t post_ops = NULL;
    if ((st = dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user))
        || (st = dnnl_primitive_attr_clone(&fwd_attr, attr))
        || (s->relu && ((st = dnnl_post_ops_create(&post_ops))
                        || (st = dnnl_post_ops_append_eltwise(post_ops, 1.0f, dnnl_eltwise_relu, 0.0f, 0.0f))
                        || (st = dnnl_primitive_attr_set_post_ops(fwd_attr, post_ops))))) {
        if (post_ops) dnnl_post_ops_destroy(post_ops);
        if (fwd_attr) dnnl_primitive_attr_destroy(fwd_attr);
        dnnl_primitive_attr_destroy(attr);
        return st;
    }
    if (post_ops) dnnl_post_ops_destroy(post_ops);
    long last = s->n - (conv->chunks - 1) * s->chunk;
    st = make_plan(conv, &conv->plans[0], s->chunk < s->n ? s->chunk : s->n, NULL, NULL, NULL, attr, fwd_attr, error, error_length);
    conv->plan_count = 1;
    if (!st && last != conv->plans[0].images) {
        // The shorter last chunk must use the same kernel layouts as the others.
        plan_t *full = &conv->plans[0];
        const dnnl_memory_desc_t *fk = dnnl_primitive_desc_query_md(full->fwd_pd, dnnl_query_weights_md, 0);
        const dnnl_memory_desc_t *dk = dnnl_primitive_desc_query_md(full->bwd_weights_pd, dnnl_query_diff_weights_md, 0);
        const dnnl_memory_desc_t *bk = full->bwd_data_pd ? dnnl_primitive_desc_query_md(full->bwd_data_pd, dnnl_query_weights_md, 0) : NULL;
        conv->plan_count = 2;
        st = make_plan(conv, &conv->plans[1], last, fk, bk, dk, attr, fwd_attr, error, error_length);
    }
    dnnl_primitive_attr_destroy(attr);
    dnnl_primitive_attr_destroy(fwd_attr);
    if (st) return st;

    // Kernels and their layouts.
    plan_t *full = &conv->plans[0];
    dnnl_dims_t kernel_dims = {s->f, s->c, s->kh, s->kw}, bias_dims = {s->f};
    if ((st = dnnl_memory_desc_init_by_tag(&conv->hwio_md, 4, kernel_dims, dnnl_f32, dnnl_hwio))) return st;
    if ((st = dnnl_memory_desc_init_by_tag(&conv->bias_md, 1, bias_dims, dnnl_f32, dnnl_x))) return st;
    const dnnl_memory_desc_t *fk = dnnl_primitive_desc_query_md(full->fwd_pd, dnnl_query_weights_md, 0);
    const dnnl_memory_desc_t *dk = dnnl_primitive_desc_query_md(full->bwd_weights_pd, dnnl_query_diff_weights_md, 0);
    if ((st = dnnl_stream_create(&conv->stream, engine, dnnl_stream_default_flags))) return st;
    if ((st = dnnl_memory_create(&conv->user_kernel, &conv->hwio_md, engine, DNNL_MEMORY_NONE))) return st;
    if ((st = dnnl_memory_create(&conv->user_dk, &conv->hwio_md, engine, DNNL_MEMORY_NONE))) return st;
    if ((st = dnnl_memory_create(&conv->bias, &conv->bias_md, engine, DNNL_MEMORY_NONE))) return st;
    conv->fwd_kernel_buffer = aligned(dnnl_memory_desc_get_size(fk));
    if ((st = dnnl_memory_create(&conv->fwd_kernel, fk, engine, conv->fwd_kernel_buffer))) return st;
    if ((st = make_reorder(&conv->to_fwd, &conv->hwio_md, fk))) return st;
    conv->backward_data = full->bwd_data_pd && (conv->plan_count == 1 || conv->plans[1].bwd_data_pd);
    if (conv->backward_data) {
        const dnnl_memory_desc_t *bk = dnnl_primitive_desc_query_md(full->bwd_data_pd, dnnl_query_weights_md, 0);
        conv->bwd_data_kernel_buffer = aligned(dnnl_memory_desc_get_size(bk));
        if ((st = dnnl_memory_create(&conv->bwd_data_kernel, bk, engine, conv->bwd_data_kernel_buffer))) return st;
        if ((st = make_reorder(&conv->to_bwd_data, &conv->hwio_md, bk))) return st;
    }
    size_t dk_bytes = dnnl_memory_desc_get_size(dk);
    conv->dk_floats = dk_bytes / sizeof(float);
    size_t stride = (dk_bytes + 63) / 64 * 64;
    conv->partials = aligned(stride * (size_t)conv->chunks);
    if ((st = dnnl_memory_create(&conv->sum_dk, dk, engine, conv->partials))) return st;
    if ((st = make_reorder(&conv->from_dk, dk, &conv->hwio_md))) return st;

    // What each chunk runs with.
    conv->chunk = calloc((size_t)conv->chunks, sizeof(chunk_t));
    if (!conv->chunk) return dnnl_out_of_memory;
    for (long i = 0; i < conv->chunks; i++) {
        chunk_t *c = &conv->chunk[i];
        c->plan = (i == conv->chunks - 1) ? &conv->plans[conv->plan_count - 1] : &conv->plans[0];
        if ((st = dnnl_stream_create(&c->stream, engine, dnnl_stream_default_flags))) return st;
        if ((st = dnnl_memory_create(&c->x, &c->plan->src_md, engine, DNNL_MEMORY_NONE))) return st;
        if ((st = dnnl_memory_create(&c->y, &c->plan->dst_md, engine, DNNL_MEMORY_NONE))) return st;
        if ((st = dnnl_memory_create(&c->dk, dk, engine, (char *)conv->partials + stride * (size_t)i))) return st;
        c->scratch_buffer = aligned(c->plan->scratch_bytes);
        dnnl_primitive_desc_t pds[3] = {c->plan->fwd_pd, c->plan->bwd_data_pd, c->plan->bwd_weights_pd};
        for (int p = 0; p < 3; p++) {
            if (!pds[p]) continue;
            const dnnl_memory_desc_t *md = dnnl_primitive_desc_query_md(pds[p], dnnl_query_scratchpad_md, 0);
            if ((st = dnnl_memory_create(&c->scratch[p], md, engine, c->scratch_buffer))) return st;
        }
    }
    return dnnl_success;
}

syn_dnnl_conv *syn_dnnl_conv_create(const syn_dnnl_conv_shape *shape, char *error, int error_length) {
    if (error_length > 0) error[0] = 0;
    if (!syn_dnnl_available()) {
        snprintf(error, (size_t)error_length, "oneDNN's CPU engine did not start");
        return NULL;
    }
    if (shape->n <= 0 || shape->chunk <= 0) {
        snprintf(error, (size_t)error_length, "empty batch");
        return NULL;
    }
    one_thread();
    syn_dnnl_conv *conv = calloc(1, sizeof(syn_dnnl_conv));
    if (!conv) return NULL;
    conv->shape = *shape;
    conv->chunks = (shape->n + shape->chunk - 1) / shape->chunk;
    pthread_mutex_init(&conv->mutex, NULL);
    dnnl_status_t st = build(conv, error, error_length);
    if (st) {
        if (error_length > 0 && !error[0]) snprintf(error, (size_t)error_length, "oneDNN status %d", (int)st);
        syn_dnnl_conv_destroy(conv);
        return NULL;
    }
    return conv;
}

static void destroy_plan(plan_t *plan) {
    if (plan->fwd) dnnl_primitive_destroy(plan->fwd);
    if (plan->bwd_data) dnnl_primitive_destroy(plan->bwd_data);
    if (plan->bwd_weights) dnnl_primitive_destroy(plan->bwd_weights);
    if (plan->fwd_pd) dnnl_primitive_desc_destroy(plan->fwd_pd);
    if (plan->bwd_data_pd) dnnl_primitive_desc_destroy(plan->bwd_data_pd);
    if (plan->bwd_weights_pd) dnnl_primitive_desc_destroy(plan->bwd_weights_pd);
}

void syn_dnnl_conv_destroy(syn_dnnl_conv *conv) {
    if (!conv) return;
    if (conv->chunk) {
        for (long i = 0; i < conv->chunks; i++) {
            chunk_t *c = &conv->chunk[i];
            dnnl_memory_t mems[6] = {c->x, c->y, c->dk, c->scratch[0], c->scratch[1], c->scratch[2]};
            for (int m = 0; m < 6; m++) if (mems[m]) dnnl_memory_destroy(mems[m]);
            if (c->stream) dnnl_stream_destroy(c->stream);
            free(c->scratch_buffer);
        }
        free(conv->chunk);
    }
    dnnl_memory_t mems[7] = {conv->user_kernel, conv->user_bias, conv->fwd_kernel, conv->bwd_data_kernel, conv->bias,
                             conv->user_dk, conv->sum_dk};
    for (int m = 0; m < 7; m++) if (mems[m]) dnnl_memory_destroy(mems[m]);
    dnnl_primitive_t reorders[3] = {conv->to_fwd, conv->to_bwd_data, conv->from_dk};
    for (int r = 0; r < 3; r++) if (reorders[r]) dnnl_primitive_destroy(reorders[r]);
    if (conv->stream) dnnl_stream_destroy(conv->stream);
    for (int p = 0; p < 2; p++) destroy_plan(&conv->plans[p]);
    free(conv->fwd_kernel_buffer);
    free(conv->bwd_data_kernel_buffer);
    free(conv->partials);
    pthread_mutex_destroy(&conv->mutex);
    free(conv);
}

long syn_dnnl_conv_chunks(const syn_dnnl_conv *conv) { return conv->chunks; }
int syn_dnnl_conv_has_backward_data(const syn_dnnl_conv *conv) { return conv->backward_data; }

const char *syn_dnnl_conv_implementation(const syn_dnnl_conv *conv, int pass) {
    dnnl_primitive_desc_t pd = pass == 0 ? conv->plans[0].fwd_pd : pass == 1 ? conv->plans[0].bwd_data_pd : conv->plans[0].bwd_weights_pd;
    const char *name = "none";
    if (pd) dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &name);
    return name;
}

void syn_dnnl_conv_lock(syn_dnnl_conv *conv) { pthread_mutex_lock(&conv->mutex); }
void syn_dnnl_conv_unlock(syn_dnnl_conv *conv) { pthread_mutex_unlock(&conv->mutex); }

static int reorder(syn_dnnl_conv *conv, dnnl_primitive_t r, dnnl_memory_t from, dnnl_memory_t to) {
    dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, to}};
    TRY(dnnl_primitive_execute(r, conv->stream, 2, args));
    TRY(dnnl_stream_wait(conv->stream));
    return 0;
}

int syn_dnnl_conv_prepare_forward(syn_dnnl_conv *conv, const float *kernel, const float *bias) {
    one_thread();
    TRY(dnnl_memory_set_data_handle(conv->user_kernel, (void *)kernel));
    if (conv->shape.bias) TRY(dnnl_memory_set_data_handle(conv->bias, (void *)bias));
    return reorder(conv, conv->to_fwd, conv->user_kernel, conv->fwd_kernel);
}

/// Points the chunk's memory objects at its images: c->x into the input-side buffer (x or dx),
/// c->y into the output-side one (y or dy), both of the whole batch.
static int point_chunk(syn_dnnl_conv *conv, long chunk, const float *input_side, const float *output_side) {
    const syn_dnnl_conv_shape *s = &conv->shape;
    chunk_t *c = &conv->chunk[chunk];
    long i = chunk * s->chunk;
    TRY(dnnl_memory_set_data_handle(c->x, (void *)(input_side + i * s->h * s->w * s->c)));
    TRY(dnnl_memory_set_data_handle(c->y, (void *)(output_side + i * s->oh * s->ow * s->f)));
    return 0;
}

static int run(chunk_t *c, dnnl_primitive_t primitive, dnnl_exec_arg_t *args, int count) {
    TRY(dnnl_primitive_execute(primitive, c->stream, count, args));
    TRY(dnnl_stream_wait(c->stream));
    return 0;
}

int syn_dnnl_conv_forward(syn_dnnl_conv *conv, long chunk, const float *x, float *y) {
    one_thread();
    chunk_t *c = &conv->chunk[chunk];
    TRY(point_chunk(conv, chunk, x, y));
    dnnl_exec_arg_t args[5] = {{DNNL_ARG_SRC, c->x}, {DNNL_ARG_WEIGHTS, conv->fwd_kernel}, {DNNL_ARG_DST, c->y},
                               {DNNL_ARG_SCRATCHPAD, c->scratch[0]}, {DNNL_ARG_BIAS, conv->bias}};
    return run(c, c->plan->fwd, args, conv->shape.bias ? 5 : 4);
}

int syn_dnnl_conv_prepare_backward_data(syn_dnnl_conv *conv, const float *kernel) {
    one_thread();
    if (!conv->backward_data) return (int)dnnl_invalid_arguments;
    TRY(dnnl_memory_set_data_handle(conv->user_kernel, (void *)kernel));
    return reorder(conv, conv->to_bwd_data, conv->user_kernel, conv->bwd_data_kernel);
}

int syn_dnnl_conv_backward_data(syn_dnnl_conv *conv, long chunk, const float *dy, float *dx) {
    one_thread();
    chunk_t *c = &conv->chunk[chunk];
    TRY(point_chunk(conv, chunk, dx, dy));
    dnnl_exec_arg_t args[4] = {{DNNL_ARG_DIFF_DST, c->y}, {DNNL_ARG_WEIGHTS, conv->bwd_data_kernel},
                               {DNNL_ARG_DIFF_SRC, c->x}, {DNNL_ARG_SCRATCHPAD, c->scratch[1]}};
    return run(c, c->plan->bwd_data, args, 4);
}

int syn_dnnl_conv_backward_weights(syn_dnnl_conv *conv, long chunk, const float *x, const float *dy) {
    one_thread();
    chunk_t *c = &conv->chunk[chunk];
    TRY(point_chunk(conv, chunk, x, dy));
    dnnl_exec_arg_t args[4] = {{DNNL_ARG_SRC, c->x}, {DNNL_ARG_DIFF_DST, c->y}, {DNNL_ARG_DIFF_WEIGHTS, c->dk},
                               {DNNL_ARG_SCRATCHPAD, c->scratch[2]}};
    return run(c, c->plan->bwd_weights, args, 4);
}

int syn_dnnl_conv_finish_backward_weights(syn_dnnl_conv *conv, float *dk) {
    one_thread();
    size_t stride = (conv->dk_floats * sizeof(float) + 63) / 64 * 64 / sizeof(float);
    float *sum = conv->partials;
    // Chunk order: ((p0 + p1) + p2) + …, the same for every thread count.
    for (long i = 1; i < conv->chunks; i++) {
        const float *p = (const float *)conv->partials + stride * (size_t)i;
        for (size_t k = 0; k < conv->dk_floats; k++) sum[k] += p[k];
    }
    TRY(dnnl_memory_set_data_handle(conv->user_dk, dk));
    return reorder(conv, conv->from_dk, conv->sum_dk, conv->user_dk);
}

#else

int syn_dnnl_available(void) { return 0; }
syn_dnnl_conv *syn_dnnl_conv_create(const syn_dnnl_conv_shape *shape, char *error, int error_length) {
    (void)shape;
    if (error_length > 0) snprintf(error, (size_t)error_length, "Synapse was built without oneDNN");
    return NULL;
}
void syn_dnnl_conv_destroy(syn_dnnl_conv *conv) { (void)conv; }
long syn_dnnl_conv_chunks(const syn_dnnl_conv *conv) { (void)conv; return 0; }
int syn_dnnl_conv_has_backward_data(const syn_dnnl_conv *conv) { (void)conv; return 0; }
const char *syn_dnnl_conv_implementation(const syn_dnnl_conv *conv, int pass) { (void)conv; (void)pass; return "none"; }
void syn_dnnl_conv_lock(syn_dnnl_conv *conv) { (void)conv; }
void syn_dnnl_conv_unlock(syn_dnnl_conv *conv) { (void)conv; }
int syn_dnnl_conv_prepare_forward(syn_dnnl_conv *conv, const float *kernel, const float *bias) { (void)conv; (void)kernel; (void)bias; return -1; }
int syn_dnnl_conv_forward(syn_dnnl_conv *conv, long chunk, const float *x, float *y) { (void)conv; (void)chunk; (void)x; (void)y; return -1; }
int syn_dnnl_conv_prepare_backward_data(syn_dnnl_conv *conv, const float *kernel) { (void)conv; (void)kernel; return -1; }
int syn_dnnl_conv_backward_data(syn_dnnl_conv *conv, long chunk, const float *dy, float *dx) { (void)conv; (void)chunk; (void)dy; (void)dx; return -1; }
int syn_dnnl_conv_backward_weights(syn_dnnl_conv *conv, long chunk, const float *x, const float *dy) { (void)conv; (void)chunk; (void)x; (void)dy; return -1; }
int syn_dnnl_conv_finish_backward_weights(syn_dnnl_conv *conv, float *dk) { (void)conv; (void)dk; return -1; }

#endif

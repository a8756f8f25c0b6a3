// oneDNN (Debian libdnnl-dev 2.6.3, OpenMP runtime) convolution timings at the seed CNN shapes,
// for comparison with Synapse's im2col + SGEMM Tensor.conv2D. See RESULTS.md beside this file.
//
// Build:  g++ -O2 -std=c++17 Benchmarks/onednn/conv_bench.cpp -ldnnl -o /tmp/conv_bench
// Run:    OMP_NUM_THREADS=1 /tmp/conv_bench [iterations]     (default 300, after 30 warm-ups)
//         OMP_NUM_THREADS=2 /tmp/conv_bench [iterations]
// Debian's libdnnl is built with DNNL_CPU_RUNTIME = OMP (see dnnl_config.h; it links libgomp),
// so OMP_NUM_THREADS sets its thread count.
//
// Shapes (NHWC, batch 32, 4×4 kernel, 32 filters, stride 1, valid, float32):
//   A   mnist_conv1   32×28×28×1  → 32×25×25×32
//   B   cifar_conv1   32×32×32×3  → 32×29×29×32
//   C   cifar_conv2   32×14×14×32 → 32×11×11×32   (the CIFAR model's real second layer)
//   C'  cifar_conv2   32×15×15×32 → 32×12×12×32   (the input `synapse bench conv2d` uses)
// Passes: forward (with bias), backward-data (∂x), backward-weights (∂K and ∂bias).
// Every primitive is created with format_tag::any and timed two ways:
//   (a) "prim"   the primitive alone, its tensors already in the layouts it chose;
//   (b) "+reord" the reorders an NHWC / HWIO (Keras kernel) caller pays each call, plus the
//                primitive: inputs from NHWC/HWIO into the chosen layouts, outputs back
//                (a reorder is skipped when the chosen layout already is NHWC/HWIO).
// Each pass is timed per call (stream waited); the median of the timed calls is reported with
// GFLOP/s = 2·n·oh·ow·kh·kw·c·f / time. Before timing, the NHWC results of all three passes
// are checked against a naive loop.

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

static engine eng(engine::kind::cpu, 0);
static stream strm(eng);

static void fill(std::vector<float> &v, unsigned seed) {
    unsigned s = seed * 2654435761u + 1;
    for (auto &x : v) { s = s * 1664525u + 1013904223u; x = (float)((s >> 8) & 0xFFFF) / 32768.0f - 1.0f; }
}

struct Stat { double med, p10, min; };
static Stat time_us(std::function<void()> f, int warm, int iters) {
    for (int i = 0; i < warm; i++) f();
    std::vector<double> t(iters);
    for (int i = 0; i < iters; i++) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        auto t1 = std::chrono::steady_clock::now();
        t[i] = std::chrono::duration<double, std::micro>(t1 - t0).count();
    }
    std::sort(t.begin(), t.end());
    return {iters % 2 ? t[iters / 2] : 0.5 * (t[iters / 2 - 1] + t[iters / 2]), t[iters / 10], t[0]};
}

// Layout name of a memory desc in oneDNN's notation (outer dims by stride, upper case when
// blocked, then the inner blocks), with the letters of NCHW activations or OIHW weights.
static std::string layout(const memory::desc &md, bool weights) {
    const auto &bd = md.data.format_desc.blocking;
    const char *letters = weights ? "oihw" : "nchw";
    int nd = md.data.ndims;
    std::vector<int> order(nd);
    for (int i = 0; i < nd; i++) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](int x, int y) { return bd.strides[x] > bd.strides[y]; });
    std::string r;
    for (int i : order) {
        bool blocked = false;
        for (int j = 0; j < bd.inner_nblks; j++) blocked |= bd.inner_idxs[j] == i;
        r += blocked ? (char)(letters[i] - 32) : letters[i];
    }
    for (int j = 0; j < bd.inner_nblks; j++) r += std::to_string(bd.inner_blks[j]) + letters[bd.inner_idxs[j]];
    return r;
}

struct Shape { const char *name; int n, h, w, c, f, k; };

struct Result { Stat fwd[2], bwd_d[2], bwd_w[2]; double flops; };

// Reorder helper: returns a "maybe reorder" closure and the memory the primitive uses.
struct Slot {
    memory user, prim;
    bool needs;
    reorder to_prim, to_user;
};
static Slot make_slot(const memory::desc &user_md, const memory::desc &prim_md, std::vector<float> &user_data,
                      bool input, bool output) {
    Slot s;
    s.user = memory(user_md, eng, user_data.data());
    s.needs = !(user_md == prim_md);
    s.prim = s.needs ? memory(prim_md, eng) : s.user;
    if (s.needs) {
        if (input) s.to_prim = reorder(s.user, s.prim);
        if (output) s.to_user = reorder(s.prim, s.user);
        if (input) { s.to_prim.execute(strm, s.user, s.prim); strm.wait(); }
    }
    return s;
}
static void in(Slot &s) { if (s.needs) s.to_prim.execute(strm, s.user, s.prim); }
static void out(Slot &s) { if (s.needs) s.to_user.execute(strm, s.prim, s.user); }

static double maxrel(const std::vector<float> &a, const std::vector<double> &b) {
    double m = 0, scale = 0;
    for (size_t i = 0; i < b.size(); i++) scale = std::max(scale, std::fabs(b[i]));
    for (size_t i = 0; i < b.size(); i++) m = std::max(m, std::fabs(a[i] - b[i]));
    return m / (scale > 0 ? scale : 1);
}

static Result run(const Shape &s, int warm, int iters) {
    const int N = s.n, H = s.h, W = s.w, C = s.c, F = s.f, K = s.k, OH = H - K + 1, OW = W - K + 1;
    memory::dims src_d = {N, C, H, W}, wei_d = {F, C, K, K}, bias_d = {F}, dst_d = {N, F, OH, OW};
    memory::dims strides = {1, 1}, pad = {0, 0};
    auto any = [](const memory::dims &d) { return memory::desc(d, dt::f32, tag::any); };

    auto fwd_pd = convolution_forward::primitive_desc(
        convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct, any(src_d), any(wei_d),
                                  memory::desc(bias_d, dt::f32, tag::x), any(dst_d), strides, pad, pad),
        eng);
    auto bwd_d_pd = convolution_backward_data::primitive_desc(
        convolution_backward_data::desc(algorithm::convolution_direct, any(src_d), any(wei_d), any(dst_d), strides,
                                        pad, pad),
        eng, fwd_pd);
    auto bwd_w_pd = convolution_backward_weights::primitive_desc(
        convolution_backward_weights::desc(algorithm::convolution_direct, any(src_d), any(wei_d),
                                           memory::desc(bias_d, dt::f32, tag::x), any(dst_d), strides, pad, pad),
        eng, fwd_pd);

    // User (Synapse / Keras) layouts: NHWC activations, HWIO kernel, plain bias.
    memory::desc src_u(src_d, dt::f32, tag::nhwc), wei_u(wei_d, dt::f32, tag::hwio), dst_u(dst_d, dt::f32, tag::nhwc),
        bias_u(bias_d, dt::f32, tag::x);
    std::vector<float> x((size_t)N * H * W * C), k((size_t)K * K * C * F), b(F), y((size_t)N * OH * OW * F),
        g((size_t)N * OH * OW * F), dx(x.size()), dk(k.size()), db(F);
    fill(x, 1); fill(k, 2); fill(b, 3); fill(g, 4);

    printf("# %s  x %dx%dx%dx%d -> %d filters, out %dx%d\n", s.name, N, H, W, C, F, OH, OW);
    printf("#   fwd   %-28s src %-8s wei %-10s dst %s\n", fwd_pd.impl_info_str(), layout(fwd_pd.src_desc(), 0).c_str(),
           layout(fwd_pd.weights_desc(), 1).c_str(), layout(fwd_pd.dst_desc(), 0).c_str());
    printf("#   bwd_d %-28s dsrc %-8s wei %-10s ddst %s\n", bwd_d_pd.impl_info_str(),
           layout(bwd_d_pd.diff_src_desc(), 0).c_str(), layout(bwd_d_pd.weights_desc(), 1).c_str(),
           layout(bwd_d_pd.diff_dst_desc(), 0).c_str());
    printf("#   bwd_w %-28s src %-8s dwei %-10s ddst %s\n", bwd_w_pd.impl_info_str(),
           layout(bwd_w_pd.src_desc(), 0).c_str(), layout(bwd_w_pd.diff_weights_desc(), 1).c_str(),
           layout(bwd_w_pd.diff_dst_desc(), 0).c_str());

    // forward
    Slot f_src = make_slot(src_u, fwd_pd.src_desc(), x, true, false);
    Slot f_wei = make_slot(wei_u, fwd_pd.weights_desc(), k, true, false);
    Slot f_dst = make_slot(dst_u, fwd_pd.dst_desc(), y, false, true);
    memory bias_m(bias_u, eng, b.data());
    convolution_forward fwd(fwd_pd);
    auto fwd_args = std::unordered_map<int, memory>{{DNNL_ARG_SRC, f_src.prim}, {DNNL_ARG_WEIGHTS, f_wei.prim},
                                                     {DNNL_ARG_BIAS, bias_m}, {DNNL_ARG_DST, f_dst.prim}};
    // backward data
    Slot d_ddst = make_slot(dst_u, bwd_d_pd.diff_dst_desc(), g, true, false);
    Slot d_wei = make_slot(wei_u, bwd_d_pd.weights_desc(), k, true, false);
    Slot d_dsrc = make_slot(src_u, bwd_d_pd.diff_src_desc(), dx, false, true);
    convolution_backward_data bwd_d(bwd_d_pd);
    auto bwd_d_args = std::unordered_map<int, memory>{
        {DNNL_ARG_DIFF_DST, d_ddst.prim}, {DNNL_ARG_WEIGHTS, d_wei.prim}, {DNNL_ARG_DIFF_SRC, d_dsrc.prim}};
    // backward weights
    Slot w_src = make_slot(src_u, bwd_w_pd.src_desc(), x, true, false);
    Slot w_ddst = make_slot(dst_u, bwd_w_pd.diff_dst_desc(), g, true, false);
    Slot w_dwei = make_slot(wei_u, bwd_w_pd.diff_weights_desc(), dk, false, true);
    memory dbias_m(bias_u, eng, db.data());
    convolution_backward_weights bwd_w(bwd_w_pd);
    auto bwd_w_args = std::unordered_map<int, memory>{{DNNL_ARG_SRC, w_src.prim}, {DNNL_ARG_DIFF_DST, w_ddst.prim},
                                                       {DNNL_ARG_DIFF_WEIGHTS, w_dwei.prim},
                                                       {DNNL_ARG_DIFF_BIAS, dbias_m}};

    auto f_a = [&] { fwd.execute(strm, fwd_args); strm.wait(); };
    auto f_b = [&] { in(f_src); in(f_wei); fwd.execute(strm, fwd_args); out(f_dst); strm.wait(); };
    auto d_a = [&] { bwd_d.execute(strm, bwd_d_args); strm.wait(); };
    auto d_b = [&] { in(d_ddst); in(d_wei); bwd_d.execute(strm, bwd_d_args); out(d_dsrc); strm.wait(); };
    auto w_a = [&] { bwd_w.execute(strm, bwd_w_args); strm.wait(); };
    auto w_b = [&] { in(w_src); in(w_ddst); bwd_w.execute(strm, bwd_w_args); out(w_dwei); strm.wait(); };

    // Correctness, NHWC/HWIO results against naive loops (double accumulation).
    f_b(); d_b(); w_b();
    std::vector<double> ry(y.size()), rdx(dx.size(), 0.0), rdk(dk.size(), 0.0), rdb(F, 0.0);
    auto X = [&](int n, int h, int w, int c) { return (size_t)((n * H + h) * W + w) * C + c; };
    auto Kx = [&](int u, int v, int c, int f) { return (size_t)((u * K + v) * C + c) * F + f; };
    auto Y = [&](int n, int p, int q, int f) { return (size_t)((n * OH + p) * OW + q) * F + f; };
    for (int n = 0; n < N; n++)
        for (int p = 0; p < OH; p++)
            for (int q = 0; q < OW; q++)
                for (int f = 0; f < F; f++) {
                    double acc = b[f];
                    double gg = g[Y(n, p, q, f)];
                    rdb[f] += gg;
                    for (int u = 0; u < K; u++)
                        for (int v = 0; v < K; v++)
                            for (int c = 0; c < C; c++) {
                                acc += (double)x[X(n, p + u, q + v, c)] * k[Kx(u, v, c, f)];
                                rdx[X(n, p + u, q + v, c)] += gg * k[Kx(u, v, c, f)];
                                rdk[Kx(u, v, c, f)] += gg * x[X(n, p + u, q + v, c)];
                            }
                    ry[Y(n, p, q, f)] = acc;
                }
    printf("#   check (max |err| / max |ref|): y %.1e  dx %.1e  dK %.1e  db %.1e\n", maxrel(y, ry), maxrel(dx, rdx),
           maxrel(dk, rdk), maxrel(db, rdb));

    Result r;
    r.flops = 2.0 * N * OH * OW * K * K * C * F;
    r.fwd[0] = time_us(f_a, warm, iters);
    r.fwd[1] = time_us(f_b, warm, iters);
    r.bwd_d[0] = time_us(d_a, warm, iters);
    r.bwd_d[1] = time_us(d_b, warm, iters);
    r.bwd_w[0] = time_us(w_a, warm, iters);
    r.bwd_w[1] = time_us(w_b, warm, iters);
    return r;
}

int main(int argc, char **argv) {
    int iters = argc > 1 ? atoi(argv[1]) : 300, warm = 30;
    const char *thr = getenv("OMP_NUM_THREADS");
    auto v = dnnl::version();
    printf("# oneDNN %d.%d.%d (cpu runtime %s), OMP_NUM_THREADS=%s, %d timed calls after %d warm-ups, median\n",
           v->major, v->minor, v->patch, v->cpu_runtime == DNNL_RUNTIME_OMP ? "OMP" : "other", thr ? thr : "(unset)",
           iters, warm);
    Shape shapes[] = {{"A mnist_conv1", 32, 28, 28, 1, 32, 4}, {"B cifar_conv1", 32, 32, 32, 3, 32, 4},
                      {"C cifar_conv2", 32, 14, 14, 32, 32, 4}, {"C' cifar_conv2(15)", 32, 15, 15, 32, 32, 4}};
    std::vector<Result> rs;
    for (auto &s : shapes) rs.push_back(run(s, warm, iters));
    printf("\n| shape | MFLOP/pass | pass | prim µs | prim GFLOP/s | +reorders µs | +reorders GFLOP/s |\n");
    printf("|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < rs.size(); i++) {
        auto &r = rs[i];
        const char *names[] = {"forward", "backward-data", "backward-weights"};
        const double t[3][2] = {{r.fwd[0].med, r.fwd[1].med}, {r.bwd_d[0].med, r.bwd_d[1].med},
                                {r.bwd_w[0].med, r.bwd_w[1].med}};
        for (int p = 0; p < 3; p++)
            printf("| %s | %.1f | %s | %.0f | %.1f | %.0f | %.1f |\n", shapes[i].name, r.flops / 1e6, names[p], t[p][0],
                   r.flops / t[p][0] / 1e3, t[p][1], r.flops / t[p][1] / 1e3);
    }
    // Machine-readable lines per shape: name fwd_a fwd_b bwdd_a bwdd_b bwdw_a bwdw_b (µs), as the
    // median (RAW), the 10th percentile (RAWP10) and the minimum (RAWMIN) of the timed calls;
    // on a loaded machine the low percentiles show the uncontended speed.
    for (size_t i = 0; i < rs.size(); i++) {
        auto &r = rs[i];
        printf("RAW %s %.1f %.1f %.1f %.1f %.1f %.1f\n", shapes[i].name, r.fwd[0].med, r.fwd[1].med, r.bwd_d[0].med,
               r.bwd_d[1].med, r.bwd_w[0].med, r.bwd_w[1].med);
        printf("RAWP10 %s %.1f %.1f %.1f %.1f %.1f %.1f\n", shapes[i].name, r.fwd[0].p10, r.fwd[1].p10, r.bwd_d[0].p10,
               r.bwd_d[1].p10, r.bwd_w[0].p10, r.bwd_w[1].p10);
        printf("RAWMIN %s %.1f %.1f %.1f %.1f %.1f %.1f\n", shapes[i].name, r.fwd[0].min, r.fwd[1].min, r.bwd_d[0].min,
               r.bwd_d[1].min, r.bwd_w[0].min, r.bwd_w[1].min);
    }
    return 0;
}

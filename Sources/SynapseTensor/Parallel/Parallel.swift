// Parallel: one parallel-for over a persistent pool of threads, for every kernel big enough to pay.
//
// `Parallel.forEach(count:grain:)` cuts 0..<count into chunks whose boundaries depend only on
// `count` and `grain`, never on the number of threads: chunk c covers
// [c·size, min((c+1)·size, count)), with size = ⌈count / chunks⌉ and chunks = ⌈count / w⌉,
// w = max(grain, ⌈count / maxChunks⌉) (chunks of about `grain` items, made equal). Threads take
// chunks in any order, but each chunk is computed the same way whoever runs it, so a kernel that
// writes disjoint outputs — or a reduction that keeps one partial result per chunk and adds the
// partials in chunk order — gives bit-for-bit the same result with 1, 2 or 8 threads.
//
// The pool: `threadCount − 1` worker threads, started on first use and kept for the process's
// life; the calling thread runs chunks too. A job is published under a mutex and the workers are
// woken through a condition variable — but a worker that has just finished a job first spins
// for ~0.4 ms watching the job counter (an atomic), and so does a caller waiting for the last
// chunk: a training step runs its kernels back to back, and a futex wake-up costs 5–20 µs each
// way (65 K context switches in two MNIST epochs before the spin). Chunks are claimed in a
// bitmask under the same mutex (jobs have at most `maxChunks` = 64 chunks, so the lock is taken
// a few dozen times per job, not per element): each thread first takes its own equal run of
// the chunks, so that it meets the same rows — the same images — in loop after loop, then
// helps with what is left (ThreadPool.claim). The caller returns when every chunk has run. A
// parallel-for called from inside a chunk (nested) runs serially on the calling thread, as
// does any call while another thread's job holds the pool, so the pool never deadlocks and
// never oversubscribes.
//
// Threads: `SYNAPSE_NUM_THREADS` if set (≥ 1), else the machine's active processors. OpenBLAS
// is told to use one thread: large GEMMs are split into blocks on this pool instead
// (Kernels/BLAS.swift), so no second pool spins beside ours.

import CSynapseKernels
import Foundation
#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// A parallel-for over a persistent thread pool.
public enum Parallel {
    /// The most chunks a loop is cut into.
    public static let maxChunks = 64

    /// The number of threads that kernels use (the calling thread included).
    public static var threadCount: Int { ThreadPool.shared.threadCount }

    /// Sets the number of threads (≥ 1) for our kernels and for BLAS. Call it before running
    /// kernels; it waits for any running loop. `SYNAPSE_NUM_THREADS` sets it at start-up.
    public static func setThreadCount(_ n: Int) {
        require(n >= 1, "Parallel.setThreadCount: need at least one thread; got \(n)")
        ThreadPool.shared.resize(n)
    }

    /// The chunk size that `forEach` uses for `count` items with grain `grain`: as many chunks as
    /// chunks of `grain` items would make (at most `maxChunks`), of equal size. 204,800 weights
    /// at a grain of 65,536 are four chunks of 51,200, not three of 65,536 and one of 8,192,
    /// which kept one of two threads busy for 64% of the loop.
    @inline(__always)
    public static func chunkSize(count: Int, grain: Int) -> Int {
        let widest = Swift.max(Swift.max(grain, 1), (count + maxChunks - 1) / maxChunks)
        let chunks = Swift.max(1, (count + widest - 1) / widest)
        return Swift.max(1, (count + chunks - 1) / chunks)
    }

    /// The number of chunks that `forEach` cuts `count` items into with grain `grain`.
    @inline(__always)
    public static func chunkCount(count: Int, grain: Int) -> Int {
        count <= 0 ? 0 : (count + chunkSize(count: count, grain: grain) - 1) / chunkSize(count: count, grain: grain)
    }

    /// Calls `body(chunk, range)` for every chunk of 0..<count, on as many threads as there are
    /// chunks (up to `threadCount`). `grain` is the smallest chunk worth a thread: loops of at
    /// most `grain` items run on the calling thread alone. The chunks are the same for every
    /// thread count (see the file's header), so results can be made independent of it.
    @inline(__always)
    public static func forEach(count: Int, grain: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
        guard count > 0 else { return }
        let size = chunkSize(count: count, grain: grain)
        let chunks = (count + size - 1) / size
        if chunks == 1 {
            body(0, 0..<count)
            return
        }
        ThreadPool.shared.run(chunks: chunks) { c in
            body(c, (c * size)..<Swift.min(count, (c + 1) * size))
        }
    }

    /// Calls `body(range)` for every chunk of 0..<count (see `forEach(count:grain:_:)`).
    @inline(__always)
    public static func forEach(count: Int, grain: Int, _ body: (_ range: Range<Int>) -> Void) {
        forEach(count: count, grain: grain) { _, range in body(range) }
    }
}

/// The persistent threads behind `Parallel`.
final class ThreadPool: @unchecked Sendable {
    static let shared = ThreadPool(threads: ThreadPool.configuredThreads)

    static var configuredThreads: Int {
        if let text = ProcessInfo.processInfo.environment["SYNAPSE_NUM_THREADS"], let n = Int(text), n >= 1 {
            return Swift.min(n, 256)
        }
        return Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The thread count. `resize` writes it (holding `busy` and `mutex`) while other threads may
    /// read it (`Parallel.threadCount`, `run` deciding to go serial): it is read atomically, as
    /// ThreadSanitizer asked (docs/RELIABILITY.md).
    var threadCount: Int { syn_atomic_load(threadCountStorage) }
    private let threadCountStorage = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Serialises jobs: one loop uses the pool at a time; others run serially.
    private let busy = NSLock()

    // The current job, guarded by `mutex`; `generation` and `finished` are also read without it,
    // atomically, by the spin-waits.
    private var job: ((Int) -> Void)?
    private let generation = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    private let finished = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    /// Bit c: chunk c of the current job has been claimed (a job has at most 64 chunks).
    private var claimed: UInt64 = 0
    private var chunkTotal = 0
    private var workersStarted = 0
    /// Pause instructions a thread spins for before it sleeps (~380 µs on the 2-core EPYC test
    /// machine). Long enough that a worker stays awake through the serial stretches of a training
    /// step (the Dense layers, the loss, the optimiser's bookkeeping: up to a few hundred µs on
    /// the CIFAR CNN), which ~30 µs was not: the worker slept and the next convolution waited for
    /// its wake-up, 3% of a CIFAR epoch (docs/BENCHMARKS.md). OpenMP runtimes spin for far longer
    /// (GNU's default is ~300 K spins, Intel's 200 ms).
    private static let spinLimit = 15_000

    /// Marks threads that are running a chunk, so that nested loops run serially.
    private static let insideKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    init(threads: Int) {
        threadCountStorage.initialize(to: threads)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(done, nil)
        generation.initialize(to: 0)
        finished.initialize(to: 0)
        ThreadPool.pinBLASToOneThread()
    }

    func resize(_ n: Int) {
        busy.lock()
        defer { busy.unlock() }
        pthread_mutex_lock(mutex)
        syn_atomic_store(threadCountStorage, n)
        pthread_mutex_unlock(mutex)
    }

    /// OpenBLAS always runs single-threaded, whatever our thread count: BLAS.gemm splits large
    /// products across this pool itself (Kernels/BLAS.swift says why).
    private static func pinBLASToOneThread() {
        #if !canImport(Accelerate)
        openblas_set_num_threads(1)
        #endif
    }

    /// Starts workers until `threadCount − 1` exist (called with `busy` held).
    private func ensureWorkers() {
        let missing = threadCount - 1 - workersStarted
        guard missing > 0 else { return }
        for _ in 0..<missing {
            let index = workersStarted
            workersStarted += 1
            let thread = Thread { [unowned self] in self.workerLoop(index: index) }
            thread.name = "synapse-worker"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Worker `index` waits for jobs and runs chunks while it is one of the `threadCount − 1`
    /// workers wanted (after `setThreadCount` lowers the count, the others only sleep).
    private func workerLoop(index: Int) {
        pthread_setspecific(ThreadPool.insideKey, UnsafeRawPointer(bitPattern: 1))
        var seen = 0
        while true {
            var spins = 0
            while syn_atomic_load(generation) == seen && spins < ThreadPool.spinLimit {
                syn_spin_pause()
                spins += 1
            }
            pthread_mutex_lock(mutex)
            while syn_atomic_load(generation) == seen { pthread_cond_wait(wake, mutex) }
            seen = syn_atomic_load(generation)
            if index < threadCount - 1 { runChunks(participant: index + 1) }
            pthread_mutex_unlock(mutex)
        }
    }

    /// Claims and runs chunks of the current job until none are left (called with `mutex` held;
    /// returns with it held). Participant 0 is the calling thread, worker i is participant i + 1.
    private func runChunks(participant: Int) {
        while let job, let c = claim(participant: participant) {
            pthread_mutex_unlock(mutex)
            job(c)
            pthread_mutex_lock(mutex)
            if syn_atomic_add(finished, 1) + 1 == chunkTotal { pthread_cond_broadcast(done) }
        }
    }

    /// The next chunk for `participant` (called with `mutex` held), or nil when all are claimed.
    /// Each participant owns an equal run of chunks, t·C/T ..< (t+1)·C/T, and takes those first,
    /// in order; then it takes the highest chunk still free in another's run. Loops over a batch
    /// are cut image-major, so a thread works on the same images in the convolution, the
    /// pooling and their backward passes, and finds them in its own core's caches: when the two
    /// cores of the VM sat far apart (no shared cache), first-come claiming sent each activation
    /// across and a CIFAR epoch took 1.6 s instead of 1.1 (docs/BENCHMARKS.md). Which thread runs
    /// a chunk never changes the result.
    private func claim(participant: Int) -> Int? {
        /// Bits lo..<hi set (0 ≤ lo ≤ hi ≤ 64).
        func bits(_ lo: Int, _ hi: Int) -> UInt64 {
            hi <= lo ? 0 : (~UInt64(0) >> UInt64(64 - (hi - lo))) << UInt64(lo)
        }
        let total = chunkTotal, threads = threadCount
        let free = bits(0, total) & ~claimed
        guard free != 0 else { return nil }
        let own = bits(participant * total / threads, (participant + 1) * total / threads)
        let c = free & own != 0 ? (free & own).trailingZeroBitCount : 63 - free.leadingZeroBitCount
        claimed |= UInt64(1) << UInt64(c)
        return c
    }

    /// Runs `body(c)` for c in 0..<chunks on the pool's threads and the calling one.
    func run(chunks: Int, _ body: (Int) -> Void) {
        precondition(chunks <= Parallel.maxChunks, "ThreadPool.run: \(chunks) chunks; Parallel.forEach makes at most 64")
        let serial = threadCount == 1 || pthread_getspecific(ThreadPool.insideKey) != nil || !busy.try()
        if serial {
            for c in 0..<chunks { body(c) }
            return
        }
        defer { busy.unlock() }
        ensureWorkers()
        withoutActuallyEscaping(body) { body in
            pthread_setspecific(ThreadPool.insideKey, UnsafeRawPointer(bitPattern: 1))
            pthread_mutex_lock(mutex)
            job = body
            claimed = 0
            chunkTotal = chunks
            syn_atomic_store(finished, 0)
            _ = syn_atomic_add(generation, 1)
            pthread_cond_broadcast(wake)
            runChunks(participant: 0)
            pthread_mutex_unlock(mutex)
            var spins = 0
            while syn_atomic_load(finished) < chunks && spins < ThreadPool.spinLimit {
                syn_spin_pause()
                spins += 1
            }
            pthread_mutex_lock(mutex)
            while syn_atomic_load(finished) < chunkTotal { pthread_cond_wait(done, mutex) }
            job = nil
            chunkTotal = 0
            pthread_mutex_unlock(mutex)
            pthread_setspecific(ThreadPool.insideKey, nil)
        }
    }
}

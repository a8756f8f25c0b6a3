// The buffer pool: element memory that is recycled instead of returned to the system.
//
// A training step makes the same tensors every time (activations, gradients, temporaries of the
// same shapes), so the memory a step releases is exactly what the next step asks for. Every
// tensor buffer and every workspace of a fused op comes from here and goes back here:
//
//   acquire(n): round n up to its size class; pop a cached buffer of that class, or ask the
//               system (aligned to 64 bytes, a cache line and an AVX-512 vector) on a miss.
//   release(p): push p onto its class's free list, unless the pool would then hold more than
//               `limit` bytes, in which case p goes back to the system.
//
// Size classes are powers of two and the midpoints between them (16, 24, 32, 48, 64, 96, …
// floats), so a buffer wastes at most a third of itself and a class holds buffers of every count
// that rounds to it (the [32, 30] activation and the [32, 31] one share the 1,024 class). One
// lock guards the free lists: an acquire or release is a few dozen nanoseconds, far below the
// cost of the kernel that uses the buffer. The counters tell tests and benchmarks how often
// the system was asked (`systemAllocations`), which is zero per step once a loop is warm.

import Foundation

/// The pool that tensor buffers and fused-op workspaces are drawn from and returned to.
public final class BufferPool: @unchecked Sendable {
    /// The pool every tensor uses.
    public static let shared = BufferPool(limit: BufferPool.defaultLimit)

    /// What the pool has done since it was made (or since `resetStatistics`).
    public struct Statistics: Equatable, Sendable {
        /// Buffers asked of the system (misses).
        public var systemAllocations = 0
        /// Buffers served from the free lists (hits).
        public var reuses = 0
        /// Buffers handed back to the system because the pool was full, or emptied.
        public var systemFrees = 0
        /// Bytes held in the free lists now.
        public var cachedBytes = 0
        /// Bytes in buffers handed out and not yet returned.
        public var liveBytes = 0
    }

    /// The most bytes the free lists hold; beyond it released buffers go back to the system.
    /// `SYNAPSE_POOL_BYTES` sets it at start-up (default 512 MiB; 0 disables caching).
    public var limit: Int {
        get { locked { limitBytes } }
        set {
            locked { limitBytes = Swift.max(0, newValue) }
            trim()
        }
    }

    static var defaultLimit: Int {
        if let text = ProcessInfo.processInfo.environment["SYNAPSE_POOL_BYTES"], let value = Int(text), value >= 0 {
            return value
        }
        return 512 << 20
    }

    private let lock = NSLock()
    private var limitBytes: Int
    /// Free buffers by size-class index (see `sizeClass`).
    private var freeLists = [[UnsafeMutableRawPointer]](repeating: [], count: 2 * Int.bitWidth)
    private var stats = Statistics()

    init(limit: Int) { limitBytes = limit }

    @inline(__always)
    private func locked<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The pool's counters.
    public var statistics: Statistics { locked { stats } }

    /// Zeroes the counters of events (hits, misses, frees); the byte gauges stay.
    public func resetStatistics() {
        locked {
            stats.systemAllocations = 0
            stats.reuses = 0
            stats.systemFrees = 0
        }
    }

    /// Returns every cached buffer to the system (buffers in use are not affected).
    public func empty() {
        let buffers: [UnsafeMutableRawPointer] = locked {
            let all = freeLists.flatMap { $0 }
            stats.systemFrees += all.count
            stats.cachedBytes = 0
            for i in freeLists.indices { freeLists[i] = [] }
            return all
        }
        for p in buffers { p.deallocate() }
    }

    /// Frees cached buffers, largest classes first, until the cache fits the limit.
    private func trim() {
        let buffers: [UnsafeMutableRawPointer] = locked {
            var out: [UnsafeMutableRawPointer] = []
            for index in freeLists.indices.reversed() where stats.cachedBytes > limitBytes {
                let bytes = BufferPool.floats(ofClass: index) * MemoryLayout<Float>.stride
                while stats.cachedBytes > limitBytes, let p = freeLists[index].popLast() {
                    out.append(p)
                    stats.cachedBytes -= bytes
                }
            }
            stats.systemFrees += out.count
            return out
        }
        for p in buffers { p.deallocate() }
    }

    /// The index of the size class that a buffer of `count` floats is served from: class 2k
    /// holds 2ᵏ floats, class 2k + 1 holds 3·2ᵏ⁻¹ (the midpoint below 2ᵏ); the smallest is 16.
    @inline(__always)
    static func sizeClass(_ count: Int) -> Int {
        if count <= 16 { return 8 }
        // The next power of two p = 2ᵏ ≥ count, or its midpoint 3p/4 when that suffices.
        let k = Int.bitWidth - (count - 1).leadingZeroBitCount
        let p = 1 << k
        return count <= p / 2 + p / 4 ? 2 * k + 1 : 2 * k
    }

    /// The number of floats in size class `index`.
    @inline(__always)
    static func floats(ofClass index: Int) -> Int {
        let p = 1 << (index / 2)
        return index % 2 == 0 ? p : p / 2 + p / 4
    }

    /// A buffer of at least `count` floats, uninitialised, and its size class for `release`.
    @inline(__always)
    func acquire(_ count: Int) -> (UnsafeMutablePointer<Float>, Int) {
        let index = BufferPool.sizeClass(count)
        let floats = BufferPool.floats(ofClass: index)
        let bytes = floats * MemoryLayout<Float>.stride
        lock.lock()
        stats.liveBytes += bytes
        if let p = freeLists[index].popLast() {
            stats.reuses += 1
            stats.cachedBytes -= bytes
            lock.unlock()
            return (p.assumingMemoryBound(to: Float.self), index)
        }
        stats.systemAllocations += 1
        lock.unlock()
        BufferPool.countMissOnThisThread()
        let p = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
        return (p.bindMemory(to: Float.self, capacity: floats), index)
    }

    /// Takes back a buffer that `acquire` handed out from size class `index`.
    @inline(__always)
    func release(_ pointer: UnsafeMutablePointer<Float>, sizeClass index: Int) {
        let bytes = BufferPool.floats(ofClass: index) * MemoryLayout<Float>.stride
        lock.lock()
        stats.liveBytes -= bytes
        if stats.cachedBytes + bytes <= limitBytes {
            stats.cachedBytes += bytes
            freeLists[index].append(UnsafeMutableRawPointer(pointer))
            lock.unlock()
            return
        }
        stats.systemFrees += 1
        lock.unlock()
        UnsafeMutableRawPointer(pointer).deallocate()
    }
}

extension BufferPool {
    /// A per-thread tally of misses, so that a caller can count its own system allocations while
    /// other threads (other tests, other models) use the pool too.
    private final class Tally { var misses = 0 }

    private static let tallyKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    @inline(never)
    fileprivate static func countMissOnThisThread() {
        guard let raw = pthread_getspecific(tallyKey) else { return }
        Unmanaged<Tally>.fromOpaque(raw).takeUnretainedValue().misses += 1
    }

    /// Runs `body` and returns its result with the number of buffers that the calling thread
    /// asked of the system meanwhile (pool misses): zero for a warm training loop.
    public static func countingSystemAllocations<R>(_ body: () throws -> R) rethrows -> (result: R, systemAllocations: Int) {
        let tally = Tally()
        let previous = pthread_getspecific(tallyKey)
        pthread_setspecific(tallyKey, Unmanaged.passUnretained(tally).toOpaque())
        defer { pthread_setspecific(tallyKey, previous) }
        let result = try withExtendedLifetime(tally) { try body() }
        return (result, tally.misses)
    }
}

/// Memory of `count` floats drawn from the buffer pool, returned to it when the last reference
/// goes: the storage of a tensor, or the scratch space of a fused op (im2col columns, gate
/// buffers) that its pullback keeps alive until the backward pass has run.
public final class PooledBuffer: @unchecked Sendable {
    /// The first element; valid for `count` elements while the buffer is alive.
    public let base: UnsafeMutablePointer<Float>
    /// The number of floats asked for.
    public let count: Int
    private let sizeClass: Int
    /// Set by an op that applied ReLU to this buffer and multiplies the gradient that reaches it
    /// by ReLU's derivative (the fused dense and convolution ops): an op reading it may apply
    /// that derivative itself, sooner and cheaper (see `reluMaskedFor`).
    var isReLUOutput = false
    /// Set on a gradient buffer that is already zero wherever the ReLU output it names (the
    /// storage's identity) is zero, so that the ReLU's own backward pass can skip its ⊙ [y > 0]
    /// (max pooling's backward pass does this for a ReLU output; Ops/Pooling.swift).
    var reluMaskedFor: ObjectIdentifier?

    /// Uninitialised memory for `count` floats.
    public init(count: Int) {
        require(count >= 0, "PooledBuffer: negative count \(count)")
        (base, sizeClass) = BufferPool.shared.acquire(count)
        self.count = count
    }

    /// `count` floats set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(count: count)
        base.initialize(repeating: value, count: count)
    }

    deinit { BufferPool.shared.release(base, sizeClass: sizeClass) }

    /// The elements as a buffer pointer.
    @inline(__always)
    public var buffer: UnsafeMutableBufferPointer<Float> { UnsafeMutableBufferPointer(start: base, count: count) }

    /// A new buffer with the same elements.
    func copy() -> PooledBuffer {
        let other = PooledBuffer(count: count)
        other.base.update(from: base, count: count)
        return other
    }
}

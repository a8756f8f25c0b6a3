// A Communicator whose ranks are threads of this process: data-parallel training tested without
// MPI. Each collective is two barriers: every rank adds its part, the last to arrive publishes
// the result; every rank copies it out, the last to leave clears it for the next collective.

import Foundation
@testable import SynapseNN

final class ThreadGroup: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var arrived = 0, generation = 0
    private var floats: [Float] = [], doubles: [Double] = [], bytes: [UInt8] = []

    init(size: Int) { self.size = size }

    /// The communicators of ranks 0 ..< size.
    func communicators() -> [ThreadCommunicator] { (0..<size).map { ThreadCommunicator(rank: $0, group: self) } }

    /// Runs `body(rank)` on one thread per rank (not a thread pool: every rank must run at once,
    /// since each waits for the others in every collective) and returns each rank's result.
    func run<R>(_ body: @escaping (Int) throws -> R) throws -> [R] {
        let results = RankResults<R>(count: size), lock = NSLock(), done = DispatchSemaphore(value: 0)
        for rank in 0..<size {
            let thread = Thread {
                let result = Result { try body(rank) }
                lock.lock(); results.values[rank] = result; lock.unlock()
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<size { done.wait() }
        return try results.values.map { try $0!.get() }
    }

    private func barrier(onLast: () -> Void = {}) {
        let entered = generation
        arrived += 1
        if arrived == size {
            onLast()
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == entered { condition.wait() }
        }
    }

    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) {
        condition.lock(); defer { condition.unlock() }
        if floats.isEmpty { floats = Array(repeating: 0, count: values.count) }
        for i in values.indices { floats[i] += values[i] }
        barrier()
        for i in values.indices { values[i] = floats[i] }
        barrier { floats = [] }
    }

    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) {
        condition.lock(); defer { condition.unlock() }
        if doubles.isEmpty { doubles = Array(repeating: 0, count: values.count) }
        for i in values.indices { doubles[i] += values[i] }
        barrier()
        for i in values.indices { values[i] = doubles[i] }
        barrier { doubles = [] }
    }

    func broadcast(_ values: UnsafeMutableRawBufferPointer, rank: Int, root: Int) {
        condition.lock(); defer { condition.unlock() }
        if rank == root { bytes = Array(values) }
        barrier()
        if rank != root { values.copyBytes(from: bytes) }
        barrier { bytes = [] }
    }
}

/// Each rank's result, written by its thread under a lock.
private final class RankResults<R>: @unchecked Sendable {
    var values: [Result<R, Error>?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
}

final class ThreadCommunicator: Communicator {
    let rank: Int
    let group: ThreadGroup
    var size: Int { group.size }

    init(rank: Int, group: ThreadGroup) { (self.rank, self.group) = (rank, group) }

    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws { group.allReduceSum(values) }
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws { group.allReduceSum(values) }
    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) throws { group.broadcast(bytes, rank: rank, root: root) }
    func abort(_ message: String) -> Never { fatalError(message) }
}

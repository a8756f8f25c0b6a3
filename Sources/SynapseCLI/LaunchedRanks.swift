// How `synapse train` trains under `mpirun -np N` (or `srun`): each process is one rank of a
// data-parallel fit (docs/DISTRIBUTED.md). Rank 0 prints and writes --out as a single process
// would; the other ranks train alongside it and print and write nothing, since their output
// would repeat rank 0's. Their errors still go to standard error.

import Foundation
import SynapseDistributed
import SynapseNN

enum LaunchedRanks {
    /// Data-parallel training over MPI when a launcher started this process with more than one
    /// rank; nil for a plain run, which never touches MPI. `timeout` replaces the collective
    /// operations' time limit of SYNAPSE_MPI_TIMEOUT (MPICommunicator.timeout).
    static func distribution(timeout: Double? = nil) throws -> DataParallel? {
        guard MPICommunicator.isLaunchedWithSeveralRanks() else { return nil }
        let world = try MPICommunicator.world()
        if let timeout { world.timeout = timeout }
        let environment = ProcessInfo.processInfo.environment
        if let rank = environment["SYNAPSE_TEST_HANG_RANK"].flatMap({ Int($0) }), rank == world.rank {
            let calls = environment["SYNAPSE_TEST_HANG_AFTER_ALLREDUCES"].flatMap { Int($0) } ?? 0
            return DataParallel(communicator: TestOnlyHangingCommunicator(world, afterAllReduces: calls))
        }
        return DataParallel(communicator: world)
    }

    /// A command's run on this process, or under mpirun on every rank: `asRoot` on rank 0 (or
    /// alone, with nil), which prints and writes --out; `elsewhere` on the other ranks, into a
    /// private folder and without output (`runWithoutOutput`). An error on any rank ends them all.
    static func run(timeout: Double? = nil, asRoot: (DataParallel?) throws -> Void,
                    elsewhere: (_ staging: String, DataParallel) throws -> Void) throws {
        guard let distribution = try distribution(timeout: timeout) else { return try asRoot(nil) }
        endingEveryRankOnError(distribution) {
            if distribution.isRoot {
                try asRoot(distribution)
            } else {
                try runWithoutOutput(rank: distribution.rank) { try elsewhere($0, distribution) }
            }
        }
    }

    /// Runs `body` on a rank other than 0: standard output goes nowhere, and the files go to a
    /// private folder that is removed afterwards.
    static func runWithoutOutput(rank: Int, _ body: (_ staging: String) throws -> Void) throws {
        fflush(stdout)
        _ = freopen("/dev/null", "w", stdout)
        let scratch = NSTemporaryDirectory() + "synapse-rank\(rank)-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try body(scratch)
    }

    /// Runs `body`; an error ends every rank with its message (MPI_Abort), since a rank that
    /// stopped alone would leave the others waiting for it in their next collective operation.
    static func endingEveryRankOnError(_ distribution: DataParallel, _ body: () throws -> Void) {
        do {
            try body()
        } catch {
            distribution.communicator.abort("rank \(distribution.rank) of \(distribution.size) failed: \(error)")
        }
    }

    /// The line that says how the model was trained; without `batchSize` (an example, whose
    /// fits choose their own), the largest global batch the ranks averaged.
    static func summary(_ distribution: DataParallel, batchSize: Int?) -> String {
        guard distribution.averagedSteps > 0 else {
            return "ran on \(distribution.size) ranks (MPI), but no training step was averaged across them"
        }
        let batchSize = batchSize ?? distribution.largestGlobalBatch
        let perStep = distribution.allReduceSeconds / Double(Swift.max(distribution.averagedSteps, 1))
        return "trained data-parallel on \(distribution.size) ranks (MPI): global batch \(batchSize), "
            + "about \((batchSize + distribution.size - 1) / distribution.size) rows per rank per step; "
            + String(format: "all-reduce %.2f ms per step on rank 0", perStep * 1000)
    }
}

/// Test only (MPITrainTests): with SYNAPSE_TEST_HANG_RANK=R and SYNAPSE_TEST_HANG_AFTER_ALLREDUCES=K,
/// rank R stops answering, without exiting, after K all-reduces, as a rank stuck in I/O would.
private final class TestOnlyHangingCommunicator: Communicator {
    let world: MPICommunicator
    var allReducesLeft: Int

    init(_ world: MPICommunicator, afterAllReduces count: Int) {
        (self.world, allReducesLeft) = (world, count)
    }

    var rank: Int { world.rank }
    var size: Int { world.size }

    private func countDown() {
        allReducesLeft -= 1
        while allReducesLeft < 0 { sleep(3600) }
    }

    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        countDown()
        try world.allReduceSum(values)
    }

    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        countDown()
        try world.allReduceSum(values)
    }

    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) throws { try world.broadcast(bytes, from: root) }

    func abort(_ message: String) -> Never { world.abort(message) }
}

// How `synapse train` trains under `mpirun -np N` (or `srun`): each process is one rank of a
// data-parallel fit (docs/DISTRIBUTED.md). Rank 0 prints and writes --out as a single process
// would; the other ranks train alongside it and print and write nothing, since their output
// would repeat rank 0's. Their errors still go to standard error.

import Foundation
import SynapseDistributed
import SynapseNN

enum LaunchedRanks {
    /// Data-parallel training over MPI when a launcher started this process with more than one
    /// rank; nil for a plain run, which never touches MPI.
    static func distribution() throws -> DataParallel? {
        guard MPICommunicator.isLaunchedWithSeveralRanks() else { return nil }
        return try DataParallel.mpi()
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

// SynapseNN's Communicator over Open MPI (MPI_COMM_WORLD): what `mpirun -np N` launches, each
// process one rank. Only programs that train across processes link this module, and with it
// libmpi; the core library builds without MPI (docs/DISTRIBUTED.md).
//
// Every collective operation has a time limit (`timeout`, SYNAPSE_MPI_TIMEOUT): MPI's blocking
// calls wait for ever for a rank that stops answering without exiting (stuck in I/O, stopped),
// so the calls are the non-blocking forms, polled (CSynapseMPI), and a rank that waits longer
// than the limit says so and ends the run with MPI_Abort.

import CSynapseMPI
import Foundation
import SynapseNN

/// The processes of an `mpirun` (or `srun`) launch, as one communicator.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int
    /// The longest a collective operation waits for the other ranks, in seconds, before this
    /// rank writes which operation timed out and ends the run (MPI_Abort); 0 waits for ever
    /// (MPI's blocking calls). From `SYNAPSE_MPI_TIMEOUT`, else `defaultTimeout`. The wait
    /// includes whatever the other ranks do alone before they call the same operation (reading
    /// their data, rank 0's callbacks and checkpoints between epochs), so keep it well above that.
    public var timeout: Double
    /// The time limit of a collective operation when `SYNAPSE_MPI_TIMEOUT` is not set: 5 minutes.
    public static let defaultTimeout = 300.0
    /// How many all-reduces and broadcasts this rank has called (named in a timeout's message).
    private var allReduces = 0, broadcasts = 0

    /// The world communicator; initialises MPI on first use (and finalises it when the process
    /// exits, which mpirun requires of a rank that ends normally).
    public static func world() throws -> MPICommunicator {
        if let shared { return shared }
        let made = try MPICommunicator()
        shared = made
        return made
    }

    nonisolated(unsafe) private static var shared: MPICommunicator?

    private init() throws {
        timeout = try Self.timeout(environment: ProcessInfo.processInfo.environment)
        try Self.check(synapse_mpi_init(), "MPI_Init")
        atexit {
            if synapse_mpi_is_active() != 0 { _ = synapse_mpi_finalize() }
        }
        var rank: Int32 = 0, size: Int32 = 0
        try Self.check(synapse_mpi_rank(&rank), "MPI_Comm_rank")
        try Self.check(synapse_mpi_size(&size), "MPI_Comm_size")
        (self.rank, self.size) = (Int(rank), Int(size))
    }

    /// Whether this process was started by an MPI launcher with more than one process: Open
    /// MPI's mpirun sets OMPI_COMM_WORLD_SIZE, Slurm's srun and MPICH's Hydra set PMI_SIZE.
    public static func isLaunchedWithSeveralRanks(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        let size = environment["OMPI_COMM_WORLD_SIZE"] ?? environment["PMI_SIZE"]
        return (size.flatMap { Int($0) } ?? 1) > 1
    }

    /// The time limit `SYNAPSE_MPI_TIMEOUT` sets in `environment`: seconds, 0 for none.
    public static func timeout(environment: [String: String]) throws -> Double {
        guard let text = environment["SYNAPSE_MPI_TIMEOUT"] else { return defaultTimeout }
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds >= 0 else {
            throw SynapseError.invalidArgument("SYNAPSE_MPI_TIMEOUT must be a number of seconds (0 for no limit); got '\(text)'")
        }
        return seconds
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        guard let base = values.baseAddress else { return }
        allReduces += 1
        var waited = 0.0
        try check(synapse_mpi_allreduce_sum_float(base, values.count, timeout, &waited), "MPI_Allreduce", waited: waited)
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        guard let base = values.baseAddress else { return }
        allReduces += 1
        var waited = 0.0
        try check(synapse_mpi_allreduce_sum_double(base, values.count, timeout, &waited), "MPI_Allreduce", waited: waited)
    }

    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) throws {
        guard let base = bytes.baseAddress else { return }
        broadcasts += 1
        var waited = 0.0
        try check(synapse_mpi_broadcast(base, bytes.count, Int32(root), timeout, &waited), "MPI_Bcast", waited: waited)
    }

    public func abort(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n(ending all \(size) ranks)\n".utf8))
        synapse_mpi_abort(1)
        exit(1)
    }

    /// Throws MPI's error for `code`; ends the run when the other ranks did not answer in time
    /// (a thrown error could reach MPI_Finalize, which would wait for them for ever).
    private func check(_ code: Int32, _ call: String, waited: Double) throws {
        if code == Int32(SYNAPSE_MPI_TIMED_OUT) {
            let count = call == "MPI_Bcast" ? "broadcast no. \(broadcasts)" : "all-reduce no. \(allReduces)"
            abort("rank \(rank) of \(size): no answer from the other ranks for \(String(format: "%.1f", waited)) s in \(call) "
                  + "(this rank's \(count); time limit \(String(format: "%g", timeout)) s: raise it with SYNAPSE_MPI_TIMEOUT, "
                  + "in synapse train with --mpi-timeout)")
        }
        try Self.check(code, call)
    }

    private static func check(_ code: Int32, _ call: String) throws {
        guard code != 0 else { return }
        var text = [CChar](repeating: 0, count: 512)
        synapse_mpi_error_string(code, &text, Int32(text.count))
        throw SynapseError.invalidArgument("\(call) failed: \(String(cString: text)) (MPI error \(code))")
    }
}

extension DataParallel {
    /// Data-parallel training over the processes of an MPI launch:
    /// `try model.fit(x: x, y: y, distribution: .mpi())` in a program run by `mpirun -np N`.
    public static func mpi(bucketSize: Int = 1 << 22) throws -> DataParallel {
        DataParallel(communicator: try MPICommunicator.world(), bucketSize: bucketSize)
    }
}

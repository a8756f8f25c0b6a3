// SynapseNN's Communicator over Open MPI (MPI_COMM_WORLD): what `mpirun -np N` launches, each
// process one rank. Only programs that train across processes link this module, and with it
// libmpi; the core library builds without MPI (docs/DISTRIBUTED.md).

import CSynapseMPI
import Foundation
import SynapseNN

/// The processes of an `mpirun` (or `srun`) launch, as one communicator.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int

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

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        guard let base = values.baseAddress else { return }
        try Self.check(synapse_mpi_allreduce_sum_float(base, values.count), "MPI_Allreduce")
    }

    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {
        guard let base = values.baseAddress else { return }
        try Self.check(synapse_mpi_allreduce_sum_double(base, values.count), "MPI_Allreduce")
    }

    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) throws {
        guard let base = bytes.baseAddress else { return }
        try Self.check(synapse_mpi_broadcast(base, bytes.count, Int32(root)), "MPI_Bcast")
    }

    public func abort(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n(ending all \(size) ranks)\n".utf8))
        synapse_mpi_abort(1)
        exit(1)
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

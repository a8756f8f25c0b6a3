import Foundation
import Testing
@testable import SynapseCLI
import Synapse

/// The machine facts that `synapse bench` records beside its timings.
@Suite(.serialized) struct BenchDiagnosticsTests {
    /// Two threads pass a counter back and forth: a positive round trip in well under the
    /// 1 s limit per round on two CPUs, and no figure with one thread (nothing to pass it to).
    @Test func theCoresRoundTripIsMeasuredOrLeftOut() {
        let before = Parallel.threadCount
        defer { Parallel.setThreadCount(before) }
        Parallel.setThreadCount(1)
        #expect(coreRoundTripNanoseconds() == nil)
        Parallel.setThreadCount(2)
        let start = Date()
        let nanoseconds = coreRoundTripNanoseconds()
        if ProcessInfo.processInfo.activeProcessorCount > 1 {
            // nil only when the threads could not meet within the limit (a CPU shared by both).
            if let nanoseconds { #expect(nanoseconds > 0 && nanoseconds < 1_000_000) }
        } else {
            #expect(nanoseconds == nil)
        }
        #expect(Date().timeIntervalSince(start) < 6)
    }
}

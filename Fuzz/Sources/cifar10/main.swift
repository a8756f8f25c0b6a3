// Fuzz target: CIFAR-10 binary batches (CIFAR10.readBatch).
@testable import SynapseData
import FuzzDriver
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    _ = try? CIFAR10.decode(bytes, path: "fuzz.bin")
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

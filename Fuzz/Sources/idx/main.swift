// Fuzz target: IDX files (MNIST), raw or gzipped, as IDX.read reads them.
@testable import SynapseData
import FuzzDriver
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let raw = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let (bytes, gzipped) = try? maybeGunzip(raw, path: "fuzz.idx", limit: 64 << 20) else { return 0 }
    _ = try? IDX.decode(bytes, path: "fuzz.idx", gzipped: gzipped)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

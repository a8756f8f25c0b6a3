// Fuzz target: gzip decompression (Gzip.decompress), with a 64 MiB bound so that a bomb is
// reported as an error rather than filling the 2 GB the fuzzer allows.
@testable import SynapseData
import FuzzDriver
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    _ = try? Gzip.decompress(bytes, path: "fuzz.gz", limit: 64 << 20)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

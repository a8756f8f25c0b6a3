// Fuzz target: model files (Sequential.load): safetensors, then the model and compile
// configuration in its metadata, the weights and the optimizer state.
import Foundation
@testable import SynapseNN
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    _ = try? Sequential.load(fileData: data, path: "fuzz.safetensors")
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

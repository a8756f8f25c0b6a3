// Fuzz target: a .keras archive's config.json (KerasFormat.model(fromConfig:)): the JSON, the
// Sequential and functional layouts, each layer's Keras config and the graph's references.
import Foundation
import SynapseNN
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    if let config = try? JSONValue.parse(String(decoding: data, as: UTF8.self)) {
        _ = try? KerasFormat.model(fromConfig: config, file: "fuzz.keras")
    }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

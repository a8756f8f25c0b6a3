// Fuzz target: a model's configuration JSON as a model file holds it — {"model_config": {...},
// "input_shape": [...]} — rebuilt as Sequential.load does (LayerRegistry.layer(from:), then
// build(inputShape:)).
import Foundation
@testable import SynapseNN
import FuzzDriver

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: start == nil ? 0 : count), as: UTF8.self)
    guard let json = try? JSONValue.parse(text), let object = json.objectValue else { return 0 }
    _ = try? Sequential.rebuild(config: object["model_config"] ?? .null, inputShape: object["input_shape"] ?? .null, path: "fuzz.json")
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

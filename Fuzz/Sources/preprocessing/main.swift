// Fuzz target: the preprocessing.json that synapse train writes and synapse predict reads
// (TrainingSetup), then the step of predict that uses it: naming the predictions.
import Foundation
import Synapse
@testable import SynapseCLI
import FuzzDriver

let frame = try! DataFrame(csvText: "a,b\n1,2\n3,4\n")
let outputs = [Tensor(shape: [2, 1], scalars: [0.2, 0.9]), Tensor(shape: [2, 3], scalars: [0.1, 0.2, 0.7, 0.5, 0.3, 0.2])]

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard let setup = try? TrainingSetup.decode(data, path: "preprocessing.json") else { return 0 }
    for output in outputs { _ = try? setup.withPredictions(output, beside: frame) }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

// Fuzz target: saved scalers' JSON (StandardScaler, MinMaxScaler, RobustScaler .load), then a
// transform of one row, which uses the statistics the file gave.
import Foundation
@testable import SynapseData
import FuzzDriver

func check<S: Scaler>(_ type: S.Type, _ data: Data) {
    guard let scaler = try? S.decode(data, path: "fuzz.json") else { return }
    guard let width = try? scaler.affine.multiplier.count, width <= 1 << 16 else { return }
    let row = [Double](repeating: 1.5, count: width)
    _ = try? scaler.inverseTransform(rows: scaler.transform(rows: [row]))
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    check(StandardScaler.self, data)
    check(MinMaxScaler.self, data)
    check(RobustScaler.self, data)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

// Fuzz target: dates in text (DateFormat.detect, DateFormat.parse, each form's date(from:)).
import SynapseData
import FuzzDriver
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: start == nil ? 0 : count), as: UTF8.self)
    _ = DateFormat.detect(text)
    _ = try? DateFormat.parse(text)
    for format in DateFormat.allCases { _ = format.date(from: text) }
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

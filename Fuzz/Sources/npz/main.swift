// Fuzz target: NumPy .npz archives, stored or deflated (NumPy.loadArchive). The input goes
// through a file, as NumPy.loadArchive reads it: ZIPFoundation's in-memory archives
// (Archive(data:)) trap on some corrupt inputs that its file reader rejects (docs/RELIABILITY.md).
import Foundation
import FuzzDriver
import SynapseData

let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
let path = folder + "/synapse-fuzz-npz-\(getpid()).npz"

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    guard FileManager.default.createFile(atPath: path, contents: data) else { fatalError("cannot write \(path)") }
    _ = try? NumPy.loadArchive(path)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
let status = LLVMFuzzerRunDriver(&argc, &argv, fuzzOne)
try? FileManager.default.removeItem(atPath: path)
exit(status)

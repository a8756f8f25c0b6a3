// Fuzz target: PNG files (Image(decoding:), libpng behind the CSynapseImage shim). The first
// byte picks the channels asked for (0 as stored, 1...4) and 8-bit reduction; the rest is the
// file. A decoded image must encode and decode back to itself, and resize without trapping.
import FuzzDriver
import Foundation
import SynapseImage

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let flags = bytes.first else { return 0 }
    let channels = Int(flags % 5)
    guard let image = try? Image(decoding: Array(bytes.dropFirst()), path: "fuzz.png",
                                 channels: channels == 0 ? nil : channels, eightBit: flags & 8 != 0) else { return 0 }
    guard image.width * image.height <= 1 << 20 else { return 0 }
    let again = try! Image(decoding: try! image.pngData())
    precondition(again == image, "a decoded PNG did not survive encoding")
    _ = try! image.resized(height: 3, width: 5, cropToAspectRatio: flags & 16 != 0)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

// Fuzz target: PNG files (Image(decoding:), libpng behind the CSynapseImage shim). The first
// byte picks the channels asked for (0 as stored, 1...4) and 8-bit reduction; the rest is the
// file. A decoded image must encode and decode back to itself, and resize without trapping.
import FuzzDriver
import Foundation
import SynapseImage

/// Images of more than 4 MiB of samples are refused at their header here (the library's own
/// cap is 512 MiB): under AddressSanitizer a debug build spends seconds on the samples of a
/// large, legitimately small file, which libFuzzer would report as a timeout.
let fuzzMaximumBytes = 4 << 20

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let flags = bytes.first else { return 0 }
    let channels = Int(flags % 5)
    guard let image = try? Image(decoding: Array(bytes.dropFirst()), path: "fuzz.png",
                                 channels: channels == 0 ? nil : channels, eightBit: flags & 8 != 0,
                                 maximumBytes: fuzzMaximumBytes) else { return 0 }
    guard image.width * image.height <= 1 << 20 else { return 0 }
    let again = try! Image(decoding: try! image.pngData())
    precondition(again == image, "a decoded PNG did not survive encoding")
    _ = try! image.resized(height: 3, width: 5, cropToAspectRatio: flags & 16 != 0)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

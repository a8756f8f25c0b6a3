// Fuzz target: JPEG files (Image(decoding:), libjpeg-turbo behind the CSynapseImage shim). The
// first byte picks the channels asked for (as stored, 1 or 3) and whether the EXIF orientation
// is applied, and the IDCT; the rest is the file. A decoded image must resize without trapping.
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
    let channels = [nil, 1, 3][Int(flags % 3)]
    guard let image = try? Image(decoding: Array(bytes.dropFirst()), path: "fuzz.jpg", channels: channels,
                                 applyOrientation: flags & 4 != 0, fastIDCT: flags & 16 != 0,
                                 maximumBytes: fuzzMaximumBytes) else { return 0 }
    _ = try! image.resized(height: 4, width: 3, cropToAspectRatio: flags & 8 != 0)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

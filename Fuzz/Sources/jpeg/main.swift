// Fuzz target: JPEG files (Image(decoding:), libjpeg-turbo behind the CSynapseImage shim). The
// first byte picks the channels asked for (as stored, 1 or 3) and whether the EXIF orientation
// is applied, and the IDCT; the rest is the file. A decoded image must resize without trapping.
import FuzzDriver
import Foundation
import SynapseImage

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let flags = bytes.first else { return 0 }
    let channels = [nil, 1, 3][Int(flags % 3)]
    guard let image = try? Image(decoding: Array(bytes.dropFirst()), path: "fuzz.jpg", channels: channels,
                                 applyOrientation: flags & 4 != 0, fastIDCT: flags & 16 != 0) else { return 0 }
    _ = try! image.resized(height: 4, width: 3, cropToAspectRatio: flags & 8 != 0)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

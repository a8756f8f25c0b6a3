// Fuzz target: CSV files (DataFrame(csvFile:)). The first byte picks the options: bit 0 no
// header, bit 1 ';' as the delimiter, bit 2 the first column as a date index (parse_dates),
// bit 3 every column forced to float64, bit 4 decimal ',' and thousands '.' (with ';'; with ','
// thousands ' '), bit 5 skipinitialspace and comment '#', bit 6 the file in cp1252, bit 7 an
// implicit index read as the index, the first line skipped and at most 3 rows. The rest is the
// file.
@testable import SynapseData
import FuzzDriver
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let flags = start[0]
    let file = UnsafeBufferPointer(start: start + 1, count: count - 1)
    var options = CSVReadOptions(delimiter: flags & 2 != 0 ? ";" : ",", hasHeader: flags & 1 == 0)
    if flags & 16 != 0 {
        if flags & 2 != 0 { options.decimal = ","; options.thousands = "." } else { options.thousands = " " }
    }
    if flags & 32 != 0 { options.skipInitialSpace = true; options.comment = "#" }
    if flags & 64 != 0 { options.encoding = .cp1252 }
    if flags & 128 != 0 { options.implicitIndex = .index; options.skipRows = 1; options.nRows = 3 }
    guard let frame = try? DataFrame.parseCSV(file, path: "fuzz.csv", options: options) else { return 0 }
    guard flags & 12 != 0, let first = frame.columns.first else { return 0 }
    if flags & 4 != 0 {
        options.indexColumn = first
        options.parseDates = [first]
    }
    if flags & 8 != 0 {
        for name in frame.columns where name != options.indexColumn { options.dtype[name] = .float64 }
    }
    _ = try? DataFrame.parseCSV(file, path: "fuzz.csv", options: options)
    return 0
}

var argc = CommandLine.argc, argv = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))

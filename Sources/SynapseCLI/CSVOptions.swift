// The pandas.read_csv options that `describe`, `train`, `predict` and `forecast` accept, with
// Pandas's names (--sep, --decimal, --thousands, --encoding, --na-values, --index-col,
// --parse-dates) and defaults; each becomes the CSVReadOptions field of the same meaning.

import ArgumentParser
import Foundation
import Synapse

struct CSVOptions: ParsableArguments {
    @Option(help: "The field separator, one character (Pandas's sep; default ',', e.g. ';' or '\\t' for tab).")
    var sep = ","

    @Option(help: "The decimal mark of numbers, one character (Pandas's decimal; default '.', e.g. ',').")
    var decimal = "."

    @Option(help: "The thousands separator in numbers, one character (Pandas's thousands; default none).")
    var thousands: String?

    @Option(help: "The file's encoding: utf-8 (default), latin-1, cp1252, utf-16, utf-16-le or utf-16-be.")
    var encoding = "utf-8"

    @Option(parsing: .unconditional, help: "More texts read as missing values, separated by commas (Pandas's na_values), e.g. -999,?.")
    var naValues: String?

    @Option(help: "A column whose values become the row labels, by name or position (Pandas's index_col).")
    var indexCol: String?

    @Option(help: "Columns read as dates, separated by commas (Pandas's parse_dates).")
    var parseDates: String?

    /// One character of an option, with the sentence to print when it is not one.
    private static func character(_ text: String, _ flag: String) throws -> Character {
        let text = text == "\\t" ? "\t" : text
        guard text.count == 1, let c = text.first, c.isASCII else {
            throw ValidationError("\(flag) takes one ASCII character, e.g. \(flag) ';'; got '\(text)'.")
        }
        return c
    }

    func validate() throws { _ = try readOptions() }

    /// The read options these flags ask for, on top of `base`.
    func readOptions(_ base: CSVReadOptions = CSVReadOptions()) throws -> CSVReadOptions {
        var options = base
        options.delimiter = try Self.character(sep, "--sep")
        options.decimal = try Self.character(decimal, "--decimal")
        options.thousands = try thousands.map { try Self.character($0, "--thousands") }
        if options.decimal == options.delimiter || options.decimal == options.thousands {
            throw ValidationError("--decimal '\(decimal)' must differ from --sep and --thousands.")
        }
        guard let encoding = CSVEncoding(pandasName: encoding) else {
            throw ValidationError("--encoding takes utf-8, latin-1, cp1252, utf-16, utf-16-le or utf-16-be; got '\(encoding)'.")
        }
        options.encoding = encoding
        options.naValues = Set(Self.list(naValues))
        options.indexColumn = indexCol
        options.parseDates = Self.list(parseDates)
        return options
    }

    private static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

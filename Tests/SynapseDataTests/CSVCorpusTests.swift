import Foundation
import Testing
@testable import SynapseData

/// The messy-CSV corpus of issue 19 (scripts/fixtures/make_csv_corpus.py): every file read
/// with the read_csv options Pandas was given gives Pandas's names, dtypes, row count, missing
/// counts, index and describe() statistics; a file Pandas refuses is refused; and the
/// deliberate refusals of docs/DATA.md throw an error that says what Pandas would do and which
/// option reads the file.
@Suite struct CSVCorpusTests {
    /// The cases Synapse refuses on purpose, with the option its message names (docs/DATA.md).
    static let refusals: [String: String] = [
        "trailing_comma_data_only": "implicitIndex: .dropTrailing",
        "short_header": "implicitIndex: .index",
        "short_header_by_two": "implicitIndex: .dropTrailing",
        "short_row": "add the missing delimiters",
        "text_after_quote": "remove the quotes or the text",
    ]

    static let corpus = try! Fixture.json("csv_corpus.json")
    static let cases = (corpus["cases"] as! [[String: Any]])
    static let names = cases.map { $0["name"] as! String }

    static func options(_ pandas: [String: Any]) -> CSVReadOptions {
        var options = CSVReadOptions()
        for (key, value) in pandas {
            switch key {
            case "sep": options.delimiter = Character(value as! String)
            case "decimal": options.decimal = Character(value as! String)
            case "thousands": options.thousands = Character(value as! String)
            case "na_values": options.naValues = Set(value as! [String])
            case "keep_default_na": options.keepDefaultNA = value as! Bool
            case "skiprows": options.skipRows = value as! Int
            case "nrows": options.nRows = value as? Int
            case "usecols": options.useColumns = value as? [String]
            case "dtype":
                options.dtype = (value as! [String: String]).mapValues { $0 == "str" ? .object : ColumnType(rawValue: $0)! }
            case "index_col":
                if let name = value as? String { options.indexColumn = name }
                else if "\(type(of: value))".contains("Boolean") { options.implicitIndex = .dropTrailing }  // index_col=False
                else { options.indexColumn = String((value as! NSNumber).intValue) }
            case "parse_dates":
                options.parseDates = (value as? [String]) ?? [pandas["index_col"] as! String]
            case "comment": options.comment = Character(value as! String)
            case "skipinitialspace": options.skipInitialSpace = value as! Bool
            case "header": options.hasHeader = !(value is NSNull)
            case "encoding": options.encoding = CSVEncoding(pandasName: value as! String)!
            default: Issue.record("the corpus uses read_csv's \(key), which this test does not map")
            }
        }
        return options
    }

    static func read(_ entry: [String: Any], implicitIndex: CSVReadOptions.ImplicitIndex? = nil) throws -> DataFrame {
        var options = options(entry["options"] as! [String: Any])
        if let implicitIndex { options.implicitIndex = implicitIndex }
        return try DataFrame(csvFile: Fixture.path("csv_corpus/\(entry["file"] as! String)"), options: options)
    }

    /// A statistic from the fixture: a number, null (NaN) or "inf" / "-inf".
    static func statistic(_ any: Any) -> Double {
        switch any {
        case let text as String: return text == "inf" ? .infinity : -.infinity
        case let number as NSNumber: return number.doubleValue
        default: return .nan
        }
    }

    static func expectSame(_ frame: DataFrame, _ expected: [String: Any], _ name: String) throws {
        #expect(frame.columns == expected["columns"] as! [String], "\(name): names")
        #expect(frame.columnValues.map(\.type.rawValue) == expected["dtypes"] as! [String], "\(name): dtypes")
        #expect(frame.rowCount == expected["rows"] as! Int, "\(name): rows")
        #expect(frame.missingCounts().map(\.count) == expected["missing"] as! [Int], "\(name): missing")
        if let index = expected["index"] as? [String] { #expect(Array((frame.index ?? []).prefix(5)) == index, "\(name): index") }
        if let indexName = expected["index_name"] as? String { #expect(frame.indexName == indexName, "\(name): index name") }
        let described = frame.describe()
        let statistics = expected["describe"] as! [String: [Any]]
        #expect(Set(described.columns) == Set(statistics.keys), "\(name): described columns")
        for (column, want) in statistics {
            guard let got = try? described.numbers(column) else { continue }
            for (k, value) in want.map(statistic).enumerated() {
                let same = value.isNaN ? got[k].isNaN : value.isInfinite ? got[k] == value : close(got[k], value, relative: 1e-9)
                #expect(same, "\(name): \(column) \(described.index![k]) is \(got[k]), Pandas \(value)")
            }
        }
    }

    @Test(arguments: names)
    func readsAsPandasDoes(_ name: String) throws {
        let entry = Self.cases.first { $0["name"] as! String == name }!
        if let refusal = Self.refusals[name] {
            #expect(entry["refusal"] != nil, "\(name) is refused but the corpus does not say so")
            let error = #expect(throws: SynapseError.self) { try Self.read(entry) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("Pandas would"), "\(name): \(message)")
            #expect(message.contains(refusal), "\(name): \(message)")
            // Where the message offers Pandas's own reading, it gives Pandas's frame.
            if refusal == "implicitIndex: .index", let expected = entry["expect"] as? [String: Any] {
                try Self.expectSame(try Self.read(entry, implicitIndex: .index), expected, name)
            }
            return
        }
        #expect(entry["refusal"] == nil, "\(name) is marked a refusal in the corpus but not in the test")
        if let pandasError = entry["error"] as? String {
            #expect(throws: SynapseError.self, "\(name): Pandas raises \(pandasError)") { try Self.read(entry) }
            return
        }
        try Self.expectSame(try Self.read(entry), entry["expect"] as! [String: Any], name)
    }

    @Test func corpusCoversEveryClassOfTheIssue() throws {
        let files = Set(Self.cases.map { $0["file"] as! String })
        #expect(files.count >= 80)
        let classes = Set(Self.cases.map { $0["class"] as! String })
        #expect(classes.isSuperset(of: ["names", "infinity", "whitespace", "types", "encoding", "dialect", "rows"]))
        #expect(Set(Self.cases.filter { $0["refusal"] != nil }.map { $0["name"] as! String }) == Set(Self.refusals.keys))
    }

    @Test func invalidUTF8NamesTheLineAndByteOffset() throws {
        let entry = Self.cases.first { $0["name"] as! String == "cp1252_default" }!
        let error = #expect(throws: SynapseError.self) { try Self.read(entry) }
        guard case let .invalidFile(path, location, reason)? = error else { return }
        #expect(path.hasSuffix("cp1252_default.csv"))
        #expect(location == .line(2))
        #expect(reason.contains("0xE9 at byte offset 14") && reason.contains("UnicodeDecodeError") && reason.contains("cp1252"))
    }
}

import CSV
import Foundation
import Testing
@testable import SynapseData

@Suite struct CSVReadingTests {
    @Test func infersPandasTypes() throws {
        let frame = try DataFrame(csvText: "i,f,m,t,b\n1,1.5,1,x,True\n2,2,,y,False\n3,-3e2,3,,true\n")
        #expect(frame.shape == (3, 5))
        #expect(frame.columns == ["i", "f", "m", "t", "b"])
        #expect(frame.columnValues.map(\.type) == [.int64, .float64, .float64, .object, .bool])
        #expect(try frame.numbers("f") == [1.5, 2, -300])
        #expect(frame["t"]?.values == .texts(["x", "y", nil]))
        #expect(frame["b"]?.values == .booleans([true, false, true]))
        #expect(frame["m"]!.missingCount == 1)
    }

    @Test func quotedFieldsDelimiterAndCRLF() throws {
        let text = "name;note\r\n\"Smith; J\";\"said \"\"hi\"\"\"\r\nplain;\"two\nlines\"\r\n"
        let frame = try DataFrame(csvText: text, options: CSVReadOptions(delimiter: ";"))
        #expect(frame["name"]?.values == .texts(["Smith; J", "plain"]))
        #expect(frame["note"]?.values == .texts(["said \"hi\"", "two\nlines"]))
    }

    @Test func indexColumnAndDates() throws {
        let text = "DATE,Production\n1995-01-01,66.19\n1995-02-01,65.15\n1995-03-01 12:30,1\n"
        let frame = try DataFrame(csvText: text, options: CSVReadOptions(indexColumn: "DATE"))
        #expect(frame.index == ["1995-01-01", "1995-02-01", "1995-03-01 12:30"])
        #expect(frame.columns == ["Production"])
        let dated = try DataFrame(csvText: text, options: CSVReadOptions(parseDates: ["DATE"]))
        guard case let .dates(dates) = dated["DATE"]!.values else { Issue.record("not dates"); return }
        #expect(dates[1] == Date(timeIntervalSince1970: 791_596_800))  // 1995-02-01 UTC
        #expect(dated["DATE"]!.text(at: 2) == "1995-03-01 12:30:00")
    }

    @Test func headerOnlyGivesNoRowsAndLastLineNeedsNoNewline() throws {
        let empty = try DataFrame(csvText: "a,b\n")
        #expect(empty.shape == (0, 2))
        let unterminated = try DataFrame(csvText: "a,b\n1,2")
        #expect(try unterminated.numbers("b") == [2])
        let trailingEmpty = try DataFrame(csvText: "a,b\n1,")
        #expect(trailingEmpty["b"]?.missingCount == 1)
    }

    /// Files of 1 MB or more without quotes are tokenized in two halves on two threads.
    @Test func largeFileSplitInTwoKeepsRowsAndLineNumbers() throws {
        let rows = 70_000
        var text = "i,x,name\n"
        for i in 0..<rows { text += "\(i),\(Double(i) / 4),n\(i % 7)\n" }
        #expect(text.utf8.count > 1 << 20)
        let frame = try DataFrame(csvText: text, name: "big.csv")
        #expect(frame.rowCount == rows)
        #expect(try frame.numbers("i") == (0..<rows).map(Double.init))
        #expect(frame["name"]?.text(at: rows - 1) == "n\((rows - 1) % 7)")
        let late = rows - 10  // a ragged row in the second half: its line is counted from the file's start
        let ragged = text.replacingOccurrences(of: "\n\(late),", with: "\n\(late),1,")
        #expect(throws: SynapseError.invalidFile(path: "big.csv", location: .line(late + 2, column: nil),
                                                 reason: "expected 3 fields as in the header, found 4")) {
            try DataFrame(csvText: ragged, name: "big.csv")
        }
        let leadingBlank = try DataFrame(csvText: "\n" + text, name: "big.csv")  // read by one thread
        #expect(leadingBlank.rowCount == rows && leadingBlank.columns == ["i", "x", "name"])
        let tensorError = #expect(throws: SynapseError.self) {
            try DataFrame(csvText: text.replacingOccurrences(of: "\n\(late),", with: "\n\(late)x,"), name: "big.csv").toTensor()
        }
        #expect(tensorError == .invalidFile(path: "big.csv", location: .line(late + 2, column: "i"),
                                            reason: "the value '\(late)x' is not a number, and column 'i' was asked for as numbers"))
    }

    @Test func noHeaderNamesColumnsByPosition() throws {
        let frame = try DataFrame(csvText: "1,2\n3,4\n", options: CSVReadOptions(hasHeader: false))
        #expect(frame.columns == ["0", "1"])
        #expect(try frame.numbers("1") == [2, 4])
    }

    @Test func numbersParseExactly() throws {
        let values = ["0.1", "123456789.123456789", "1e-300", "-2.5E+10", "17.99", "9007199254740993", "0.30000000000000004", " 4 "]
        let frame = try DataFrame(csvText: "x\n" + values.joined(separator: "\n"))
        let parsed = try frame.numbers("x")
        #expect(parsed == values.map { Double($0.trimmingCharacters(in: .whitespaces))! })
    }

    /// Our byte tokenizer and the CSV.swift package split tricky text the same way.
    @Test func agreesWithCSVSwiftPackage() throws {
        let text = "a,b,c\n\"q,1\",,\"\"\"\"\nx y,\"multi\r\nline\",3\n,,\n\"\",z,\"end\"\n"
        let frame = try DataFrame(csvText: text, options: CSVReadOptions(dtype: ["a": .object, "b": .object, "c": .object]))
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(reader.headerRow! == frame.columns)
        #expect(rows.count == frame.rowCount)
        for (r, row) in rows.enumerated() {
            for (c, name) in frame.columns.enumerated() { #expect((frame[name]!.text(at: r) ?? "") == row[c], "row \(r) column \(name)") }
        }
    }

    @Test func writeThenReadRoundTrips() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try DataFrame(csvText: "n,x,t\n1,0.1,\"a,b\"\n2,,\"say \"\"x\"\"\"\n3,1e-7,plain\n")
        let path = dir.appendingPathComponent("out.csv").path
        try original.writeCSV(to: path)
        let back = try DataFrame(csvFile: path)
        #expect(back == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.csv"])  // no temporary left
    }
}

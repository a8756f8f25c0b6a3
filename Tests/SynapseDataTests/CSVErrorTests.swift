import Foundation
import Testing
@testable import SynapseData

/// Each bad input throws an error that names the file and where in it.
@Suite struct CSVErrorTests {
    func readError(_ text: String, options: CSVReadOptions = CSVReadOptions()) -> SynapseError? {
        do {
            _ = try DataFrame(csvText: text, name: "bad.csv", options: options)
            return nil
        } catch let error as SynapseError {
            return error
        } catch {
            return nil
        }
    }

    @Test func raggedRowNamesItsLine() throws {
        let error = try #require(readError("a,b,c\n1,2,3\n4,5\n7,8,9\n"))
        guard case let .invalidFile(path, location, reason) = error else { Issue.record("\(error)"); return }
        #expect(path == "bad.csv")
        #expect(location == .line(3, column: nil))
        #expect(reason.contains("expected 3 fields"))
    }

    @Test func unterminatedQuoteNamesWhereItOpened() throws {
        let error = try #require(readError("a,b\n1,2\n3,\"open\n4,5\n"))
        guard case let .invalidFile(path, location, _) = error else { Issue.record("\(error)"); return }
        #expect(path == "bad.csv")
        #expect(location == .line(3, column: "3"))
        #expect(error.description.hasPrefix("bad.csv, line 3, column 3"))
    }

    @Test func nonNumericValueAskedAsNumbersAtReadTime() throws {
        let error = try #require(readError("x,y\n1,2\n3,abc\n", options: CSVReadOptions(dtype: ["y": .float64])))
        #expect(error == .invalidFile(path: "bad.csv", location: .line(3, column: "y"),
                                      reason: "the value 'abc' is not a number, and column 'y' was asked for as numbers"))
    }

    @Test func nonNumericValueAskedAsNumbersLater() throws {
        let frame = try DataFrame(csvText: "x,y\n1,2\n3,4\n5,n/a\n6,seven\n", name: "later.csv")
        #expect(frame["y"]?.type == .object)
        #expect(throws: SynapseError.invalidFile(path: "later.csv", location: .line(5, column: "y"),
                                                 reason: "the value 'seven' is not a number, and column 'y' was asked for as numbers")) {
            try frame.toTensor(columns: ["x", "y"])
        }
    }

    @Test func emptyFile() throws {
        let error = try #require(readError(""))
        #expect(error == .invalidFile(path: "bad.csv", location: .line(1), reason: "the file is empty; expected a header row"))
        let blank = try #require(readError("\n\n"))
        guard case .invalidFile("bad.csv", .line(1, nil)?, _) = blank else { Issue.record("\(blank)"); return }
    }

    @Test func missingTargetColumn() throws {
        let frame = try DataFrame(csvText: "a,b\n1,2\n", name: "data.csv")
        #expect(throws: SynapseError.invalidFile(path: "data.csv", location: .column("price"),
                                                 reason: "no column named 'price'; the columns are 'a', 'b'")) {
            try frame.column("price")
        }
        let atRead = try #require(readError("a,b\n1,2\n", options: CSVReadOptions(requiredColumns: ["price"])))
        guard case .invalidFile("bad.csv", .column("price")?, _) = atRead else { Issue.record("\(atRead)"); return }
    }

    @Test func textAfterClosingQuote() throws {
        let error = try #require(readError("a,b\n\"x\"y,2\n"))
        guard case .invalidFile("bad.csv", .line(2, "4")?, _) = error else { Issue.record("\(error)"); return }
    }

    @Test func badDate() throws {
        let error = try #require(readError("d,v\n2020-01-01,1\n2020-13-01,2\n", options: CSVReadOptions(parseDates: ["d"])))
        guard case .invalidFile("bad.csv", .line(3, "d")?, _) = error else { Issue.record("\(error)"); return }
    }

    /// An ASCII file is not checked byte by byte; one byte beyond ASCII, here late in a file
    /// large enough to be read in two halves, makes the whole file checked.
    @Test func invalidUTF8LateInALargeFileNamesItsLineAndOffset() throws {
        var text = "i,name\n"
        for i in 0..<80_000 { text += "\(i),n\(i % 7)\n" }
        var bytes = [UInt8](text.utf8)
        let offset = bytes.count - 3
        bytes[offset] = 0xE9
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("late.csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SynapseError.self) { try DataFrame(csvFile: path) }
        guard case let .invalidFile(_, location, reason)? = error else { return }
        #expect(location == .line(80_001))
        #expect(reason.contains("0xE9 at byte offset \(offset)"))
        bytes[offset] = UInt8(ascii: "x")
        try Data(bytes + Array("80000,café\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect(try DataFrame(csvFile: path)["name"]?.text(at: 80_000) == "café")
    }

    @Test func unreadableFile() throws {
        #expect(throws: SynapseError.self) { try DataFrame(csvFile: "/nonexistent/file.csv") }
    }
}

import Foundation
import Testing
@testable import SynapseData

/// A committed CSV read as the seed reads it: `pd.read_csv(path, index_col="DATE", parse_dates=True)`.
func datedFixture(_ name: String) throws -> DataFrame {
    try DataFrame(csvFile: Fixture.path("\(name).csv"), options: CSVReadOptions(indexColumn: "DATE", parseDates: ["DATE"]))
}

/// A committed CSV's text with the lines that start with one of `prefixes` left out.
func fixtureText(_ name: String, without prefixes: [String] = []) throws -> String {
    let text = try String(contentsOfFile: Fixture.path("\(name).csv"), encoding: .utf8)
    return text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { line in !prefixes.contains { line.hasPrefix($0) } }.joined(separator: "\n")
}

let dateIndexOptions = CSVReadOptions(indexColumn: "DATE", parseDates: ["DATE"])

@Suite struct DateIndexTests {
    @Test func theSeedsMonthlySeriesReadWithADateIndex() throws {
        let elec = try datedFixture("elec_equip")
        #expect(elec.shape == (257, 1))
        #expect(elec.columns == ["Production"])
        #expect(elec.indexName == "DATE")
        #expect(elec.dateIndex?.first == utc(1995, 1, 1) && elec.dateIndex?.last == utc(2016, 5, 1))
        #expect(elec.inferredFrequency == .month)
        #expect(try elec.checkRegular() == .month)
        let co2 = try datedFixture("co2_monthly")
        #expect(co2.shape == (526, 1))
        #expect(co2.dateIndex?.first == utc(1958, 3, 1) && co2.dateIndex?.last == utc(2001, 12, 1))
        #expect(co2.inferredFrequency == .month)
    }

    @Test func printsAndDescribesItsIndexAsPandas() throws {
        let printing = try Fixture.json("dates_ref.json")["printing"] as! [String: String]
        let elec = try datedFixture("elec_equip")
        #expect(elec.head(3).description == printing["head"])
        #expect(elec.info().components(separatedBy: "\n")[1] == printing["infoIndexLine"])
        #expect(elec.index?[2] == "1995-03-01")
    }

    @Test func aStringIndexStaysAsItWas() throws {
        let frame = try DataFrame(csvText: "DATE,v\n1995-01-01,1\n1995-02-01 10:00,2\n", options: CSVReadOptions(indexColumn: "DATE"))
        #expect(frame.index == ["1995-01-01", "1995-02-01 10:00"])
        #expect(frame.dateIndex == nil)
        #expect(frame.indexName == "DATE")
    }

    @Test func theDateIndexFollowsItsRows() throws {
        let elec = try datedFixture("elec_equip")
        #expect(elec.tail(2).dateIndex == [utc(2016, 4, 1), utc(2016, 5, 1)])
        let high = try elec.rows(where: elec.mask("Production") { $0 > 120 })
        #expect(high.dateIndex?.count == high.rowCount && high.rowCount > 0)
        #expect(try elec.renamed(["Production": "p"]).dateIndex == elec.dateIndex)
        #expect(try elec.adding("double", numbers: elec.numbers("Production").map { $0 * 2 }).dateIndex == elec.dateIndex)
        let production = try elec.numbers("Production")
        let lowest = try #require(production.indices.min { production[$0] < production[$1] })
        #expect(try elec.sorted(by: "Production").dateIndex?.first == elec.dateIndex?[lowest])
    }

    @Test func writingTheIndexGivesBackTheFile() throws {
        let elec = try datedFixture("elec_equip")
        let text = elec.csvText(includeIndex: true)
        #expect(text.hasPrefix("DATE,Production\n1995-01-01,66.19\n"))
        #expect(try DataFrame(csvText: text, options: dateIndexOptions) == elec)
    }

    @Test func settingADateIndexFromAColumn() throws {
        let text = "when,v\n01/31/1995,1\n02/28/1995,2\n03/31/1995,3\n"
        let frame = try DataFrame(csvText: text, name: "us.csv")
        let dated = try frame.settingDateIndex("when")
        #expect(dated.columns == ["v"])
        #expect(dated.dateIndex == [utc(1995, 1, 31), utc(1995, 2, 28), utc(1995, 3, 31)])
        #expect(dated.inferredFrequency == .month)  // month ends
        let parsed = try DataFrame(csvText: text, options: CSVReadOptions(parseDates: ["when"])).settingDateIndex("when")
        #expect(parsed == dated)
        let given = try frame.dropping(["when"]).settingDateIndex([utc(2000, 1, 1), utc(2000, 1, 2), utc(2000, 1, 3)], name: "day")
        #expect(given.inferredFrequency == .day && given.indexName == "day")
    }

    @Test func settingADateIndexReportsTheFileLineAndText() throws {
        let frame = try DataFrame(csvText: "when,v\n1995-01-01,1\n1995-02-01,2\n1995-02-30,3\n", name: "bad.csv")
        #expect(throws: SynapseError.invalidFile(path: "bad.csv", location: .line(4, column: "when"),
                                                 reason: "'1995-02-30' is not a valid date: February 1995 has 28 days")) {
            try frame.settingDateIndex("when")
        }
        let missing = try DataFrame(csvText: "when,v\n1995-01-01,1\n,2\n", name: "gap.csv")
        #expect(throws: SynapseError.invalidFile(path: "gap.csv", location: .line(3, column: "when"),
                                                 reason: "the date is missing; a date index needs a date on every row")) {
            try missing.settingDateIndex("when")
        }
        #expect(throws: SynapseError.shapeMismatch("1 dates for a frame of 2 rows")) {
            try missing.settingDateIndex([utc(2000, 1, 1)])
        }
    }

    @Test func aMissingIndexColumnNamesTheColumnAndFile() throws {
        let text = "Date,v\n1995-01-01,1\n"
        #expect(throws: SynapseError.invalidFile(path: "elec.csv", location: .column("DATE"),
                                                 reason: "no column named 'DATE'; the header has 'Date', 'v'")) {
            try DataFrame(csvText: text, name: "elec.csv", options: dateIndexOptions)
        }
        let frame = try DataFrame(csvText: text, name: "elec.csv")
        #expect(throws: SynapseError.invalidFile(path: "elec.csv", location: .column("DATE"),
                                                 reason: "no column named 'DATE'; the columns are 'Date', 'v'")) {
            try frame.settingDateIndex("DATE")
        }
    }

    @Test func aMissingDateInTheIndexColumnIsAnError() throws {
        let error = try #require(csvError("DATE,v\n1995-01-01,1\nNA,2\n", name: "elec.csv", options: dateIndexOptions))
        #expect(error == .invalidFile(path: "elec.csv", location: .line(3, column: "DATE"),
                                      reason: "the date is missing; a date index needs a date on every row"))
    }

    @Test func repeatedAndUnsortedDatesAreReadAsPandasDoes() throws {
        let frame = try DataFrame(csvText: "DATE,v\n1995-03-01,3\n1995-01-01,1\n1995-01-01,2\n", options: dateIndexOptions)
        #expect(frame.dateIndex == [utc(1995, 3, 1), utc(1995, 1, 1), utc(1995, 1, 1)])
        #expect(frame.inferredFrequency == nil)
        let sorted = frame.sortedByIndex()
        #expect(sorted.dateIndex == [utc(1995, 1, 1), utc(1995, 1, 1), utc(1995, 3, 1)])
        #expect(try sorted.numbers("v") == [1, 2, 3])  // stable: equal dates keep their order
        #expect(frame.sortedByIndex(ascending: false).dateIndex?.first == utc(1995, 3, 1))
    }

    // MARK: Frequencies

    @Test func inferredFrequencyAgreesWithPandasInferFreq() throws {
        let cases = try Fixture.json("dates_ref.json")["frequencies"] as! [[String: Any]]
        for c in cases {
            let dates = doubles(c["seconds"]).map { Date(timeIntervalSince1970: $0) }
            let frame = try DataFrame(columns: [Column(name: "v", numbers: dates.map { _ in 1 })]).settingDateIndex(dates)
            #expect(frame.inferredFrequency?.rawValue == c["unit"] as? String, "\(c["rule"]!): Pandas says \(c["pandas"] ?? "None")")
        }
    }

    @Test func frequencyNeedsThreeDatesAsPandas() throws {
        let two = try DataFrame(columns: [Column(name: "v", numbers: [1, 2])]).settingDateIndex([utc(2000, 1, 1), utc(2000, 2, 1)])
        #expect(two.inferredFrequency == nil)
        #expect(try two.checkRegular() == .month)
    }

    @Test func aGapNamesTheFileLineAndTheMissingDate() throws {
        let text = try fixtureText("elec_equip", without: ["1998-02-01"])
        let elec = try DataFrame(csvText: text, name: "elec.csv", options: dateIndexOptions)
        #expect(elec.inferredFrequency == nil)
        #expect(throws: SynapseError.invalidFile(
            path: "elec.csv", location: .line(39, column: "DATE"),
            reason: "1998-03-01 follows 1998-01-01; a monthly series has a gap: 1998-02-01 is missing")) {
            try elec.checkRegular()
        }
        let longer = try DataFrame(csvText: try fixtureText("elec_equip", without: ["1998-02", "1998-03", "1998-04"]),
                                   name: "elec.csv", options: dateIndexOptions)
        #expect(throws: SynapseError.invalidFile(
            path: "elec.csv", location: .line(39, column: "DATE"),
            reason: "1998-05-01 follows 1998-01-01; a monthly series has a gap: 3 months are missing, from 1998-02-01")) {
            try longer.checkRegular()
        }
    }

    @Test func repeatsStepsBackAndOffGridDatesAreNamed() throws {
        func error(_ body: String, _ frequency: DateFrequency? = nil) throws -> SynapseError? {
            let frame = try DataFrame(csvText: "DATE,v\n" + body, name: "s.csv", options: dateIndexOptions)
            do { try frame.checkRegular(frequency); return nil } catch { return error as? SynapseError }
        }
        #expect(try error("2000-01-01,1\n2000-02-01,1\n2000-02-01,1\n2000-03-01,1\n") == .invalidFile(
            path: "s.csv", location: .line(4, column: "DATE"),
            reason: "2000-02-01 repeats the date before it; a monthly series has one row per month"))
        #expect(try error("2000-01-01,1\n2000-03-01,1\n2000-02-01,1\n2000-04-01,1\n2000-05-01,1\n") == .invalidFile(
            path: "s.csv", location: .line(3, column: "DATE"),
            reason: "2000-03-01 follows 2000-01-01; a monthly series has a gap: 2000-02-01 is missing"))
        #expect(try error("2000-01-01,1\n2000-02-01,1\n2000-01-01,1\n", .month) == .invalidFile(
            path: "s.csv", location: .line(4, column: "DATE"),
            reason: "2000-01-01 follows 2000-02-01, a later date; the dates go back (sortedByIndex() puts them in order)"))
        #expect(try error("2000-01-01,1\n2000-02-01,1\n2000-03-01,1\n2000-03-15,1\n") == .invalidFile(
            path: "s.csv", location: .line(5, column: "DATE"),
            reason: "2000-03-15 follows 2000-03-01; a monthly series has 2000-04-01 next"))
        #expect(try error("2000-01-01,1\n2000-01-02,1\n2000-01-03,1\n", .week) == .invalidFile(
            path: "s.csv", location: .line(3, column: "DATE"),
            reason: "2000-01-02 follows 2000-01-01; a weekly series has 2000-01-08 next"))
        #expect(try error("2000-01-01,1\n2000-01-01,1\n") == .invalidFile(
            path: "s.csv", location: .column("DATE"),
            reason: "no two neighbouring dates are one second, minute, hour, day, week, month, quarter or year apart"))
    }

    @Test func withoutAFileTheErrorNamesTheRow() throws {
        let frame = try DataFrame(columns: [Column(name: "v", numbers: [1, 2, 3])])
            .settingDateIndex([utc(2000, 1, 1), utc(2000, 1, 2), utc(2000, 1, 4)], name: "day")
        #expect(throws: SynapseError.invalidArgument("column 'day', row 2: 2000-01-04 follows 2000-01-02; a daily series has a gap: 2000-01-03 is missing")) {
            try frame.checkRegular()
        }
    }

    @Test func aFrameWithoutADateIndexSaysHowToMakeOne() throws {
        let frame = try DataFrame(["v": [1, 2]])
        #expect(frame.dateIndex == nil && frame.inferredFrequency == nil)
        for attempt in [{ try frame.checkRegular() }, { _ = try frame.rows(from: "2000") }, { _ = try frame.resampled(.month, aggregation: .mean) }] as [() throws -> Void] {
            do {
                try attempt()
                Issue.record("no error")
            } catch let SynapseError.invalidArgument(message) {
                #expect(message.contains("needs a date index") && message.contains("settingDateIndex(\"DATE\")"))
            }
        }
    }
}

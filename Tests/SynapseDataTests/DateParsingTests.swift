import Foundation
import Testing
@testable import SynapseData

/// Seconds since 1970 of a UTC date, for expectations written by hand.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Double = 0) -> Date {
    CalendarDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second).date
}

/// The error a CSV text gives when read, or nil.
func csvError(_ text: String, name: String = "dates.csv", options: CSVReadOptions) -> SynapseError? {
    do {
        _ = try DataFrame(csvText: text, name: name, options: options)
        return nil
    } catch {
        return error as? SynapseError
    }
}

/// Every form of `DateFormat` against pd.to_datetime with the form's format
/// (scripts/fixtures/make_date_fixtures.py), and every way a text fails to be a date.
@Suite struct DateParsingTests {
    @Test func everyFormReadsAsPandasReadsIt() throws {
        let cases = try Fixture.json("dates_ref.json")["parse"] as! [[String: Any]]
        #expect(Set(cases.map { $0["form"] as! String }) == Set(DateFormat.allCases.map { "\($0)" }))
        for c in cases {
            let form = try #require(DateFormat.allCases.first { "\($0)" == c["form"] as! String })
            let texts = c["texts"] as! [String]
            for (text, seconds) in zip(texts, doubles(c["seconds"])) {
                #expect(DateFormat.detect(text) == form, "\(text)")
                #expect(form.date(from: text)?.timeIntervalSince1970 == seconds, "\(text) as \(form)")
                #expect(try DateFormat.parse(text).timeIntervalSince1970 == seconds, "\(text)")
            }
        }
    }

    @Test func isoDateTimesTakeATOrASpaceAndOptionalSeconds() throws {
        #expect(DateFormat.iso.date(from: "1995-01-31T12:30") == utc(1995, 1, 31, 12, 30))
        #expect(DateFormat.iso.date(from: "1995-01-31 12:30") == utc(1995, 1, 31, 12, 30))
        #expect(DateFormat.iso.date(from: "1995-01-31 12:30:15") == utc(1995, 1, 31, 12, 30, 15))
        #expect(DateFormat.iso.date(from: "1995-01-31T12:30:15.25") == utc(1995, 1, 31, 12, 30, 15.25))
        #expect(DateFormat.iso.date(from: "1995-01-31 12") == nil)
        #expect(DateFormat.iso.date(from: "1995-01-31 12:30Z") == nil)
    }

    @Test func partialAndSlashedForms() throws {
        #expect(DateFormat.yearMonth.date(from: "1958-03") == utc(1958, 3, 1))
        #expect(DateFormat.year.date(from: "1995") == utc(1995, 1, 1))
        #expect(DateFormat.yearMonthDaySlashes.date(from: "1995/1/5") == utc(1995, 1, 5))
        #expect(DateFormat.monthDayYear.date(from: "12/31/1999") == utc(1999, 12, 31))
        #expect(DateFormat.monthDayYear.date(from: "1/5/1995") == utc(1995, 1, 5))
    }

    @Test func twoDigitYearsPivotAt69AsPandas() throws {
        #expect(DateFormat.monthDayShortYear.date(from: "01/01/00") == utc(2000, 1, 1))
        #expect(DateFormat.monthDayShortYear.date(from: "12/31/68") == utc(2068, 12, 31))
        #expect(DateFormat.monthDayShortYear.date(from: "01/01/69") == utc(1969, 1, 1))
        #expect(DateFormat.monthDayShortYear.date(from: "07/04/99") == utc(1999, 7, 4))
    }

    @Test func daysThatDoNotExistAreErrorsAsInPandas() throws {
        let cases = try Fixture.json("dates_ref.json")["invalid"] as! [[String: Any]]
        for c in cases {
            let text = c["text"] as! String
            #expect(c["pandasRaises"] as? Bool == true)
            #expect(DateFormat.detect(text).map { "\($0)" } == c["form"] as? String, "\(text) has the shape of its form")
            #expect(DateFormat.detect(text)?.date(from: text) == nil, "\(text)")
            #expect(throws: SynapseError.self, "\(text)") { try DateFormat.parse(text) }
        }
    }

    @Test func anInvalidDateSaysWhatIsWrong() throws {
        #expect(throws: SynapseError.invalidArgument("'2021-02-30' is not a valid date: February 2021 has 28 days")) {
            try DateFormat.parse("2021-02-30")
        }
        #expect(throws: SynapseError.invalidArgument("'2000-02-30' is not a valid date: February 2000 has 29 days")) {
            try DateFormat.parse("2000-02-30")
        }
        #expect(throws: SynapseError.invalidArgument("'1995-13' is not a valid date: there is no month 13")) {
            try DateFormat.parse("1995-13")
        }
        #expect(throws: SynapseError.invalidArgument("'1995-01-01 24:00' is not a valid date: there is no hour 24")) {
            try DateFormat.parse("1995-01-01 24:00")
        }
    }

    @Test func textInNoFormIsNotADate() throws {
        for text in ["garbage", "", "95-01-01", "1995-1-5", "1995.01.05", "31.01.1995", "1995-01-01T10:00+01:00", " 1995-01-01"] {
            #expect(DateFormat.detect(text) == nil, "\(text)")
            #expect(throws: SynapseError.self, "\(text)") { try DateFormat.parse(text) }
        }
    }

    // MARK: In a CSV file

    @Test func eachFormReadsFromACSVColumn() throws {
        let columns: [(String, [String], [Date])] = [
            ("iso", ["1995-01-31", "1995-02-28"], [utc(1995, 1, 31), utc(1995, 2, 28)]),
            ("isoTime", ["1995-01-31T12:30", "1995-01-31 13:30:05"], [utc(1995, 1, 31, 12, 30), utc(1995, 1, 31, 13, 30, 5)]),
            ("month", ["1995-01", "1995-02"], [utc(1995, 1, 1), utc(1995, 2, 1)]),
            ("slashed", ["1995/01/31", "1995/2/1"], [utc(1995, 1, 31), utc(1995, 2, 1)]),
            ("us", ["01/31/1995", "2/1/1995"], [utc(1995, 1, 31), utc(1995, 2, 1)]),
            ("usShort", ["01/31/95", "02/01/05"], [utc(1995, 1, 31), utc(2005, 2, 1)]),
        ]
        let text = columns.map(\.0).joined(separator: ",") + "\n"
            + (0..<2).map { row in columns.map { $0.1[row] }.joined(separator: ",") }.joined(separator: "\n")
        let frame = try DataFrame(csvText: text, options: CSVReadOptions(parseDates: columns.map(\.0)))
        for (name, _, dates) in columns {
            #expect(frame[name]?.values == .dates(dates), "\(name)")
            #expect(frame[name]?.type == .datetime)
        }
    }

    @Test func aValueInAnotherFormNamesFileLineAndText() throws {
        let error = try #require(csvError("d,v\n01/02/1995,1\n01/03/1995,2\n1995-01-04,3\n", options: CSVReadOptions(parseDates: ["d"])))
        #expect(error == .invalidFile(
            path: "dates.csv", location: .line(4, column: "d"),
            reason: "'1995-01-04' is not a date of the form MM/DD/YYYY, the form of the column's first date '01/02/1995'; "
                + "a column holds dates of one form"))
        #expect(error.description.hasPrefix("dates.csv, line 4, column d: '1995-01-04'"))
    }

    @Test func aFirstValueInNoFormNamesItsLine() throws {
        let error = try #require(csvError("d,v\n,0\nsoon,1\n", options: CSVReadOptions(parseDates: ["d"])))
        guard case .invalidFile("dates.csv", .line(3, "d")?, let reason) = error else { Issue.record("\(error)"); return }
        #expect(reason.hasPrefix("'soon' is not a date in a form Synapse reads (YYYY-MM-DD[ HH:MM[:SS]], YYYY-MM,"))
    }

    @Test func anInvalidDayInACSVNamesItsLine() throws {
        let error = try #require(csvError("DATE,v\n2021-01-30,1\n2021-02-30,2\n", options: CSVReadOptions(parseDates: ["DATE"])))
        #expect(error == .invalidFile(path: "dates.csv", location: .line(3, column: "DATE"),
                                      reason: "'2021-02-30' is not a valid date: February 2021 has 28 days"))
        let month = try #require(csvError("DATE,v\n1995-12,1\n\n1995-13,2\n", options: CSVReadOptions(parseDates: ["DATE"])))
        #expect(month == .invalidFile(path: "dates.csv", location: .line(4, column: "DATE"),
                                      reason: "'1995-13' is not a valid date: there is no month 13"))
    }

    @Test func missingMarkersAreMissingDates() throws {
        let frame = try DataFrame(csvText: "d\n1995-01-01\nNA\n\n1995-01-03\n", options: CSVReadOptions(parseDates: ["d"]))
        #expect(frame["d"]?.values == .dates([utc(1995, 1, 1), nil, utc(1995, 1, 3)]))
    }
}

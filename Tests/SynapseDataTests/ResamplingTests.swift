import Foundation
import Testing
@testable import SynapseData

/// Selecting rows by date and resampling, against Pandas's `df.loc[a:b]` and
/// `df.resample(rule).agg()` on the committed series (scripts/fixtures/make_date_fixtures.py).
@Suite struct DateSlicingTests {
    @Test func partialDateBoundsSelectAsPandasLoc() throws {
        let cases = try Fixture.json("dates_ref.json")["slices"] as! [[String: Any]]
        for c in cases {
            var frame = try datedFixture(c["file"] as! String)
            if c["file"] as? String == "events" { frame = frame.sortedByIndex() }
            let part = try frame.rows(from: c["from"] as? String, to: c["to"] as? String)
            #expect(part.dateIndex?.map(\.timeIntervalSince1970) == doubles(c["seconds"]),
                    "loc['\(c["from"] ?? "")':'\(c["to"] ?? "")'] of \(c["file"]!)")
        }
    }

    @Test func wholeYearsAndMonths() throws {
        let elec = try datedFixture("elec_equip")
        let year = try elec.rows(year: 2000)
        #expect(year.rowCount == 12 && year.dateIndex?.first == utc(2000, 1, 1) && year.dateIndex?.last == utc(2000, 12, 1))
        #expect(try elec.rows(year: 2000, month: 2).dateIndex == [utc(2000, 2, 1)])
        #expect(try elec.rows(from: "1990-01", to: "1995-02").rowCount == 2)
        #expect(try elec.rows(in: utc(2016, 4, 1)...utc(2030, 1, 1)).rowCount == 2)
        #expect(try elec.rows(year: 1980).rowCount == 0)
    }

    @Test func endsAreInclusiveToTheEndOfTheirPeriod() throws {
        let frame = try DataFrame(csvText: "DATE,v\n1995-12-31 23:59:59,1\n1996-01-01,2\n1996-01-01 00:00:01,3\n",
                                  options: dateIndexOptions)
        #expect(try frame.rows(to: "1995").numbers("v") == [1])
        #expect(try frame.rows(to: "1995-12-31").numbers("v") == [1])
        #expect(try frame.rows(to: "1996-01-01 00:00").numbers("v") == [1, 2])
        #expect(try frame.rows(from: "1996-01-01 00:00:01").numbers("v") == [3])
        #expect(try frame.rows(from: "1996").numbers("v") == [2, 3])
    }

    @Test func aBoundThatIsNotADateIsAnError() throws {
        let elec = try datedFixture("elec_equip")
        #expect(throws: SynapseError.invalidArgument("'1995-13' is not a valid date: there is no month 13")) {
            try elec.rows(from: "1995-13")
        }
        #expect(throws: SynapseError.self) { try elec.rows(to: "next year") }
        #expect(throws: SynapseError.invalidArgument("there is no month 13")) { try elec.rows(year: 1995, month: 13) }
    }
}

@Suite struct ResamplingTests {
    @Test func everyPeriodAndAggregationAgreesWithPandas() throws {
        let cases = try Fixture.json("dates_ref.json")["resample"] as! [[String: Any]]
        #expect(cases.count > 40)
        var frames: [String: DataFrame] = [:]
        for c in cases {
            let file = c["file"] as! String
            let frame = try frames[file] ?? datedFixture(file)
            frames[file] = frame
            let frequency = try #require(DateFrequency(rawValue: c["unit"] as! String))
            let aggregation = try #require(Aggregation(rawValue: c["aggregation"] as! String))
            let label: PeriodLabel = c["label"] as? String == "start" ? .start : .end
            let result = try frame.resampled(frequency, aggregation: aggregation, label: label)
            let name = "\(file) resample('\(c["rule"]!)').\(aggregation)()"
            #expect(result.dateIndex?.map(\.timeIntervalSince1970) == doubles(c["seconds"]), "\(name): labels")
            #expect(result.indexName == "DATE")
            let columns = c["columns"] as! [String: Any]
            let dtypes = c["dtypes"] as! [String: String]
            #expect(result.columns.sorted() == columns.keys.sorted(), "\(name): text columns are left out")
            for (column, expected) in columns {
                let got = try result.numbers(column)
                let want = doubles(expected)
                #expect(got.count == want.count, "\(name) \(column)")
                for (k, (g, w)) in zip(got, want).enumerated() where !close(g, w, relative: 1e-12) {
                    Issue.record("\(name) \(column)[\(k)]: \(g) vs Pandas \(w)")
                    break
                }
                #expect(result[column]?.type.rawValue == dtypes[column], "\(name) \(column): dtype")
            }
        }
    }

    @Test func printsTheYearlyMeanAsPandas() throws {
        let printing = try Fixture.json("dates_ref.json")["printing"] as! [String: String]
        let yearly = try datedFixture("elec_equip").resampled(.year, aggregation: .mean)
        #expect(yearly.head(3).description == printing["yearlyMeanHead"])
    }

    @Test func rowOrderDoesNotChangeTheResult() throws {
        let events = try datedFixture("events")
        for aggregation in Aggregation.allCases {
            #expect(try events.resampled(.week, aggregation: aggregation)
                        == events.sortedByIndex().resampled(.week, aggregation: aggregation))
        }
    }

    @Test func shortPeriodsAreLabelledByTheirStart() throws {
        let frame = try DataFrame(csvText: "DATE,v\n2000-01-01 10:15,1\n2000-01-01 10:45,3\n2000-01-01 12:05,5\n",
                                  options: dateIndexOptions)
        let hourly = try frame.resampled(.hour, aggregation: .sum)
        #expect(hourly.dateIndex == [utc(2000, 1, 1, 10), utc(2000, 1, 1, 11), utc(2000, 1, 1, 12)])
        #expect(try hourly.numbers("v") == [4, 0, 5])
        #expect(try frame.resampled(.hour, aggregation: .sum, label: .start) == hourly)
        #expect(try frame.resampled(.minute, aggregation: .max).rowCount == 111)
    }

    @Test func anEmptyFrameGivesAnEmptyFrame() throws {
        var options = dateIndexOptions
        options.dtype = ["v": .float64]  // a header-only column is text otherwise, as in Pandas
        let frame = try DataFrame(csvText: "DATE,v\n", options: options)
        let result = try frame.resampled(.month, aggregation: .mean)
        #expect(result.shape == (0, 1) && result.dateIndex == [])
    }

    @Test func tooManyPeriodsIsAnError() throws {
        let frame = try DataFrame(csvText: "DATE,v\n1900-01-01,1\n2000-01-01,2\n", name: "long.csv", options: dateIndexOptions)
        #expect(throws: SynapseError.invalidArgument(
            "resampling 1900-01-01 to 2000-01-01 per second would make 3155673601 rows; choose a longer period")) {
            try frame.resampled(.second, aggregation: .mean)
        }
    }
}

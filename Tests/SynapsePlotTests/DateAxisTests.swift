// Line plots over dates: the x ticks fall on years, months, days... and are labelled as dates.

import Foundation
import Testing
@testable import SynapsePlot

/// `count` first-of-month dates from year-month.
private func months(from year: Int, _ month: Int, count: Int) -> [Date] {
    (0..<count).map { CalendarDate(year: year, month: month).addingMonths($0).date }
}

/// The x tick labels of a line over `dates` on a figure of the given size.
private func dateLabels(_ dates: [Date], width: Double = 640, height: Double = 300) throws -> [String] {
    let figure = Figure(width: width, height: height)
    figure.addAxes().plot(dates: dates, y: dates.indices.map(Double.init))
    let svg = try ParsedSVG(figure)
    #expect(textsOutsideFigure(svg).isEmpty)
    return svg.texts("xtick-label")
}

@Suite struct DateAxisTests {
    @Test func twentyYearsOfMonthsAreLabelledByYearsOnTheirJanuaryFirst() throws {
        // elec_equip's span: January 1995 to May 2016.
        let dates = months(from: 1995, 1, count: 257)
        let figure = Figure(width: 640, height: 300)
        let ax = figure.addAxes()
        ax.plot(dates: dates, y: dates.indices.map { 80 + 20 * sin(Double($0) / 6) }, label: "Production")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-date-axis-\(UUID().uuidString).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try figure.writeSVG(to: path)
        let svg = try ParsedSVG(String(contentsOfFile: path, encoding: .utf8))
        #expect(svg.texts("xtick-label") == ["1996", "2000", "2004", "2008", "2012", "2016"])
        #expect(svg.elements("xtick-label").allSatisfy { $0.string("transform") == nil }, "labels stand upright")
        #expect(textsOutsideFigure(svg).isEmpty)
        // Each label sits over January 1 of its year: x = plot.x + (days − xmin) / (xmax − xmin) · width.
        let axes = try #require(svg.elements("axes").first)
        let (xlim, plot) = (axes.numbers("data-xlim"), axes.numbers("data-plot"))
        let first = dates[0].timeIntervalSince1970 / 86_400, last = dates[256].timeIntervalSince1970 / 86_400
        #expect(abs(xlim[0] - (first - 0.05 * (last - first))) < 1e-5 && abs(xlim[1] - (last + 0.05 * (last - first))) < 1e-5)
        for label in svg.elements("xtick-label") {
            let year = try #require(Int(label.stringValue ?? ""))
            let days = Double(CalendarDate.days(year: year, month: 1, day: 1))
            #expect(abs(label.number("x") - (plot[0] + (days - xlim[0]) / (xlim[1] - xlim[0]) * plot[2])) < 0.01)
        }
        let points = try #require(svg.descendants("polyline").first?.string("points"))
        #expect(points.split(separator: " ").count == 257)
        #expect(svg.texts("legend-label") == ["Production"])
    }

    @Test func longerSpansTakeLongerYearIntervals() throws {
        #expect(try dateLabels(months(from: 1958, 3, count: 526)) == ["1960", "1965", "1970", "1975", "1980", "1985", "1990", "1995", "2000"])
        #expect(try dateLabels((0..<300).map { CalendarDate(year: 1700 + $0, month: 1).date })
                    == ["1720", "1760", "1800", "1840", "1880", "1920", "1960", "2000"])
    }

    @Test func aFewYearsAreLabelledByMonths() throws {
        #expect(try dateLabels(months(from: 2000, 1, count: 36))
                    == ["2000-01", "2000-07", "2001-01", "2001-07", "2002-01", "2002-07", "2003-01"])
        #expect(try dateLabels(months(from: 2000, 1, count: 14))
                    == ["2000-01", "2000-03", "2000-05", "2000-07", "2000-09", "2000-11", "2001-01"])
    }

    @Test func aNarrowAxisTakesFewerTicks() throws {
        #expect(try dateLabels(months(from: 2000, 1, count: 48), width: 300) == ["2000", "2001", "2002", "2003", "2004"])
    }

    @Test func daysHoursMinutesAndSeconds() throws {
        #expect(try dateLabels((0..<60).map { CalendarDate(year: 2000, month: 1, day: 1 + $0).date })
                    == ["2000-01-01", "2000-01-15", "2000-02-01", "2000-02-15", "2000-03-01"])
        #expect(try dateLabels((0..<25).map { CalendarDate(year: 2000, month: 1, day: 1, hour: $0).date })
                    == ["01-01 00:00", "01-01 06:00", "01-01 12:00", "01-01 18:00", "01-02 00:00"])
        #expect(try dateLabels((0..<120).map { CalendarDate(year: 2000, month: 1, day: 1, hour: 10, minute: $0).date })
                    == ["10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45", "12:00"])
        #expect(try dateLabels((0..<90).map { CalendarDate(year: 2000, month: 1, day: 1, hour: 10, second: Double($0)).date })
                    == ["10:00:00", "10:00:15", "10:00:30", "10:00:45", "10:01:00", "10:01:15", "10:01:30"])
    }

    @Test func noDayTickCrowdsTheFirstOfTheNextMonth() throws {
        // Every second day across the leap day: the 29th would sit one day before March 1.
        #expect(try dateLabels((0..<10).map { CalendarDate(year: 2000, month: 2, day: 25 + $0).date })
                    == ["2000-02-25", "2000-02-27", "2000-03-01", "2000-03-03", "2000-03-05"])
    }

    @Test func aSingleDateOrAnEmptyRangeStillDraws() throws {
        #expect(DateTicks.ticks(lower: 10, upper: 10, axisLength: 500, fontSize: 11) == nil)
        #expect(DateTicks.ticks(lower: .nan, upper: 10, axisLength: 500, fontSize: 11) == nil)
        let labels = try dateLabels([CalendarDate(year: 2000, month: 6, day: 15).date])
        #expect(!labels.isEmpty)
    }
}

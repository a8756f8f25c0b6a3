import Foundation
import Testing
@testable import SynapsePlot

@Suite struct TicksTests {
    @Test func stepsAreOneTwoTwoAndAHalfOrFive() {
        #expect(Ticks.step(min: 0, max: 10, maxIntervals: 5) == 2)
        #expect(Ticks.step(min: 0, max: 1, maxIntervals: 4) == 0.25)
        #expect(Ticks.step(min: 0, max: 100, maxIntervals: 9) == 20)
        #expect(Ticks.step(min: 0, max: 0.003, maxIntervals: 6) == 0.0005)
    }

    @Test func positionsCoverTheRangeOnMultiplesOfTheStep() {
        #expect(Ticks.positions(min: 0, max: 10, maxIntervals: 5) == [0, 2, 4, 6, 8, 10])
        #expect(Ticks.positions(min: -0.55, max: 10.5, maxIntervals: 9) == [0, 2, 4, 6, 8, 10])
        #expect(Ticks.positions(min: -1.05, max: 1.05, maxIntervals: 9) == [-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1])
    }

    @Test func labelsUseTheDecimalsTheStepNeeds() {
        #expect(Ticks.labels(for: [0, 0.25, 0.5]) == ["0.00", "0.25", "0.50"])
        #expect(Ticks.labels(for: [0, 0.5, 1]) == ["0.0", "0.5", "1.0"])
        #expect(Ticks.labels(for: [-20, 0, 20]) == ["-20", "0", "20"])
        #expect(Ticks.labels(for: [0, 2_000_000, 4_000_000]) == ["0", "2e6", "4e6"])
    }

    @Test func viewLimitsAddFivePercentExceptAtAStickyZero() {
        let (low, high) = Ticks.viewLimits(lower: 0, upper: 10, margin: 0.05)
        #expect(abs(low + 0.5) < 1e-12 && abs(high - 10.5) < 1e-12)
        let sticky = Ticks.viewLimits(lower: 0, upper: 10, margin: 0.05, stickyLower: 0, stickyUpper: 0)
        #expect(sticky.0 == 0 && abs(sticky.1 - 10.5) < 1e-12)
    }
}

@Suite struct StatisticsTests {
    @Test func kdeMatchesTheHandComputedValue() throws {
        // samples 0, 1, 3: σ̂ = √(7/3), h = σ̂·3^(−1/5) = 1.226208;
        // f̂(1) = (e^(−½(1/h)²) + 1 + e^(−½(2/h)²)) / (3·h·√(2π)) = 0.214895
        let kde = try #require(KernelDensity(samples: [0, 1, 3]))
        #expect(abs(kde.bandwidth - 1.226208) < 1e-6)
        #expect(abs(kde.density(at: 1) - 0.2148954) < 1e-6)
        #expect(abs(kde.density(at: 0) - 0.1916556) < 1e-6)
    }

    @Test func kdeIntegratesToOne() throws {
        let kde = try #require(KernelDensity(samples: [2, 3, 3.5, 7, 8, 8.2]))
        let curve = kde.curve(points: 2000, cut: 6)
        let dx = curve.x[1] - curve.x[0]
        #expect(abs(curve.y.reduce(0, +) * dx - 1) < 1e-3)
    }

    @Test func kdeOfConstantDataIsNil() {
        #expect(KernelDensity(samples: [4, 4, 4]) == nil)
    }

    @Test func quantilesInterpolateLinearlyAsNumPy() {
        #expect(Statistics.quantile([1, 2, 3, 4], 0.25) == 1.75)
        #expect(Statistics.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(Statistics.quantile([], 0.5).isNaN)
    }

    @Test func boxWhiskersStopAtOneAndAHalfIQRAndOutliersAreBeyond() throws {
        let box = try #require(Statistics.box([1, 2, 3, 4, 100, -9]))
        // sorted -9 1 2 3 4 100: Q1 = 1.25, Q3 = 3.75, IQR = 2.5, fences -2.5 and 7.5.
        #expect(box.q1 == 1.25 && box.median == 2.5 && box.q3 == 3.75)
        #expect(box.lowerWhisker == 1 && box.upperWhisker == 4)
        #expect(box.outliers == [-9, 100])
    }

    @Test func histogramBinsAreHalfOpenExceptTheLast() {
        let (edges, counts) = Statistics.histogram([0, 1, 2, 3, 4], bins: 2)
        #expect(edges == [0, 2, 4])
        #expect(counts == [2, 3])
    }
}

@Suite struct ColorTests {
    @Test func namedColoursOfTheSeed() {
        #expect(Color(parsing: "skyblue")?.hexString == "#87ceeb")
        #expect(Color(parsing: "salmon")?.hexString == "#fa8072")
        #expect(Color(parsing: "limegreen")?.hexString == "#32cd32")
        #expect(Color(parsing: "tomato")?.hexString == "#ff6347")
        #expect(Color(parsing: "gold")?.hexString == "#ffd700")
        #expect(Color(parsing: "purple")?.hexString == "#800080")
        #expect(Color(parsing: "Orange")?.hexString == "#ffa500")
    }

    @Test func oneLetterCodesAreMatplotlibs() {
        #expect(Color(parsing: "b")?.hexString == "#0000ff")
        #expect(Color(parsing: "g")?.hexString == "#008000")
        #expect(Color(parsing: "c")?.hexString == "#00bfbf")
        #expect(Color(parsing: "k")?.hexString == "#000000")
        #expect(Color(parsing: "w")?.hexString == "#ffffff")
    }

    @Test func cycleTableauHexAndGreyLevels() {
        #expect(Color(parsing: "C1")?.hexString == "#ff7f0e")
        #expect(Color(parsing: "tab:red")?.hexString == "#d62728")
        #expect(Color(parsing: "#abc")?.hexString == "#aabbcc")
        #expect(Color(parsing: "#11223380")?.alpha == Double(0x80) / 255)
        #expect(Color(parsing: "0.5")?.hexString == "#808080")
        #expect(Color(parsing: "nocolour") == nil)
        #expect(Color(parsing: "#12345") == nil)
        #expect(ColorCycle.color(10) == ColorCycle.color(0))
    }

    @Test func coolwarmRunsBlueToGreyToRed() {
        let cold = Colormap.coolwarm.color(for: -1, vmin: -1, vmax: 1)
        let middle = Colormap.coolwarm.color(for: 0, vmin: -1, vmax: 1)
        let warm = Colormap.coolwarm.color(for: 1, vmin: -1, vmax: 1)
        #expect(cold.blue > cold.red && warm.red > warm.blue)
        #expect(abs(middle.red - middle.blue) < 0.01 && middle.red > 0.85)
        #expect(Colormap.named("coolwarm_r")?.color(at: 0).hexString == warm.hexString)
    }
}

@Suite struct TextMetricsTests {
    @Test func widthsFollowDejaVuSansAdvances() {
        // 'i' advances 0.2778 em, 'M' 0.8628 em, a digit 0.6362 em.
        #expect(abs(TextMetrics.width("i", fontSize: 10) - 2.778) < 1e-9)
        #expect(abs(TextMetrics.width("M0", fontSize: 10) - 14.99) < 1e-9)
        #expect(TextMetrics.width("Title", fontSize: 10, bold: true) > TextMetrics.width("Title", fontSize: 10))
    }

    @Test func truncationFitsTheWidth() {
        let cut = TextMetrics.truncate("worst fractal dimension", maxWidth: 60, fontSize: 10)
        #expect(cut.hasSuffix("…"))
        #expect(TextMetrics.width(cut, fontSize: 10) <= 60)
        #expect(TextMetrics.truncate("short", maxWidth: 60, fontSize: 10) == "short")
    }
}

import Foundation
import Testing
@testable import SynapseData

/// TimeseriesGenerator against Keras's for a table of argument combinations
/// (data = arange(46).reshape(23, 2), targets = 10 · arange(23)).
@Suite struct TimeseriesReferenceTests {
    static let reference = try! Fixture.json("timeseries_ref.json")
    static let cases = (reference["cases"] as! [[String: Any]]).indices.map { $0 }

    @Test(arguments: cases)
    func windowsMatchKeras(_ k: Int) throws {
        let n = Self.reference["n"] as! Int
        let c = (Self.reference["cases"] as! [[String: Any]])[k]
        let a = c["args"] as! [String: Any]
        let data = Tensor(shape: [n, 2], scalars: (0..<(2 * n)).map(Float.init))
        let targets = Tensor(shape: [n], scalars: (0..<n).map { Float($0 * 10) })
        let g = try TimeseriesGenerator(
            data: data, targets: targets, length: a["length"] as! Int, samplingRate: a["sampling_rate"] as? Int ?? 1,
            stride: a["stride"] as? Int ?? 1, startIndex: a["start_index"] as? Int ?? 0, endIndex: a["end_index"] as? Int,
            reverse: a["reverse"] as? Bool ?? false, batchSize: a["batch_size"] as? Int ?? 128)
        #expect(g.count == c["count"] as! Int, "\(a)")
        for (b, batch) in (c["batches"] as! [[String: Any]]).enumerated() where b < g.count {
            let (x, y) = g[b]
            let wantX = batch["x"] as! [[[Double]]]
            #expect(x.shape == [wantX.count, wantX.first?.count ?? 0, 2], "\(a) batch \(b)")
            #expect(x.scalars.map(Double.init) == wantX.flatMap { $0.flatMap { $0 } }, "\(a) batch \(b)")
            #expect(y.scalars.map(Double.init) == doubles(batch["y"]), "\(a) batch \(b)")
        }
    }
}

@Suite struct TimeseriesBehaviourTests {
    let series = Tensor(shape: [10], scalars: (0..<10).map(Float.init))

    @Test func oneDimensionalSeriesGivesTwoDimensionalWindows() throws {
        let g = try TimeseriesGenerator(data: series, targets: series, length: 3, batchSize: 1)
        #expect(g.count == 7)
        let (x, y) = g[0]
        #expect(x.shape == [1, 3])
        #expect(x.scalars == [0, 1, 2])
        #expect(y.scalars == [3])
        #expect(Array(g).count == 7)
    }

    @Test func shuffleDrawsValidRowsReproducibly() throws {
        let a = try TimeseriesGenerator(data: series, targets: series, length: 2, shuffle: true, batchSize: 4, seed: 5)
        let b = try TimeseriesGenerator(data: series, targets: series, length: 2, shuffle: true, batchSize: 4, seed: 5)
        let (x, y) = a[0]
        #expect(y.scalars == b[0].targets.scalars)
        #expect(y.scalars.allSatisfy { $0 >= 2 && $0 <= 9 })
        for i in 0..<4 { #expect(x.scalars[2 * i + 1] == y.scalars[i] - 1) }  // window ends just before its target
    }

    @Test func badArgumentsThrow() {
        #expect(throws: SynapseError.self) { try TimeseriesGenerator(data: series, targets: series, length: 10) }
        #expect(throws: SynapseError.self) {
            try TimeseriesGenerator(data: series, targets: Tensor(shape: [9], scalars: Array(repeating: 0, count: 9)), length: 2)
        }
    }

    @Test func recursiveForecastFeedsPredictionsBack() throws {
        // A "model" that predicts the last value + 1 and records what it saw.
        var seen: [[Float]] = []
        let forecast = try recursiveForecast(lastWindow: Tensor(shape: [3, 1], scalars: [1, 2, 3]), steps: 3) { window in
            seen.append(window.scalars)
            #expect(window.shape == [1, 3, 1])
            return Tensor(shape: [1, 1], scalars: [window.scalars.last! + 1])
        }
        #expect(forecast.shape == [3, 1])
        #expect(forecast.scalars == [4, 5, 6])
        #expect(seen == [[1, 2, 3], [2, 3, 4], [3, 4, 5]])
        #expect(throws: SynapseError.self) {
            try recursiveForecast(lastWindow: Tensor(shape: [2], scalars: [1, 2]), steps: 1) { _ in Tensor(shape: [2], scalars: [0, 0]) }
        }
    }
}

import Foundation
import Testing
@testable import SynapseData

/// describe() and corr() against Pandas on the two committed data sets, to 1e-6 relative.
@Suite struct DataFrameReferenceTests {
    @Test(arguments: ["breast_cancer", "diabetes"])
    func describeMatchesPandas(_ name: String) throws {
        let frame = try Fixture.frame(name)
        let reference = try Fixture.json("\(name)_ref.json")
        let expected = reference["describe"] as! [String: Any]
        let described = frame.describe()
        #expect(described.index == ["count", "mean", "std", "min", "25%", "50%", "75%", "max"])
        #expect(described.columns == reference["columns"] as! [String])
        for column in described.columns {
            let got = try described.numbers(column)
            let want = doubles(expected[column])
            for k in 0..<8 { #expect(close(got[k], want[k]), "\(column) \(described.index![k]): \(got[k]) vs \(want[k])") }
        }
    }

    @Test(arguments: ["breast_cancer", "diabetes"])
    func corrMatchesPandas(_ name: String) throws {
        let frame = try Fixture.frame(name)
        let expected = (try Fixture.json("\(name)_ref.json")["corr"] as! [Any]).map(doubles)
        let corr = frame.corr()
        #expect(corr.shape == (expected.count, expected.count))
        for (j, column) in corr.columns.enumerated() {
            let got = try corr.numbers(column)
            for i in got.indices { #expect(close(got[i], expected[i][j], floor: 1e-9), "corr[\(i), \(j)]") }
        }
    }

    @Test func describeAndCorrSkipMissingValuesLikePandas() throws {
        let reference = try Fixture.json("missing_ref.json")
        let frame = try DataFrame(csvText: reference["csv"] as! String)
        let described = frame.describe()
        #expect(described.columns == ["a", "b"])
        for column in ["a", "b"] {
            let want = doubles((reference["describe"] as! [String: Any])[column])
            let got = try described.numbers(column)
            for k in 0..<8 { #expect(close(got[k], want[k])) }
        }
        let corr = try frame.corr().numbers("b")
        #expect(close(corr[0], doubles((reference["corr"] as! [Any])[0])[1]))
        let missing = Dictionary(uniqueKeysWithValues: frame.missingCounts().map { ($0.column, $0.count) })
        #expect(missing == (reference["missing"] as! [String: Int]))
        let counts = try frame.valueCounts("c")
        #expect(counts.columns == ["c", "count"])
        #expect(counts["c"]?.values == .texts(["x", "y", "z"]))
        #expect(try counts.numbers("count") == [3, 1, 1])
    }
}

@Suite struct ShippedDataTests {
    @Test func breastCancerShipsWithTheLibrary() throws {
        let frame = Datasets.breastCancer()
        #expect(frame.rowCount == 569)
        #expect(frame.columns.count == 31)
        #expect(frame.columns.last == "benign_0__mal_1")
        #expect(try frame.numbers("benign_0__mal_1").filter { $0 == 1 }.count == 212)
    }
}

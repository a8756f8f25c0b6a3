import Foundation
import Testing
@testable import SynapseData

@Suite struct DataFrameOperationTests {
    let frame = try! DataFrame(csvText: "city,price,rooms\nA,100,2\nB,250,\nA,150,3\nC,,1\nB,300,4\n", name: "houses.csv")

    @Test func headTailShapeColumns() {
        #expect(frame.shape == (5, 3))
        #expect(frame.columns == ["city", "price", "rooms"])
        #expect(frame.head(2)["city"]?.values == .texts(["A", "B"]))
        #expect(frame.tail(2)["city"]?.values == .texts(["C", "B"]))
        #expect(frame.tail(2).rowLabel(0) == "3")
        #expect(frame.head(100).rowCount == 5)
    }

    @Test func selectDropAndNumericColumns() throws {
        #expect(try frame.selecting(["rooms", "city"]).columns == ["rooms", "city"])
        #expect(try frame.dropping(["city"]).columns == ["price", "rooms"])
        #expect(frame.numericColumns().columns == ["price", "rooms"])
        #expect(throws: SynapseError.self) { try frame.dropping(["nope"]) }
    }

    @Test func rowsByMask() throws {
        let expensive = try frame.rows(where: frame.mask("price") { $0 > 120 })
        #expect(expensive["city"]?.values == .texts(["B", "A", "B"]))
        #expect(expensive.index == nil || expensive.rowLabel(0) == "1")
        #expect(throws: SynapseError.self) { try frame.rows(where: [true]) }
    }

    @Test func sortIsStableWithMissingLast() throws {
        let byPrice = try frame.sorted(by: "price", ascending: false)
        #expect(try byPrice.numbers("price").prefix(4) == [300, 250, 150, 100])
        #expect(byPrice["city"]?.text(at: 4) == "C")
        let byCity = try frame.sorted(by: "city")
        #expect(try byCity.numbers("price").prefix(2) == [100, 150])  // A rows keep their order
    }

    @Test func renameFillDropApply() throws {
        #expect(try frame.renamed(["price": "cost"]).columns == ["city", "cost", "rooms"])
        let filled = try frame.fillingMissing(with: 0)
        #expect(try filled.numbers("rooms") == [2, 0, 3, 1, 4])
        #expect(filled.missingCounts().map(\.count) == [0, 0, 0])
        #expect(try frame.droppingMissing().rowCount == 3)
        #expect(try frame.droppingMissing(in: ["price"]).rowCount == 4)
        let doubled = try frame.applying({ $0 * 2 }, to: "price")
        #expect(try doubled.numbers("price")[4] == 600)
        #expect(try doubled.numbers("price")[3].isNaN)
        let lower = try frame.applying({ $0?.lowercased() }, toText: "city")
        #expect(lower["city"]?.text(at: 0) == "a")
    }

    @Test func groupByMeanSumCount() throws {
        let groups = try frame.groupBy("city")
        let mean = groups.mean()
        #expect(mean.index == ["A", "B", "C"])
        #expect(try mean.numbers("price")[0...1] == [125, 275])
        #expect(try mean.numbers("price")[2].isNaN)
        #expect(try groups.sum().numbers("rooms") == [5, 4, 1])
        #expect(try groups.sum().numbers("price")[2] == 0)
        #expect(try groups.count().numbers("price") == [2, 2, 0])
    }

    @Test func tensorRoundTrip() throws {
        let numbers = try DataFrame(["a": [1, 2, 3], "b": [4, 5, 6]])
        let t = try numbers.toTensor()
        #expect(t.shape == [3, 2])
        #expect(t.scalars == [1, 4, 2, 5, 3, 6])
        let back = try DataFrame(tensor: t, columns: ["a", "b"])
        #expect(back == numbers)
        #expect(try numbers.toTensor(column: "b").scalars == [4, 5, 6])
        #expect(throws: SynapseError.self) { try DataFrame(tensor: t, columns: ["only one"]) }
        let withPrediction = try numbers.adding("predicted", numbers: [1.5, 2.5, 3.5])
        #expect(withPrediction.columns == ["a", "b", "predicted"])
    }

    /// The expected texts are what Pandas 3.1 prints for the same CSV.
    @Test func printsLikePandas() throws {
        let a = try DataFrame(csvText: "name,x,n\nalpha,1.5,3\nb,-22.25,10\n").description
        #expect(a == "    name      x   n\n0  alpha   1.50   3\n1      b -22.25  10")
        let b = try DataFrame(csvText: "city,price,rooms\nA,100,2\nB,250,\n").description
        #expect(b == "  city  price  rooms\n0    A    100    2.0\n1    B    250    NaN")
    }

    @Test func longFramesAreCut() throws {
        let long = try DataFrame(["v": (0..<100).map(Double.init)])
        let lines = long.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1 + 5 + 1 + 5 + 2)
        #expect(lines.last == "[100 rows x 1 columns]")
        #expect(lines[6].hasPrefix(".."))
    }

    @Test func infoListsNonNullCountsAndTypes() {
        let info = frame.info()
        #expect(info.contains("RangeIndex: 5 entries, 0 to 4"))
        #expect(info.contains(" #   Column  Non-Null Count  Dtype  \n---  ------  --------------  -----  \n"))
        #expect(info.contains(" 1   price   4 non-null      float64\n"))
        #expect(info.contains("dtypes: float64(2), object(1)"))
    }
}

import Foundation
import Testing
@testable import SynapseData

/// Fitted scalers against scikit-learn on the two committed data sets, to 1e-6 relative.
@Suite struct ScalerReferenceTests {
    func check(_ got: [Double]?, _ want: Any?, _ what: String) {
        let want = doubles(want)
        guard let got, got.count == want.count else { Issue.record("\(what): \(String(describing: got?.count)) values, expected \(want.count)"); return }
        for j in want.indices { #expect(close(got[j], want[j]), "\(what)[\(j)]: \(got[j]) vs \(want[j])") }
    }

    func checkRow(_ got: [Double], _ want: Any?, _ what: String) {
        let want = doubles(want)
        for j in want.indices { #expect(abs(got[j] - want[j]) <= 1e-9 + 1e-6 * abs(want[j]), "\(what)[\(j)]") }
    }

    @Test(arguments: ["breast_cancer", "diabetes"])
    func standardScalerMatchesScikitLearn(_ name: String) throws {
        let frame = try Fixture.frame(name)
        let reference = try Fixture.json("\(name)_ref.json")["standard"] as! [String: Any]
        var scaler = StandardScaler()
        let rows = try rowsOf(frame, nil)
        let scaled = try scaler.fitTransform(rows: rows)
        check(scaler.mean, reference["mean"], "mean_")
        check(scaler.scale, reference["scale"], "scale_")
        checkRow(scaled[0], reference["firstRow"], "first row")
        let back = try scaler.inverseTransform(rows: scaled)
        #expect(zip(back[0], rows[0]).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) })
    }

    @Test(arguments: ["breast_cancer", "diabetes"])
    func minMaxScalerMatchesScikitLearn(_ name: String) throws {
        let frame = try Fixture.frame(name)
        let reference = try Fixture.json("\(name)_ref.json")["minMax"] as! [String: Any]
        var scaler = MinMaxScaler(featureRange: -1...1)
        try scaler.fit(frame)
        check(scaler.dataMin, reference["dataMin"], "data_min_")
        check(scaler.dataMax, reference["dataMax"], "data_max_")
        checkRow(try scaler.transform(rows: rowsOf(frame, nil))[0], reference["firstRow"], "first row")
    }

    @Test(arguments: ["breast_cancer", "diabetes"])
    func robustScalerMatchesScikitLearn(_ name: String) throws {
        let frame = try Fixture.frame(name)
        let reference = try Fixture.json("\(name)_ref.json")["robust"] as! [String: Any]
        var scaler = RobustScaler()
        let scaled = try scaler.fitTransform(rows: rowsOf(frame, nil))
        check(scaler.center, reference["center"], "center_")
        check(scaler.scale, reference["scale"], "scale_")
        checkRow(scaled[0], reference["firstRow"], "first row")
    }
}

@Suite struct ScalerBehaviourTests {
    @Test func tensorTransformAndInverse() throws {
        var scaler = StandardScaler()
        let x = Tensor(shape: [4, 2], scalars: [1, 10, 2, 10, 3, 10, 4, 10])
        let scaled = try scaler.fitTransform(x)
        #expect(scaled.shape == [4, 2])
        #expect(scaler.scale?[1] == 1)  // constant feature: scale 1, as scikit-learn
        #expect(scaled.scalars[1] == 0)
        #expect(abs(scaled.scalars[0] - Float(-1.5 / 1.25.squareRoot())) < 1e-6)
        #expect(try scaler.inverseTransform(scaled).scalars.enumerated().allSatisfy { abs($1 - x.scalars[$0]) < 1e-5 })
    }

    @Test func oneDimensionalSeriesIsOneFeature() throws {
        var scaler = MinMaxScaler()
        let scaled = try scaler.fitTransform(Tensor(shape: [3], scalars: [2, 4, 6]))
        #expect(scaled.shape == [3])
        #expect(scaled.scalars == [0, 0.5, 1])
    }

    @Test func unfittedAndMismatchedThrow() throws {
        #expect(throws: SynapseError.self) { try StandardScaler().transform(rows: [[1]]) }
        var scaler = RobustScaler()
        try scaler.fit(rows: [[1, 2], [3, 4]])
        #expect(throws: SynapseError.self) { try scaler.transform(rows: [[1, 2, 3]]) }
    }

    @Test func savedScalerLoadsEqualAndFileIsJSON() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var scaler = MinMaxScaler(featureRange: -1...1)
        try scaler.fit(rows: [[1, 5], [3, 9], [2, 7]])
        let path = dir.appendingPathComponent("scaler.json").path
        try scaler.save(to: path)
        #expect(try MinMaxScaler.load(from: path) == scaler)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(json?["dataMax"] as? [Double] == [3, 9])
        #expect(throws: SynapseError.self) { try StandardScaler.load(from: path + ".missing") }
    }

    @Test func frameTransformReplacesColumns() throws {
        let frame = try DataFrame(["a": [1, 2, 3], "b": [0, 0, 3]])
        var scaler = MinMaxScaler()
        try scaler.fit(frame)
        let scaled = try scaler.transform(frame)
        #expect(try scaled.numbers("a") == [0, 0.5, 1])
        #expect(try scaled.numbers("b") == [0, 0, 1])
    }
}

@Suite struct SplitTests {
    @Test func fractionRoundsTestSizeUpLikeScikitLearn() throws {
        let (train, test) = try trainTestSplitIndices(count: 10, testSize: 0.25, seed: 42)
        #expect(test.count == 3)  // ceil(2.5)
        #expect(train.count == 7)
        #expect(Set(train + test) == Set(0..<10))
        let again = try trainTestSplitIndices(count: 10, testSize: 0.25, seed: 42)
        #expect(again.train == train && again.test == test)
        let other = try trainTestSplitIndices(count: 10, testSize: 0.25, seed: 43)
        #expect(other.test != test || other.train != train)
    }

    @Test func countAndNoShuffle() throws {
        let (train, test) = try trainTestSplitIndices(count: 6, testSize: 2, shuffle: false)
        #expect(train == [0, 1, 2, 3])
        #expect(test == [4, 5])
        #expect(throws: SynapseError.self) { try trainTestSplitIndices(count: 6, testSize: 6) }
        #expect(throws: SynapseError.self) { try trainTestSplitIndices(count: 6, testSize: 1.5) }
    }

    @Test func stratifyKeepsClassProportions() throws {
        let labels = Array(repeating: 0, count: 60) + Array(repeating: 1, count: 30) + Array(repeating: 2, count: 10)
        let (train, test) = try trainTestSplitIndices(count: 100, testSize: 0.2, seed: 1, stratify: labels)
        #expect(test.count == 20)
        #expect(test.filter { labels[$0] == 0 }.count == 12)
        #expect(test.filter { labels[$0] == 1 }.count == 6)
        #expect(test.filter { labels[$0] == 2 }.count == 2)
        #expect(Set(train).isDisjoint(with: test) && train.count == 80)
    }

    @Test func tensorSplitKeepsRowsTogether() throws {
        let x = Tensor(shape: [5, 2], scalars: (0..<10).map(Float.init))
        let y = Tensor(shape: [5], scalars: [0, 10, 20, 30, 40])
        let s = try trainTestSplit(x, y, testSize: 0.4, seed: 7)
        #expect(s.xTrain.shape == [3, 2] && s.xTest.shape == [2, 2] && s.yTest.shape == [2])
        for i in 0..<2 { #expect(s.xTest.scalars[i * 2] * 5 == s.yTest.scalars[i]) }
        #expect(throws: SynapseError.self) { try trainTestSplit(x, Tensor(shape: [4], scalars: [0, 1, 2, 3])) }
    }

    @Test func kFoldSizesAndCoverage() throws {
        let folds = try KFold(splits: 3).split(count: 10)
        #expect(folds.map(\.test.count) == [4, 3, 3])
        #expect(folds[0].test == [0, 1, 2, 3])
        #expect(folds[1].train == [0, 1, 2, 3, 7, 8, 9])
        let shuffled = try KFold(splits: 5, shuffle: true, seed: 3).split(count: 10)
        #expect(Set(shuffled.flatMap(\.test)) == Set(0..<10))
        #expect(shuffled.allSatisfy { $0.test == $0.test.sorted() && $0.train.count == 8 })
        #expect(throws: SynapseError.self) { try KFold(splits: 11).split(count: 10) }
    }
}

@Suite struct EncoderTests {
    @Test func labelEncoderSortsClasses() throws {
        var encoder = LabelEncoder<String>()
        #expect(try encoder.fitTransform(["paris", "tokyo", "amsterdam", "paris"]) == [1, 2, 0, 1])
        #expect(encoder.classes == ["amsterdam", "paris", "tokyo"])
        #expect(try encoder.inverseTransform([2, 0]) == ["tokyo", "amsterdam"])
        #expect(throws: SynapseError.self) { try encoder.transform(["berlin"]) }
    }

    @Test func oneHotEncoderBlocksPerFeature() throws {
        var encoder = OneHotEncoder()
        let x = try encoder.fitTransform(rows: [["b", "x"], ["a", "y"], ["b", "y"]], names: ["letter", "axis"])
        #expect(encoder.featureNames == ["letter_a", "letter_b", "axis_x", "axis_y"])
        #expect(x.shape == [3, 4])
        #expect(x.scalars == [0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1])
        #expect(try encoder.inverseTransform(x) == [["b", "x"], ["a", "y"], ["b", "y"]])
        #expect(throws: SynapseError.self) { try encoder.transform(rows: [["c", "x"]]) }
        let ignoring = OneHotEncoder(handleUnknown: .ignore)
        var fitted = ignoring
        try fitted.fit(rows: [["a"], ["b"]])
        #expect(try fitted.transform(rows: [["c"]]).scalars == [0, 0])
    }

    @Test func toCategoricalLikeKeras() throws {
        let y = try toCategorical([2, 0, 1])
        #expect(y.shape == [3, 3])
        #expect(y.scalars == [0, 0, 1, 1, 0, 0, 0, 1, 0])
        #expect(try toCategorical([1], numClasses: 4).scalars == [0, 1, 0, 0])
        #expect(try toCategorical(Tensor(shape: [2, 1], scalars: [1, 0])).shape == [2, 2])
        #expect(throws: SynapseError.self) { try toCategorical([3], numClasses: 2) }
        #expect(throws: SynapseError.self) { try toCategorical([-1]) }
    }
}

import Foundation
import Testing
@testable import SynapseData

/// Metrics against scikit-learn 1.9.1 on fixtures, edge cases included (a class never
/// predicted, all one class, constant truth).
@Suite struct MetricsReferenceTests {
    static let reference = try! Fixture.json("metrics_ref.json")
    static let classificationCases = (reference["classification"] as! [[String: Any]]).map { $0["name"] as! String }

    func classification(_ name: String) -> [String: Any] {
        (Self.reference["classification"] as! [[String: Any]]).first { $0["name"] as! String == name }!
    }

    @Test(arguments: classificationCases)
    func classificationMatchesScikitLearn(_ name: String) throws {
        let c = classification(name)
        let yTrue = ints(c["yTrue"]), yPred = ints(c["yPred"])
        #expect(close(try accuracyScore(yTrue, yPred), c["accuracy"] as! Double))
        #expect(try confusionMatrix(yTrue, yPred) == (c["confusion"] as! [Any]).map(ints))
        var averages: [(String, MetricAverage)] = [("macro", .macro), ("weighted", .weighted), ("micro", .micro)]
        if c["binary"] != nil { averages.append(("binary", .binary())) }
        for (key, average) in averages {
            let want = doubles(c[key])
            let got = try precisionRecallF1(yTrue, yPred, average: average)
            #expect(close(got.precision, want[0], floor: 1e-12), "\(name) \(key) precision")
            #expect(close(got.recall, want[1], floor: 1e-12), "\(name) \(key) recall")
            #expect(close(got.f1, want[2], floor: 1e-12), "\(name) \(key) f1")
        }
        #expect(try classificationReport(yTrue, yPred) == c["report"] as! String)
    }

    @Test func binaryNeedsTwoClasses() throws {
        let c = classification("multiclass")
        #expect(throws: SynapseError.self) { try f1Score(ints(c["yTrue"]), ints(c["yPred"])) }
    }

    @Test func rocAucMatchesScikitLearn() throws {
        for case let c as [String: Any] in Self.reference["roc"] as! [Any] {
            #expect(close(try rocAucScore(ints(c["yTrue"]), doubles(c["scores"])), c["auc"] as! Double))
        }
        #expect(throws: SynapseError.self) { try rocAucScore([1, 1, 1], [0.2, 0.4, 0.9]) }
    }

    @Test func regressionMatchesScikitLearn() throws {
        for case let c as [String: Any] in Self.reference["regression"] as! [Any] {
            let t = doubles(c["yTrue"]), p = doubles(c["yPred"])
            let name = c["name"] as! String
            #expect(close(try meanAbsoluteError(t, p), c["mae"] as! Double), "\(name) MAE")
            #expect(close(try meanSquaredError(t, p), c["mse"] as! Double), "\(name) MSE")
            #expect(close(try rootMeanSquaredError(t, p), c["rmse"] as! Double), "\(name) RMSE")
            #expect(close(try r2Score(t, p), c["r2"] as! Double), "\(name) R2")
            #expect(close(try explainedVarianceScore(t, p), c["explainedVariance"] as! Double), "\(name) EV")
            #expect(close(try meanAbsolutePercentageError(t, p), c["mape"] as! Double), "\(name) MAPE")
        }
        #expect(throws: SynapseError.self) { try meanSquaredError([1, 2], [1]) }
    }

    @Test func tensorOverloads() throws {
        let t = Tensor(shape: [2, 1], scalars: [1, 3]), p = Tensor(shape: [2, 1], scalars: [2, 3])
        #expect(try meanSquaredError(t, p) == 0.5)
        #expect(try meanAbsoluteError(t, p) == 0.5)
    }
}

import Foundation
import Testing
@testable import SynapseNN

/// Every metric against Keras 3 itself (keras_numerics.json, "metrics"): `update_state` on each
/// batch in turn and the result after each, on batches with predictions exactly at the
/// threshold, ties between classes (the first maximum wins), a class absent (only negatives,
/// only positives), predictions outside [0, 1], sample weights (0 included), and each of AUC's
/// curves (ROC, PR), summation methods (interpolation, minoring, majoring) and a smaller number
/// of thresholds.
///
/// Tolerance: 1e-6 relative. Keras accumulates in float32, the library in Double; measured: at
/// most 1.8e-7 (PR AUC with interpolation), 0 for the counts of accuracy, precision and recall.
@Suite struct KerasMetricParityTests {
    static let tolerance = 1e-6

    /// The library's metric for Keras's class name and configuration.
    static func metric(_ fixture: [String: Any]) throws -> Metric {
        let config = fixture["config"] as! [String: Any]
        let threshold = (config["threshold"] ?? config["thresholds"]).map { Float(kerasDouble($0)) } ?? 0.5
        switch fixture["metric"] as! String {
        case "BinaryAccuracy": return Metrics.binaryAccuracy(threshold: threshold)
        case "CategoricalAccuracy": return Metrics.categoricalAccuracy()
        case "SparseCategoricalAccuracy": return Metrics.sparseCategoricalAccuracy()
        case "MeanAbsoluteError": return Metrics.meanAbsoluteError()
        case "MeanSquaredError": return Metrics.meanSquaredError()
        case "RootMeanSquaredError": return Metrics.rootMeanSquaredError()
        case "Precision": return Precision(threshold: threshold)
        case "Recall": return Recall(threshold: threshold)
        case "AUC":
            let curve = try #require(AUC.Curve(rawValue: config["curve"] as? String ?? "ROC"))
            let summation = try #require(AUC.SummationMethod(rawValue: config["summation_method"] as? String ?? "interpolation"))
            return AUC(thresholdCount: (config["num_thresholds"] as? NSNumber)?.intValue ?? 200, curve: curve,
                       summationMethod: summation)
        case let other:
            Issue.record("no metric for Keras's \(other)")
            throw SynapseError.invalidArgument(other)
        }
    }

    @Test(arguments: KerasNumerics.cases("metrics").map { $0["name"] as! String })
    func resultMatchesKerasAfterEachBatch(_ name: String) throws {
        let fixture = KerasNumerics.cases("metrics").first { $0["name"] as? String == name }!
        let metric = try Self.metric(fixture)
        let expected = kerasDoubles(fixture["results"])
        var worst = 0.0
        for (batch, result) in zip(fixture["batches"] as! [[String: Any]], expected) {
            metric.update(yTrue: KerasNumerics.tensor(batch["yTrue"]), yPred: KerasNumerics.tensor(batch["yPred"]),
                          sampleWeight: KerasNumerics.optionalTensor(batch["sampleWeight"]))
            let error = KerasNumerics.relativeError(metric.result, result)
            worst = Swift.max(worst, error)
            #expect(error <= Self.tolerance, "\(name): \(metric.result) vs Keras \(result)")
        }
        print("Keras metric parity, \(name): largest relative error \(worst)")
    }

    /// Each metric that `compile` knows by name has a Keras fixture.
    @Test func everyMetricHasAFixture() {
        let classes = Set(KerasNumerics.cases("metrics").map { $0["metric"] as! String })
        #expect(classes == ["BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy", "MeanAbsoluteError",
                            "MeanSquaredError", "RootMeanSquaredError", "Precision", "Recall", "AUC"])
    }
}

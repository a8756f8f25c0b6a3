import Testing
@testable import SynapseNN

@Suite struct MetricTests {
    static let yTrue = Tensor([[1], [0], [1], [0], [1], [0]])
    static let yPred = Tensor([[0.9], [0.2], [0.4], [0.6], [0.8], [0.1]])

    static func value(_ name: String, loss: Loss = BinaryCrossentropy()) throws -> Double {
        let metric = try name.makeMetric(loss: loss)
        metric.update(yTrue: yTrue, yPred: yPred, sampleWeight: nil)
        return metric.result
    }

    @Test func accuracyKindFollowsTheLossAsKeras() throws {
        #expect(try "accuracy".makeMetric(loss: BinaryCrossentropy()).result == 0)
        #expect(try Self.value("accuracy") == 4.0 / 6)
        let categorical = try "accuracy".makeMetric(loss: CategoricalCrossentropy())
        categorical.update(yTrue: Tensor([[0, 1], [1, 0]]), yPred: Tensor([[0.3, 0.7], [0.4, 0.6]]), sampleWeight: nil)
        #expect(categorical.result == 0.5)
        let sparse = try "accuracy".makeMetric(loss: SparseCategoricalCrossentropy())
        sparse.update(yTrue: Tensor([1, 1] as [Float]), yPred: Tensor([[0.3, 0.7], [0.4, 0.6]]), sampleWeight: nil)
        #expect(sparse.result == 1)
    }

    @Test func precisionRecallAndRegressionMetrics() throws {
        // Positives at p > 0.5: 0.9, 0.6, 0.8 → TP 2, FP 1; FN 1 (0.4).
        #expect(try Self.value("precision") == 2.0 / 3)
        #expect(try Self.value("recall") == 2.0 / 3)
        let errors: [Double] = [0.1, 0.2, 0.6, 0.6, 0.2, 0.1]
        #expect(Swift.abs(try Self.value("mae") - errors.reduce(0, +) / 6) < 1e-6)
        let mse = errors.map { $0 * $0 }.reduce(0, +) / 6
        #expect(Swift.abs(try Self.value("mse") - mse) < 1e-6)
        #expect(Swift.abs(try Self.value("rmse") - mse.squareRoot()) < 1e-6)
    }

    @Test func aucMatchesTheExactAreaForSeparatedThresholds() throws {
        // 9 positive/negative pairs, 8 ordered correctly (0.4 < 0.6 is the one inversion).
        #expect(Swift.abs(try Self.value("auc") - 8.0 / 9) < 1e-6)
        let perfect = AUC()
        perfect.update(yTrue: Tensor([[0], [1]]), yPred: Tensor([[0.1], [0.9]]), sampleWeight: nil)
        #expect(Swift.abs(perfect.result - 1) < 1e-9)
    }

    @Test func resetForgetsTheEpoch() throws {
        let metric = try "accuracy".makeMetric(loss: BinaryCrossentropy())
        metric.update(yTrue: Self.yTrue, yPred: Self.yPred, sampleWeight: nil)
        metric.reset()
        metric.update(yTrue: Tensor([[1]]), yPred: Tensor([[0.9]]), sampleWeight: nil)
        #expect(metric.result == 1)
    }

    @Test func progressLinesHaveKerasFormat() {
        #expect(ProgressBar.metrics(["loss": 0.12345, "accuracy": 0.5, "learning_rate": 0.001]) == " - accuracy: 0.5000 - loss: 0.1235")
        #expect(ProgressBar.duration(0.0021) == "2ms" && ProgressBar.duration(0.000084) == "84us" && ProgressBar.duration(2.4) == "2s")
    }
}

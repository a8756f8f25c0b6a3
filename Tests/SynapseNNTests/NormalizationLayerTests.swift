import Foundation
import Testing
@testable import SynapseNN

/// Batch normalisation composed from differentiable ops: the oracle for the fused op.
///   y = γ (x − μ_B)/√(σ²_B + ε) + β over every axis but `axis`
func composedBatchNorm(_ x: Tensor, gamma: Tensor, beta: Tensor, axis: Int, epsilon: Float) -> Tensor {
    let a = axis < 0 ? axis + x.rank : axis
    let axes = (0..<x.rank).filter { $0 != a }
    let shape = (0..<x.rank).map { $0 == a ? x.shape[a] : 1 }
    let mean = x.mean(alongAxes: axes, keepingDims: true)
    let variance = x.variance(alongAxes: axes, keepingDims: true)
    return (x - mean) / sqrt(variance + epsilon) * gamma.reshaped(to: shape) + beta.reshaped(to: shape)
}

/// BatchNormalization, ZeroPadding2D and SpatialDropout2D.
@Suite struct NormalizationLayerTests {
    // MARK: BatchNormalization

    @Test func batchNormalizationFollowsTheSharedChecks() throws {
        try runLayerTest(BatchNormalization(), inputShape: [3], expectedOutputShape: [3], expectedParameters: 12)
        try runLayerTest(BatchNormalization(), inputShape: [3], expectedOutputShape: [3], expectedParameters: 12, training: true)
        try runLayerTest(BatchNormalization(), inputShape: [2, 2, 3], expectedOutputShape: [2, 2, 3], expectedParameters: 12, training: true)
        try runLayerTest(BatchNormalization(axis: 1, center: false), inputShape: [2, 3], expectedOutputShape: [2, 3],
                         expectedParameters: 6, training: true)
        try runLayerTest(BatchNormalization(scale: false), inputShape: [4], expectedOutputShape: [4], expectedParameters: 12)
    }

    @Test func batchNormalizationHasKerasWeights() throws {
        let bn = BatchNormalization(name: "bn")
        try bn.build(inputShape: [4, 4, 3])
        #expect(bn.weights.map(\.name) == ["bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance"])
        #expect(bn.trainableWeights.map(\.name) == ["bn/gamma", "bn/beta"])
        #expect(bn.nonTrainableWeights.map(\.name) == ["bn/moving_mean", "bn/moving_variance"])
        #expect(bn.gamma!.value.scalars == [1, 1, 1] && bn.beta!.value.scalars == [0, 0, 0])
        #expect(bn.movingMean!.value.scalars == [0, 0, 0] && bn.movingVariance!.value.scalars == [1, 1, 1])
        #expect(BatchNormalization().name.hasPrefix("batch_normalization"))
    }

    @Test(arguments: [([6, 3], -1), ([2, 3, 3, 2], -1), ([2, 3, 2, 2], 1), ([3, 2, 4], 2)])
    func fusedTrainingPassMatchesTheComposedOps(_ shape: [Int], _ axis: Int) {
        let a = axis < 0 ? axis + shape.count : axis
        let x = testInput(shape, seed: 11) * 3 + 0.5
        let gamma = testInput([shape[a]], seed: 12), beta = testInput([shape[a]], seed: 13)
        let inputs = [x, gamma, beta].map { $0.requiringGradient() }
        let fused = Tensor.batchNormalized(inputs[0], gamma: inputs[1], beta: inputs[2], axis: axis, epsilon: 1e-3)
        let composed = composedBatchNorm(inputs[0], gamma: inputs[1], beta: inputs[2], axis: axis, epsilon: 1e-3)
        #expect(fused.output.isApproximatelyEqual(to: composed, tolerance: 1e-5))
        let projection = testInput(shape, seed: 14)
        let g1 = gradients(of: (fused.output * projection).sum(), wrt: inputs)
        let g2 = gradients(of: (composed * projection).sum(), wrt: inputs)
        for (f, c) in zip(g1, g2) { #expect(f.isApproximatelyEqual(to: c, tolerance: 1e-4), "\(f) vs \(c)") }
        // The statistics it hands back: the batch mean and population variance per channel.
        let axes = (0..<shape.count).filter { $0 != a }
        #expect(fused.mean.isApproximatelyEqual(to: x.mean(alongAxes: axes), tolerance: 1e-5))
        #expect(fused.variance.isApproximatelyEqual(to: x.variance(alongAxes: axes), tolerance: 1e-5))
    }

    @Test(arguments: [[6, 3], [2, 3, 3, 2]])
    func trainingPassGradientsCheckWithRespectToInputGammaAndBeta(_ shape: [Int]) {
        let x = testInput(shape, seed: 21) * 2
        let gamma = testInput([shape.last!], seed: 22), beta = testInput([shape.last!], seed: 23)
        let fused = gradientCheck(at: [x, gamma, beta]) {
            Tensor.batchNormalized($0[0], gamma: $0[1], beta: $0[2], axis: -1, epsilon: 1e-3).output
        }
        #expect(fused.passed, "\(fused)")
        let composed = gradientCheck(at: [x, gamma, beta]) {
            composedBatchNorm($0[0], gamma: $0[1], beta: $0[2], axis: -1, epsilon: 1e-3)
        }
        #expect(composed.passed, "\(composed)")
        // Through the layer: its gamma and beta are the weights that the check perturbs.
        let bn = BatchNormalization()
        _ = bn(x, training: false)
        let layer = gradientCheck(at: [x, gamma, beta]) { inputs in
            bn.gamma!.value = inputs[1]
            bn.beta!.value = inputs[2]
            return bn.call(inputs[0], training: true)
        }
        #expect(layer.passed, "\(layer)")
    }

    @Test func inferenceUsesTheMovingStatistics() throws {
        let bn = BatchNormalization(epsilon: 0.001)
        try bn.build(inputShape: [2])
        try bn.movingMean!.assign(Tensor([1, 2] as [Float]))
        try bn.movingVariance!.assign(Tensor([3.999, 0.249] as [Float]))   // + ε: 4 and 0.25
        try bn.gamma!.assign(Tensor([2, 1] as [Float]))
        try bn.beta!.assign(Tensor([0.5, -1] as [Float]))
        // y = γ (x − moving_mean)/√(moving_var + ε) + β
        let y = bn(Tensor([[3, 2.5], [1, 1]]), training: false)
        #expect(y.isApproximatelyEqual(to: Tensor([[2.5, 0], [0.5, -3]]), tolerance: 1e-5), "\(y)")
        #expect(bn.movingMean!.value.scalars == [1, 2], "inference leaves the moving statistics alone")
    }

    @Test func oneTrainingCallMovesTheStatisticsByMomentum() throws {
        let bn = BatchNormalization(momentum: 0.9)
        try bn.build(inputShape: [2])
        let x = Tensor([[1, 0], [2, 0], [3, 2], [4, 2]]).requiringGradient()
        let y = bn(x, training: true)
        // Batch mean [2.5, 1]; population variance [(2.25 + 0.25 + 0.25 + 2.25)/4, 1] = [1.25, 1].
        // moving = 0.9·old + 0.1·batch from old mean 0, old variance 1.
        #expect(bn.movingMean!.value.isApproximatelyEqual(to: Tensor([0.25, 0.1] as [Float]), tolerance: 1e-6))
        #expect(bn.movingVariance!.value.isApproximatelyEqual(to: Tensor([1.025, 1.0] as [Float]), tolerance: 1e-6))
        #expect(!bn.movingMean!.value.requiresGradient && !bn.movingVariance!.value.requiresGradient)
        // The output uses the batch's statistics.
        let s0: Float = (1.25 + 0.001 as Float).squareRoot(), s1: Float = (1 + 0.001 as Float).squareRoot()
        let column0: [Float] = [-1.5, -0.5, 0.5, 1.5].map { $0 / s0 }, column1: [Float] = [-1, -1, 1, 1].map { $0 / s1 }
        let expected = Tensor(shape: [4, 2], scalars: (0..<4).flatMap { [column0[$0], column1[$0]] })
        #expect(y.isApproximatelyEqual(to: expected, tolerance: 1e-5))
        // A second call compounds: 0.9·0.25 + 0.1·2.5.
        _ = bn(x, training: true)
        #expect(Swift.abs(bn.movingMean!.value.scalars[0] - 0.475) < 1e-6)
        // A frozen layer runs in inference mode, as in Keras, and leaves the statistics alone.
        bn.trainable = false
        _ = bn(x, training: true)
        #expect(Swift.abs(bn.movingMean!.value.scalars[0] - 0.475) < 1e-6)
    }

    @Test func batchNormalizationLearnsInAModel() throws {
        // Features far from zero mean and unit scale; the class is whether the first is above 5.
        let values = (0..<96).map { 5 + 3 * sin(Float($0) * 1.7) }
        let x = Tensor(shape: [32, 3], scalars: values)
        let y = Tensor(shape: [32, 1], scalars: (0..<32).map { values[$0 * 3] > 5 ? 1 : 0 })
        let model = Sequential(seed: 3) { Input(shape: [3]); BatchNormalization(); Dense(8, activation: .relu); Dense(1, activation: .sigmoid) }
        try model.compile(optimizer: Adam(learningRate: 0.02), loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: x, y: y, epochs: 40, batchSize: 8, verbose: 0)
        #expect(try history["loss"].allSatisfy { $0.isFinite })
        #expect(try history["loss"].last! < history["loss"].first! / 2, "\(history.history["loss"] ?? [])")
        #expect(try model.evaluate(x: x, y: y)["accuracy"]! >= 0.9, "inference with the moving statistics classifies too")
        let bn = model.layers[1] as! BatchNormalization
        #expect(bn.movingMean!.value.scalars.allSatisfy { $0 > 3 }, "160 training steps move the mean towards 5")
        #expect(model.trainableWeights.count == 6 && model.nonTrainableWeights.count == 2)
    }

    @Test func saveAndLoadKeepTheMovingStatistics() throws {
        let x = testInput([16, 3, 3, 2], seed: 31) * 2 + 1
        let y = Tensor(shape: [16, 1], scalars: (0..<16).map { Float($0 % 3) })
        let model = Sequential(name: "bn_model", seed: 4) {
            Input(shape: [3, 3, 2]); ZeroPadding2D(1); BatchNormalization(momentum: 0.5); SpatialDropout2D(0.2, seed: 1)
            Flatten(); Dense(1)
        }
        try model.compile(optimizer: "sgd", loss: "mse")
        try model.fit(x: x, y: y, epochs: 2, batchSize: 4, verbose: 0)
        let path = CallbackTests.temporaryPath("bn.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        let (saved, restored) = (model.layers[2] as! BatchNormalization, loaded.layers[2] as! BatchNormalization)
        #expect(saved.movingVariance!.value.scalars.contains { $0 != 1 })
        #expect(restored.movingMean!.value == saved.movingMean!.value)
        #expect(restored.movingVariance!.value == saved.movingVariance!.value)
        #expect(restored.momentum == 0.5 && restored.nonTrainableWeights.count == 2)
        #expect(try loaded.predict(x) == model.predict(x))
    }

    @Test func badBatchNormalizationConfigsThrowNamingTheLayer() throws {
        for config: LayerConfig in [["name": "bn", "momentum": 2], ["name": "bn", "axis": 0], ["name": "bn", "axis": "x"],
                                    ["name": "bn", "epsilon": 0], ["name": "bn", "epsilon": -1], ["name": "bn", "axis": [1, 2]]] {
            #expect(throws: SynapseError.self) { try BatchNormalization(config: config) }
            do { _ = try BatchNormalization(config: config) } catch { #expect("\(error)".contains("bn"), "\(error)") }
        }
        // Keras writes axis as a one-element list.
        #expect(try BatchNormalization(config: ["axis": [3]]).axis == 3)
        let bn = BatchNormalization(axis: 3, name: "deep")
        #expect(throws: SynapseError.self) { try bn.outputShape(forInputShape: [5]) }
        do { _ = try bn.outputShape(forInputShape: [5]) } catch { #expect("\(error)".contains("deep")) }
    }

    // MARK: ZeroPadding2D

    @Test func zeroPaddingFollowsTheSharedChecksAndKerasForms() throws {
        try runLayerTest(ZeroPadding2D(padding: ((1, 0), (2, 1))), inputShape: [2, 3, 2], expectedOutputShape: [3, 6, 2], expectedParameters: 0)
        #expect(try ZeroPadding2D(2).outputShape(forInputShape: [4, 5, 3]) == [8, 9, 3])
        #expect(try ZeroPadding2D(padding: (1, 3)).outputShape(forInputShape: [4, 5, 3]) == [6, 11, 3])
        #expect(try ZeroPadding2D(config: ["padding": 2]).outputShape(forInputShape: [1, 1, 1]) == [5, 5, 1])
        #expect(try ZeroPadding2D(config: ["padding": [1, 2]]).outputShape(forInputShape: [1, 1, 1]) == [3, 5, 1])
        #expect(try ZeroPadding2D(config: ["padding": [[1, 0], [2, 3]]]).outputShape(forInputShape: [1, 1, 1]) == [2, 6, 1])
        for bad: JSONValue in [-1, [1, -2], "x", [1, 2, 3], [[1], [2, 3]]] {
            #expect(throws: SynapseError.self) { try ZeroPadding2D(config: ["name": "pad", "padding": bad]) }
        }
        #expect(throws: SynapseError.self) { try ZeroPadding2D(config: ["padding": 1, "data_format": "channels_first"]) }
        let pad = ZeroPadding2D(1, name: "edge")
        do { _ = try pad.outputShape(forInputShape: [4, 4]); Issue.record("rank 3 accepted") } catch {
            #expect("\(error)".contains("edge"))
        }
    }

    @Test func zeroPaddingSurroundsTheImageWithZeros() {
        let x = Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        let y = ZeroPadding2D(padding: ((1, 0), (0, 2)))(x)
        #expect(y.shape == [1, 3, 4, 1])
        #expect(y.scalars == [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0])
    }

    // MARK: SpatialDropout2D

    @Test func spatialDropoutFollowsTheSharedChecks() throws {
        try runLayerTest(SpatialDropout2D(rate: 0.5, seed: 1), inputShape: [2, 2, 3], expectedOutputShape: [2, 2, 3], expectedParameters: 0)
        for config: LayerConfig in [["name": "sd", "rate": 1], ["name": "sd", "rate": -0.1], ["name": "sd", "rate": "x"], ["name": "sd"]] {
            #expect(throws: SynapseError.self) { try SpatialDropout2D(config: config) }
        }
        let layer = SpatialDropout2D(0.1)
        #expect(throws: SynapseError.self) { try layer.outputShape(forInputShape: [10]) }
    }

    @Test func spatialDropoutDropsWholeChannelsWhileTrainingOnly() {
        let x = Tensor(shape: [8, 3, 3, 5], repeating: 1)
        let layer = SpatialDropout2D(rate: 0.5, seed: 2)
        #expect(layer(x, training: false) == x)
        let y = layer(x, training: true).scalars
        var dropped = 0
        for n in 0..<8 {
            for c in 0..<5 {
                let map = (0..<9).map { y[(n * 9 + $0) * 5 + c] }
                #expect(map.allSatisfy { $0 == map[0] }, "channel \(c) of sample \(n) is dropped or kept whole")
                #expect(map[0] == 0 || map[0] == 2)
                if map[0] == 0 { dropped += 1 }
            }
        }
        #expect(dropped > 5 && dropped < 35)
        // Same seed, same masks; the next call draws new ones.
        #expect(SpatialDropout2D(rate: 0.5, seed: 2)(x, training: true).scalars == y)
        #expect(layer(x, training: true).scalars != y)
        // Gradient while training: g · mask / (1 − r), with the mask fixed by the seed.
        let result = gradientCheck(at: [testInput([2, 2, 2, 3], seed: 5)]) { SpatialDropout2D(rate: 0.5, seed: 9)($0[0], training: true) }
        #expect(result.passed, "\(result)")
    }
}

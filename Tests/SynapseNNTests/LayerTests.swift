import Testing
@testable import SynapseNN

@Suite struct LayerTests {
    @Test func denseFollowsTheSharedChecks() throws {
        try runLayerTest(Dense(units: 4, activation: .relu), inputShape: [3], expectedOutputShape: [4], expectedParameters: 16)
        try runLayerTest(Dense(units: 2, useBias: false), inputShape: [5], expectedOutputShape: [2], expectedParameters: 10)
        try runLayerTest(Dense(units: 3, activation: .tanh), inputShape: [2, 4], expectedOutputShape: [2, 3], expectedParameters: 15)
        try runLayerTest(Dense(units: 3, activation: .softplus, kernelRegularizer: .l2(0.01)), inputShape: [2],
                         expectedOutputShape: [3], expectedParameters: 9)
    }

    @Test func denseHasKerasWeightNamesShapesAndMath() throws {
        let dense = Dense(units: 2, name: "probe")
        try dense.build(inputShape: [3])
        #expect(dense.kernel?.name == "probe/kernel")
        #expect(dense.bias?.name == "probe/bias")
        #expect(dense.kernel?.value.shape == [3, 2])
        #expect(dense.bias?.value.scalars == [0, 0])
        try dense.kernel!.assign(Tensor([[1, 2], [3, 4], [5, 6]]))
        try dense.bias!.assign(Tensor([0.5, -1] as [Float]))
        // y = x·W + b
        #expect(dense(Tensor([[1, 1, 1]])).scalars == [9.5, 11])
    }

    @Test func denseBuildsLazilyOnFirstCall() {
        let dense = Dense(units: 3)
        #expect(!dense.isBuilt)
        _ = dense(Tensor(shape: [4, 6], repeating: 1))
        #expect(dense.isBuilt)
        #expect(dense.inputShape == [6])
    }

    @Test func denseRejectsAMismatchedInputByName() throws {
        let dense = Dense(units: 3, name: "narrow")
        try dense.build(inputShape: [4])
        #expect(throws: SynapseError.self) { try dense.outputShape(forInputShape: [5]) }
        do {
            _ = try dense.outputShape(forInputShape: [5])
        } catch {
            #expect("\(error)".contains("narrow"))
        }
    }

    @Test func automaticNamesAreUniqueLikeKeras() {
        let a = Dense(units: 1), b = Dense(units: 1)
        #expect(a.name != b.name)
        #expect(a.name.hasPrefix("dense") && b.name.hasPrefix("dense_"))
        #expect(LayerNames.snakeCase("TerminateOnNaN") == "terminate_on_na_n")
    }

    @Test func seededDenseInitialisesRepeatably() throws {
        let a = Dense(units: 4, seed: 5), b = Dense(units: 4, seed: 5)
        try a.build(inputShape: [3])
        try b.build(inputShape: [3])
        #expect(a.kernel!.value == b.kernel!.value)
        // Glorot uniform limit √(6 / (3 + 4)).
        #expect(a.kernel!.value.scalars.allSatisfy { Swift.abs($0) <= (6.0 / 7.0).squareRoot() })
    }

    @Test func activationLayer() throws {
        try runLayerTest(Activation(.swish), inputShape: [4], expectedOutputShape: [4], expectedParameters: 0)
        try runLayerTest(Activation(.leakyRelu(alpha: 0.1)), inputShape: [3], expectedOutputShape: [3], expectedParameters: 0)
    }

    @Test func dropoutIsIdentityAtInferenceAndInvertedWhileTraining() throws {
        try runLayerTest(Dropout(rate: 0.5, seed: 1), inputShape: [6], expectedOutputShape: [6], expectedParameters: 0)
        let dropout = Dropout(rate: 0.25, seed: 3)
        let x = Tensor(shape: [100, 40], repeating: 1)
        #expect(dropout(x, training: false) == x)
        let y = dropout(x, training: true)
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { Swift.abs($0 - 1 / 0.75) < 1e-6 })
        let fraction = Double(kept.count) / Double(y.count)
        #expect(fraction > 0.72 && fraction < 0.78)
        // Same seed, same masks.
        #expect(Dropout(rate: 0.25, seed: 3)(x, training: true) == y)
        // Gradient while training: g · mask / (1 − r), with the mask fixed by the seed.
        let result = gradientCheck(at: [testInput([3, 4], seed: 2)]) { Dropout(rate: 0.5, seed: 9)($0[0], training: true) }
        #expect(result.passed, "\(result)")
    }

    @Test func flattenAndReshape() throws {
        try runLayerTest(Flatten(), inputShape: [2, 3], expectedOutputShape: [6], expectedParameters: 0)
        try runLayerTest(Reshape([3, -1]), inputShape: [6], expectedOutputShape: [3, 2], expectedParameters: 0)
        #expect(throws: SynapseError.self) { try Reshape([4]).outputShape(forInputShape: [6]) }
    }

    @Test func inputDeclaresTheShape() throws {
        let input = Input(shape: [3])
        #expect(try input.outputShape(forInputShape: [3]) == [3])
        #expect(throws: SynapseError.self) { try input.outputShape(forInputShape: [4]) }
        let rebuilt = try LayerRegistry.layer(from: try JSONValue.parse(input.serialized.jsonString()))
        #expect((rebuilt as? Input)?.shape == [3])
    }

    @Test func regularizerPenaltyIsL1PlusL2() {
        let w = Tensor([1, -2] as [Float])
        #expect(Swift.abs(Regularizer(l1: 0.1, l2: 0.01)(w).scalar - 0.35) < 1e-6)
    }
}

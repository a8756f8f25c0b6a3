import Testing
@testable import SynapseNN

/// Inputs away from kinks: |x| in [0.2, 1.2] with random signs.
func testInput(_ shape: [Int], seed: UInt64) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in
        let m = 0.2 + g.nextUniform()
        return g.nextUniform() < 0.5 ? m : -m
    })
}

/// Checks a layer the same way for every layer, as Keras's run_layer_test: the output shape
/// (computed and actual), the parameter count, the config round trip through JSON text, and a
/// finite-difference gradient check with respect to the input and every weight.
func runLayerTest(_ layer: Layer, inputShape: [Int], expectedOutputShape: [Int], expectedParameters: Int,
                  training: Bool = false, gradientCheck checkGradients: Bool = true,
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    var generator = SeededGenerator(seed: 7)
    try layer.build(inputShape: inputShape, generator: &generator)
    #expect(try layer.outputShape(forInputShape: inputShape) == expectedOutputShape, sourceLocation: sourceLocation)
    #expect(layer.parameterCount == expectedParameters, sourceLocation: sourceLocation)
    let x = testInput([2] + inputShape, seed: 3)
    #expect(layer(x, training: training).shape == [2] + expectedOutputShape, sourceLocation: sourceLocation)

    // Config round trip through JSON text.
    let text = layer.serialized.jsonString()
    let rebuilt = try LayerRegistry.layer(from: try JSONValue.parse(text))
    #expect(type(of: rebuilt) == type(of: layer), sourceLocation: sourceLocation)
    #expect(JSONValue.object(rebuilt.config) == JSONValue.object(layer.config), sourceLocation: sourceLocation)
    try rebuilt.build(inputShape: inputShape, generator: &generator)
    #expect(rebuilt.parameterCount == expectedParameters, sourceLocation: sourceLocation)

    guard checkGradients else { return }
    let weights = layer.weights
    let saved = weights.map(\.value)
    defer { for (w, v) in zip(weights, saved) { w.value = v } }
    let result = gradientCheck(at: [x] + saved.map { $0.detached() }) { inputs in
        for (w, v) in zip(weights, inputs.dropFirst()) { w.value = v }
        return layer.call(inputs[0], training: training)
    }
    #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
}

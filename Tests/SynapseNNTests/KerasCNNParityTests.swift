// PENDING: rename to KerasCNNParityTests.swift (and drop its `exclude:` line from the
// SynapseNNTests target in Package.swift) once Conv2D, Conv1D, the pooling layers,
// BatchNormalization and ZeroPadding2D land. Written against the agreed API:
//   Conv2D(filters:kernelSize:strides:padding:dilationRate:activation:useBias:name:)
//   Conv1D(filters:kernelSize:strides:padding:dilationRate:activation:)
//   MaxPooling2D / AveragePooling2D(poolSize: (Int, Int), strides: (Int, Int)?, padding: Padding)
//   MaxPooling1D / AveragePooling1D(poolSize: Int, strides: Int?, padding: Padding)
//   GlobalAveragePooling2D(), GlobalMaxPooling2D(), ZeroPadding2D(padding: ((Int, Int), (Int, Int)))
//   BatchNormalization(axis:momentum:epsilon:center:scale:name:), weights <name>/gamma|beta|moving_mean|moving_variance
// Weights in Keras's layouts (conv kernel [kh, kw, cin, cout], Conv1D [k, cin, cout]), NHWC inputs.
import Foundation
import Testing
@testable import SynapseNN

/// Convolution, pooling, padding and BatchNormalization layers against Keras 3 (TensorFlow
/// backend, float32): keras_layers.json (scripts/fixtures/make_keras_fixtures.py) holds each
/// case's Keras config, the formula specs of its input and weights (KerasFixture) and Keras's
/// output in full; BatchNormalization's training cases also hold the moving statistics after
/// one call with training=True. Errors are |synapse − keras| / max(1, |keras|), at most 1e-5.
@Suite struct KerasCNNParityTests {
    static let tolerance = 1e-5

    static func padding(_ config: [String: Any]) -> Padding {
        (config["padding"] as? String) == "same" ? .same : .valid
    }
    static func activation(_ config: [String: Any]) -> ActivationFunction {
        (config["activation"] as? String) == "relu" ? .relu : .linear
    }
    static func pair(_ any: Any?, default d: (Int, Int)) -> (Int, Int) {
        guard let any else { return d }
        if let n = any as? NSNumber { return (n.intValue, n.intValue) }
        let v = kerasInts(any)
        return (v[0], v[1])
    }
    static func int(_ any: Any?, default d: Int) -> Int {
        guard let any else { return d }
        if let n = any as? NSNumber { return n.intValue }
        return kerasInts(any)[0]
    }

    /// The Synapse layer for a fixture case (its Keras class name and config).
    static func makeLayer(_ fixture: [String: Any]) throws -> Layer {
        let config = fixture["config"] as! [String: Any]
        let name = fixture["name"] as! String
        switch fixture["layer"] as! String {
        case "Conv2D":
            return Conv2D(filters: int(config["filters"], default: 0), kernelSize: pair(config["kernel_size"], default: (0, 0)),
                          strides: pair(config["strides"], default: (1, 1)), padding: padding(config),
                          dilationRate: pair(config["dilation_rate"], default: (1, 1)), activation: activation(config),
                          useBias: config["use_bias"] as? Bool ?? true, name: name)
        case "Conv1D":
            return Conv1D(filters: int(config["filters"], default: 0), kernelSize: int(config["kernel_size"], default: 0),
                          strides: int(config["strides"], default: 1), padding: padding(config),
                          dilationRate: int(config["dilation_rate"], default: 1), activation: activation(config))
        case "MaxPooling2D":
            return MaxPooling2D(poolSize: pair(config["pool_size"], default: (2, 2)),
                                strides: config["strides"].map { pair($0, default: (1, 1)) }, padding: padding(config))
        case "AveragePooling2D":
            return AveragePooling2D(poolSize: pair(config["pool_size"], default: (2, 2)),
                                    strides: config["strides"].map { pair($0, default: (1, 1)) }, padding: padding(config))
        case "MaxPooling1D":
            return MaxPooling1D(poolSize: int(config["pool_size"], default: 2),
                                strides: config["strides"].map { int($0, default: 1) }, padding: padding(config))
        case "AveragePooling1D":
            return AveragePooling1D(poolSize: int(config["pool_size"], default: 2),
                                    strides: config["strides"].map { int($0, default: 1) }, padding: padding(config))
        case "GlobalAveragePooling2D": return GlobalAveragePooling2D()
        case "GlobalMaxPooling2D": return GlobalMaxPooling2D()
        case "ZeroPadding2D":
            let p = config["padding"] as! [Any]
            let (top, bottom) = pair(p[0], default: (0, 0)), (left, right) = pair(p[1], default: (0, 0))
            return ZeroPadding2D(padding: ((top, bottom), (left, right)))
        case "BatchNormalization":
            #expect(int(config["axis"], default: -1) == -1)
            return BatchNormalization(axis: -1, momentum: Float(kerasDouble(config["momentum"])),
                                      epsilon: Float(kerasDouble(config["epsilon"])), center: true, scale: true, name: name)
        case let other:
            throw SynapseError.invalidArgument("no Synapse layer for Keras's \(other)")
        }
    }

    /// The weight of `layer` whose name ends in `/<short>` (kernel, bias, gamma, ...).
    static func weight(_ layer: Layer, _ short: String) throws -> Weight {
        try #require(layer.weights.first { $0.name.hasSuffix("/" + short) }, "\(layer.name) has no weight '\(short)'")
    }

    /// Builds the case's layer, assigns its weights, calls it, and compares with Keras.
    static func check(_ name: String) throws {
        let fixture = try KerasFixture.testCase("keras_layers", name)
        let layer = try makeLayer(fixture)
        let x = KerasFixture.tensor(fixture["input"])
        let sampleShape = Array(x.shape.dropFirst())
        var generator = SeededGenerator(seed: 1)
        try layer.build(inputShape: sampleShape, generator: &generator)
        let specs = fixture["weights"] as! [[String: Any]]
        #expect(layer.weights.count == specs.count, "\(name): \(layer.weights.map(\.name)) vs Keras's \(specs.map { $0["name"]! })")
        for spec in specs {
            try weight(layer, spec["name"] as! String).assign(KerasFixture.tensor(spec))
        }
        let expected = KerasFixture.stored(fixture["output"])
        #expect(try layer.outputShape(forInputShape: sampleShape) == Array(expected.shape.dropFirst()), "\(name): output shape")
        let y = layer.call(x, training: fixture["training"] as! Bool)
        #expect(y.shape == expected.shape, "\(name): output shape \(y.shape) vs Keras \(expected.shape)")
        expectKerasClose(y.scalars, expected.values, tolerance: tolerance, "\(name) output")
        if let after = fixture["after"] as? [String: Any] {
            for key in ["moving_mean", "moving_variance"] {
                expectKerasClose(try weight(layer, key).value.scalars, KerasFixture.stored(after[key]).values,
                                 tolerance: tolerance, "\(name) \(key) after the call")
            }
        }
    }

    static let conv2DCases = ["conv2d_valid", "conv2d_same", "conv2d_strided_valid", "conv2d_strided_same",
                         "conv2d_dilated_valid", "conv2d_dilated_same", "conv2d_kernel2x3_valid", "conv2d_kernel2x3_same",
                         "conv2d_relu", "conv2d_no_bias"]
    static let conv1DCases = ["conv1d_valid", "conv1d_same", "conv1d_stride2_valid", "conv1d_stride2_same",
                         "conv1d_dilated_same", "conv1d_relu"]
    static let pooling2DCases = ["maxpool2d", "averagepool2d"].flatMap { p in
        ["pool2_valid", "pool3_stride2_same", "pool2x3_valid", "pool2x3_same"].map { "\(p)_\($0)" } }
    static let pooling1DCases = ["maxpool1d", "averagepool1d"].flatMap { p in
        ["pool2_valid", "pool3_stride2_same", "pool2_same"].map { "\(p)_\($0)" } }
    static let batchNormCases = ["nhwc", "2d"].flatMap { t in
        ["training_m099", "training_m09", "inference"].map { "batchnorm_\(t)_\($0)" } }

    @Test(arguments: conv2DCases) func conv2D(_ name: String) throws { try Self.check(name) }
    @Test(arguments: conv1DCases) func conv1D(_ name: String) throws { try Self.check(name) }
    @Test(arguments: pooling2DCases) func pooling2D(_ name: String) throws { try Self.check(name) }
    @Test(arguments: pooling1DCases) func pooling1D(_ name: String) throws { try Self.check(name) }
    @Test(arguments: ["global_average_pooling2d", "global_max_pooling2d", "zero_padding2d"])
    func globalPoolingAndPadding(_ name: String) throws { try Self.check(name) }
    /// Training: normalised by the batch's biased variance; moving ← m·moving + (1 − m)·batch
    /// statistic. Inference: normalised by the given moving statistics, which stay unchanged.
    @Test(arguments: batchNormCases) func batchNormalization(_ name: String) throws { try Self.check(name) }

    /// Every case in the fixture is run by one of the tests above.
    @Test func everyCaseIsCovered() throws {
        let cases = (try KerasFixture.json("keras_layers")["cases"] as! [[String: Any]]).map { $0["name"] as! String }
        let covered = Set(Self.conv2DCases + Self.conv1DCases + Self.pooling2DCases + Self.pooling1DCases + Self.batchNormCases
                          + ["global_average_pooling2d", "global_max_pooling2d", "zero_padding2d"])
        #expect(Set(cases) == covered, "not covered: \(Set(cases).subtracting(covered).sorted())")
    }

    /// The seed's MNIST CNN, one Adam step against train_on_batch: 28×28×1 → Conv2D(32, 4×4,
    /// relu) → MaxPooling2D(2×2) → Flatten → Dense(128, relu) → Dense(10, softmax), categorical
    /// cross-entropy, a batch of 8 with one-hot labels of class i % 10.
    @Test func mnistCNNOneAdamStep() throws {
        let model = Sequential {
            Input(shape: [28, 28, 1])
            Conv2D(filters: 32, kernelSize: (4, 4), activation: .relu, name: "conv2d_parity")
            MaxPooling2D(poolSize: (2, 2), strides: nil, padding: .valid)
            Flatten()
            Dense(128, activation: .relu)
            Dense(10, activation: .softmax)
        }
        var labels = [Float](repeating: 0, count: 80)
        for i in 0..<8 { labels[i * 10 + i % 10] = 1 }
        try KerasParityTests.checkOneStep("mnist_cnn", model: model, inputShape: [28, 28, 1],
                                          y: Tensor(shape: [8, 10], scalars: labels))
    }
}

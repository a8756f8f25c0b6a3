import Foundation
import Testing
@testable import SynapseNN

/// The image preprocessing layers: Keras's outputs for the deterministic ones (built from
/// Keras's own configs, keras_preprocessing.json from
/// scripts/fixtures/make_keras_preprocessing_fixtures.py), statistics for the random ones.
@Suite struct PreprocessingLayerTests {
    static let fixture = try! KerasFixture.json("keras_preprocessing")
    static let cases = (fixture["cases"] as! [String: Any]).keys.sorted()

    static func numbers(_ any: Any?) -> [Float] { (any as! [NSNumber]).map { $0.floatValue } }

    @Test(arguments: cases) func deterministicLayersEqualKeras(name: String) throws {
        let entry = (Self.fixture["cases"] as! [String: Any])[name] as! [String: Any]
        let data = try JSONSerialization.data(withJSONObject: ["class_name": entry["class_name"]!, "config": entry["config"]!])
        let layer = try LayerRegistry.layer(from: try JSONValue.parse(String(decoding: data, as: UTF8.self)))
        let x = Tensor(shape: Self.fixture["x_shape"] as! [Int], scalars: Self.numbers(Self.fixture["x"]))
        let y = try layer.checkedCall(x, training: false)
        #expect(y.shape == entry["shape"] as! [Int])
        let error = zip(y.scalars, Self.numbers(entry["y"])).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-4, "\(name): largest difference \(error)")
    }

    @Test func theLayerCheckHolds() throws {
        try runLayerTest(Rescaling(1.0 / 255, offset: -1), inputShape: [3, 4, 2], expectedOutputShape: [3, 4, 2], expectedParameters: 0)
        try runLayerTest(Resizing(4, 3), inputShape: [5, 7, 2], expectedOutputShape: [4, 3, 2], expectedParameters: 0)
        try runLayerTest(Resizing(3, 3, cropToAspectRatio: true), inputShape: [4, 6, 1], expectedOutputShape: [3, 3, 1], expectedParameters: 0)
        try runLayerTest(CenterCrop(2, 3), inputShape: [5, 6, 2], expectedOutputShape: [2, 3, 2], expectedParameters: 0)
        try runLayerTest(CenterCrop(6, 3), inputShape: [4, 4, 1], expectedOutputShape: [6, 3, 1], expectedParameters: 0)
        try runLayerTest(RandomFlip(mode: .horizontal, seed: 4), inputShape: [3, 4, 2], expectedOutputShape: [3, 4, 2],
                         expectedParameters: 0, gradientCheck: false)
        try runLayerTest(RandomContrast(0.3, seed: 4), inputShape: [3, 4, 2], expectedOutputShape: [3, 4, 2],
                         expectedParameters: 0, gradientCheck: false)
    }

    /// A batch of 400 images 2×3 whose pixels are their column numbers, so a flip shows.
    func columns(_ n: Int = 400) -> Tensor {
        Tensor(shape: [n, 2, 3, 1], scalars: (0..<(n * 6)).map { Float($0 % 3) + Float($0 % 6 / 3) * 10 })
    }

    @Test func randomFlipMirrorsAboutHalfTheImagesWhileTrainingOnly() throws {
        let x = columns()
        let flip = RandomFlip(mode: .horizontal, seed: 11)
        #expect(flip(x, training: false).scalars == x.scalars)
        let y = flip(x, training: true).scalars
        let flipped = (0..<400).filter { y[$0 * 6] == 2 }.count
        let kept = (0..<400).filter { y[$0 * 6] == 0 }.count
        #expect(flipped + kept == 400)
        #expect(abs(flipped - 200) < 40)  // Binomial(400, 1/2): sd 10
        let turned = RandomFlip(seed: 11)(x, training: true).scalars
        // Both axes by one draw: a flipped image starts with its bottom row reversed (12).
        #expect((0..<400).allSatisfy { turned[$0 * 6] == 0 || turned[$0 * 6] == 12 })
    }

    @Test func aSeedGivesTheSameDraws() {
        let x = columns(50)
        #expect(RandomFlip(seed: 3)(x, training: true).scalars == RandomFlip(seed: 3)(x, training: true).scalars)
        #expect(RandomContrast(0.5, seed: 3)(x, training: true).scalars == RandomContrast(0.5, seed: 3)(x, training: true).scalars)
    }

    @Test func randomContrastScalesAroundEachImagesMeanWithinTheFactor() throws {
        let n = 500
        var g = SeededGenerator(seed: 5)
        let x = Tensor(shape: [n, 4, 4, 1], scalars: (0..<(n * 16)).map { _ in 100 + 50 * g.nextUniform() })
        let layer = RandomContrast(lower: 0.2, upper: 0.4, seed: 9)
        #expect(layer(x, training: false).scalars == x.scalars)
        let y = layer(x, training: true)
        var factors = [Float]()
        for i in 0..<n {
            let a = Array(x.scalars[(i * 16)..<((i + 1) * 16)]), b = Array(y.scalars[(i * 16)..<((i + 1) * 16)])
            let ma = a.reduce(0, +) / 16, mb = b.reduce(0, +) / 16
            #expect(abs(ma - mb) < 1e-3)  // the mean stays
            let spreadA = a.map { abs($0 - ma) }.reduce(0, +), spreadB = b.map { abs($0 - mb) }.reduce(0, +)
            factors.append(spreadB / spreadA)
        }
        #expect(factors.min()! >= 0.8 - 1e-3 && factors.max()! <= 1.4 + 1e-3)
        let mean = factors.reduce(0, +) / Float(n)
        #expect(abs(mean - 1.1) < 0.03)  // uniform on [0.8, 1.4]: mean 1.1, sd of the mean 0.008
    }

    @Test func randomContrastClipsToTheValueRange() {
        let x = Tensor(shape: [1, 1, 2, 1], scalars: [0, 255])
        let y = RandomContrast(lower: 0, upper: 1, seed: 1)(x, training: true)
        #expect(y.scalars.allSatisfy { (0...255).contains($0) })
    }
}

/// RandomRotation, RandomTranslation and RandomZoom: their resampling equals Keras's
/// affine_transform (TensorFlow's ImageProjectiveTransformV3) for every fill mode, and the
/// layers draw within their factors, in training only.
@Suite struct AffineAugmentationTests {
    static let fixture = PreprocessingLayerTests.fixture

    @Test(arguments: FillMode.allCases) func resamplingEqualsKeras(fill: FillMode) {
        let affine = Self.fixture["affine"] as! [String: Any]
        let x = Tensor(shape: Self.fixture["x_shape"] as! [Int], scalars: PreprocessingLayerTests.numbers(Self.fixture["x"]))
        let transforms = (affine["transforms"] as! [[NSNumber]]).map { $0.map(\.floatValue) }
        let y = x.affineTransformed(transforms, fillMode: fill, fillValue: 7.5)
        let keras = PreprocessingLayerTests.numbers((affine["y"] as! [String: Any])[fill.rawValue])
        let error = zip(y.scalars, keras).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-3, "\(fill): largest difference \(error)")  // values 0...255
    }

    @Test func theResamplingGradientChecks() {
        let x = testInput([2, 4, 5, 2], seed: 8)
        let result = gradientCheck(at: [x]) { inputs in
            inputs[0].affineTransformed([[0.9, 0.2, 0.3, -0.1, 1.1, 0.4], [1, 0, -1.5, 0, 1, 0.7]], fillMode: .reflect, fillValue: 0.5)
        }
        #expect(result.passed, "\(result)")
    }

    @Test func theLayerCheckHolds() throws {
        for layer: Layer in [RandomRotation(0.2, seed: 1), RandomTranslation(0.1, 0.3, seed: 1), RandomZoom(0.2, seed: 1),
                             RandomZoom(heightFactor: (-0.3, 0.1), widthFactor: (0, 0.5), fillMode: .constant, fillValue: 2, seed: 5)] {
            try runLayerTest(layer, inputShape: [5, 6, 2], expectedOutputShape: [5, 6, 2], expectedParameters: 0, gradientCheck: false)
        }
    }

    @Test func halfATurnIsBothFlips() {
        let x = testInput([1, 5, 7, 1], seed: 2)
        let y = RandomRotation(factor: (0.5, 0.5), seed: 1)(x, training: true)
        let expected = x.reversed(alongAxis: 1).reversed(alongAxis: 2)
        #expect(zip(y.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test func aTranslationShiftsByWholePixels() {
        let x = Tensor(shape: [1, 1, 4, 1], scalars: [1, 2, 3, 4])
        let y = RandomTranslation(heightFactor: (0, 0), widthFactor: (0.25, 0.25), fillMode: .constant, seed: 1)(x, training: true)
        #expect(y.scalars == [0, 1, 2, 3])
    }

    @Test func augmentationsChangeImagesWhileTrainingOnlyAndRepeatWithTheirSeed() {
        let x = testInput([8, 6, 6, 1], seed: 4)
        let pairs: [(Layer, Layer)] = [(RandomRotation(0.1, seed: 3), RandomRotation(0.1, seed: 3)),
                                       (RandomTranslation(0.2, 0.2, seed: 3), RandomTranslation(0.2, 0.2, seed: 3)),
                                       (RandomZoom(0.3, seed: 3), RandomZoom(0.3, seed: 3))]
        for (layer, twin) in pairs {
            #expect(layer(x, training: false).scalars == x.scalars)
            let y = layer(x, training: true)
            #expect(y.scalars != x.scalars)
            #expect(twin(x, training: true).scalars == y.scalars)
        }
    }
}

import Foundation
import Testing
@testable import SynapseCLI
import Synapse

/// The `--layers` spec: each piece parses into the item it names, and a piece that does not
/// parse is one sentence that quotes it.
@Suite struct LayerSpecTests {
    @Test(arguments: [
        ("dense:30:relu", LayerSpecItem.dense(units: 30, activation: .relu)),
        ("Dense:1", .dense(units: 1, activation: .linear)),
        ("dropout:0.5", .dropout(rate: 0.5)),
        ("activation:tanh", .activation(.tanh)),
        ("conv2d:32:3", .conv2D(filters: 32, kernelSize: 3, activation: .linear, strides: 1, padding: "valid")),
        ("conv2d:32:3:relu", .conv2D(filters: 32, kernelSize: 3, activation: .relu, strides: 1, padding: "valid")),
        ("conv2d:16:5:relu:2:same", .conv2D(filters: 16, kernelSize: 5, activation: .relu, strides: 2, padding: "same")),
        ("conv2d:8:3:2", .conv2D(filters: 8, kernelSize: 3, activation: .linear, strides: 2, padding: "valid")),
        ("conv2d:8:3:SAME", .conv2D(filters: 8, kernelSize: 3, activation: .linear, strides: 1, padding: "same")),
        ("conv2d:8:3:elu:valid", .conv2D(filters: 8, kernelSize: 3, activation: .elu, strides: 1, padding: "valid")),
        ("conv1d:4:2:tanh:1:same", .conv1D(filters: 4, kernelSize: 2, activation: .tanh, strides: 1, padding: "same")),
        ("maxpool2d:2", .maxPool2D(size: 2, strides: nil)),
        ("maxpool2d:3:1", .maxPool2D(size: 3, strides: 1)),
        ("avgpool2d:2:2", .averagePool2D(size: 2, strides: 2)),
        ("maxpool1d:2", .maxPool1D(size: 2)),
        ("avgpool1d:3", .averagePool1D(size: 3)),
        ("globalavgpool2d", .globalAveragePool2D),
        ("globalmaxpool2d", .globalMaxPool2D),
        ("batchnorm", .batchNormalization),
        ("zeropad2d:1", .zeroPadding2D(1)),
        ("zeropad2d:0", .zeroPadding2D(0)),
        ("rescaling:0.5", .rescaling(scale: 0.5, offset: 0)),
        ("rescaling:0.0078125:-1", .rescaling(scale: 0.0078125, offset: -1)),
        ("resizing:32:24", .resizing(height: 32, width: 24)),
        ("centercrop:8:8", .centerCrop(height: 8, width: 8)),
        ("randomflip", .randomFlip(mode: "horizontal_and_vertical")),
        ("RandomFlip:horizontal", .randomFlip(mode: "horizontal")),
        ("randomrotation:0.1", .randomRotation(0.1)),
        ("randomzoom:0.2", .randomZoom(0.2)),
        ("randomcontrast:0.3", .randomContrast(0.3)),
        ("randomtranslation:0.1", .randomTranslation(height: 0.1, width: 0.1)),
        ("randomtranslation:0.1:0.25", .randomTranslation(height: 0.1, width: 0.25)),
        ("spatialdropout2d:0.2", .spatialDropout2D(rate: 0.2)),
        ("flatten", .flatten),
    ])
    func pieceParses(_ piece: String, _ expected: LayerSpecItem) throws {
        #expect(try LayerSpec.item(piece) == expected)
    }

    @Test func aWholeSpecParsesInOrder() throws {
        let items = try LayerSpec.items("conv2d:16:3:relu:1:same, batchnorm,maxpool2d:2,spatialdropout2d:0.1,flatten,dense:10:softmax")
        #expect(items == [.conv2D(filters: 16, kernelSize: 3, activation: .relu, strides: 1, padding: "same"), .batchNormalization,
                          .maxPool2D(size: 2, strides: nil), .spatialDropout2D(rate: 0.1), .flatten, .dense(units: 10, activation: .softmax)])
    }

    @Test func layersThatExistOnThisBranchAreMade() throws {
        let layers = try LayerSpec.parse("zeropad2d:2,batchnorm,spatialdropout2d:0.25,flatten,dense:3:relu,dropout:0.1,activation:softmax")
        #expect(layers.map { type(of: $0).className } == ["ZeroPadding2D", "BatchNormalization", "SpatialDropout2D", "Flatten",
                                                           "Dense", "Dropout", "Activation"])
        #expect((layers[0] as? ZeroPadding2D).map { $0.padding.height.top == 2 && $0.padding.width.right == 2 } == true)
        #expect((layers[2] as? SpatialDropout2D)?.rate == 0.25)
    }

    @Test(arguments: [
        ("conv2d:0:3", "FILTERS must be a positive whole number"),
        ("conv2d:32", "expected conv2d:FILTERS:KERNEL[:ACTIVATION][:STRIDE][:same|valid]"),
        ("conv2d:32:0", "KERNEL must be a positive whole number"),
        ("conv2d:32:3:relu:0", "STRIDE must be a positive whole number, not '0'"),
        ("conv2d:32:3:relu:1.5", "STRIDE must be a positive whole number"),
        ("conv2d:32:3:nonsense", "'nonsense' is not a known activation"),
        ("conv2d:32:3:same:relu", "the optional parts go in the order"),
        ("conv2d:32:3:2:relu", "the optional parts go in the order"),
        ("conv2d:32:3:relu:relu", "the optional parts go in the order"),
        ("conv2d:32:3:relu:1:same:x", "expected conv2d:FILTERS:KERNEL"),
        ("conv1d:x:3", "FILTERS must be a positive whole number, not 'x'"),
        ("maxpool2d:x", "SIZE must be a positive whole number, not 'x'"),
        ("maxpool2d", "expected maxpool2d:SIZE[:STRIDE]"),
        ("avgpool2d:2:0", "STRIDE must be a positive whole number"),
        ("maxpool1d:2:2", "expected maxpool1d:SIZE"),
        ("avgpool1d:-1", "SIZE must be a positive whole number"),
        ("batchnorm:1", "expected batchnorm without arguments"),
        ("flatten:2", "expected flatten without arguments"),
        ("zeropad2d:-1", "P must be a whole number"),
        ("zeropad2d", "expected zeropad2d:P"),
        ("spatialdropout2d:1", "0 <= RATE < 1"),
        ("dense:0", "UNITS must be a positive whole number"),
        ("dropout:1.5", "0 <= RATE < 1"),
        ("conv3d:8:3", "'conv3d' is not a layer kind"),
        ("", "is not a layer kind"),
    ])
    func badPieceIsOneSentenceNamingIt(_ piece: String, _ words: String) {
        do {
            _ = try LayerSpec.items("dense:4," + piece)
            Issue.record("'\(piece)' parsed")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("Cannot read '\(piece)' in --layers: "), "\(message)")
            #expect(message.contains(words), "\(message)")
            #expect(message.hasSuffix(".") && !message.contains("\n"), "\(message)")
        }
    }

    @Test func inputShapeParsesAndChecksTheColumnCount() throws {
        #expect(try InputShape.parse("4,4,1") == [4, 4, 1])
        #expect(try InputShape.parse("10, 3") == [10, 3])
        for bad in ["", "4,x", "4,0,1", "-1", "1,2,3,4,5", "4,,1", "99999999999,2"] {
            #expect(throws: CLIError.self) { try InputShape.parse(bad) }
        }
        #expect(throws: Never.self) { try InputShape.check([4, 4, 1], features: 16, file: "a.csv") }
        do {
            try InputShape.check([4, 4, 2], features: 16, file: "a.csv")
            Issue.record("mismatch accepted")
        } catch {
            #expect("\(error)" == "--input-shape 4,4,2 needs 32 feature columns (4 × 4 × 2), but a.csv has 16.")
        }
    }
}

/// `synapse train --input-shape` on a CSV of 4×4×1 "images".
@Suite struct InputShapeCommandTests {
    /// 80 images of 4×4 pixels: class 1 lights the top half, class 0 the bottom half (plus noise).
    static func imagesCSV(rows: Int = 80) -> String {
        var g = SeededGenerator(seed: 5)
        var lines = [(0..<16).map { "p\($0)" }.joined(separator: ",") + ",label"]
        for i in 0..<rows {
            let label = i % 2
            let pixels = (0..<16).map { p -> String in
                let lit = (p < 8) == (label == 1)
                return String((lit ? 1 : 0) + 0.2 * g.nextNormal())
            }
            lines.append(pixels.joined(separator: ",") + ",\(label)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func trainReshapesRowsToImagesAndPredictDoesTheSame() throws {
        let folder = temporaryFolder()
        Fixtures.write(Self.imagesCSV(), to: folder + "/images.csv")
        let run = synapse(["train", "--data", folder + "/images.csv", "--target", "label", "--input-shape", "4,4,1",
                           "--layers", "zeropad2d:1,batchnorm,spatialdropout2d:0.1,flatten,dense:8:relu,dense:2:softmax",
                           "--epochs", "30", "--seed", "2", "--out", folder + "/run", "--quiet", "--json"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(try #require(run.json["test_accuracy"] as? Double) >= 0.9)
        let model = try Sequential.load(from: folder + "/run/model.safetensors")
        #expect(model.inputShape == [4, 4, 1])
        #expect(model.layers.first is Input && (model.layers.first as? Input)?.shape == [4, 4, 1])
        #expect(model.layers.contains { $0 is BatchNormalization })

        let predict = synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/run/test_predictions.csv",
                              "--out", folder + "/predicted.csv")
        #expect(predict.status == 0, "\(predict.errors)")
        let saved = try DataFrame(csvFile: folder + "/run/test_predictions.csv")
        let again = try DataFrame(csvFile: folder + "/predicted.csv")
        #expect(try again.numbers("probability") == saved.numbers("probability"))

        let agreeing = synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/images.csv",
                               "--input-shape", "4,4,1", "--out", folder + "/agreeing.csv")
        #expect(agreeing.status == 0, "\(agreeing.errors)")
        let other = synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/images.csv",
                            "--input-shape", "2,8,1")
        #expect(other.status != 0)
        #expect(other.errors.contains("takes samples of shape 4,4,1, but --input-shape is 2,8,1"), "\(other.errors)")
    }

    @Test func trainRunsConvolutionalSpecs() throws {
        let folder = temporaryFolder()
        Fixtures.write(Self.imagesCSV(), to: folder + "/images.csv")
        let run = synapse(["train", "--data", folder + "/images.csv", "--target", "label", "--input-shape", "4,4,1",
                           "--layers", "conv2d:4:2:relu:1:same,maxpool2d:2,conv2d:4:2:relu,globalavgpool2d,dense:2:softmax",
                           "--epochs", "40", "--seed", "2", "--out", folder + "/run", "--quiet", "--json"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(try #require(run.json["test_accuracy"] as? Double) >= 0.9)
        let model = try Sequential.load(from: folder + "/run/model.safetensors")
        #expect(model.layers.contains { $0 is Conv2D } && model.layers.contains { $0 is MaxPooling2D })
    }

    @Test func aKernelLargerThanTheImageIsOneSentence() {
        let folder = temporaryFolder()
        Fixtures.write(Self.imagesCSV(rows: 10), to: folder + "/images.csv")
        let run = synapse("train", "--data", folder + "/images.csv", "--target", "label", "--input-shape", "4,4,1",
                          "--layers", "conv2d:4:5,flatten,dense:2:softmax", "--out", folder + "/run")
        #expect(run.status != 0)
        #expect(run.errors.split(separator: "\n").count == 1, "\(run.errors)")
        #expect(run.errors.contains("larger than"), "\(run.errors)")
    }

    @Test func aShapeThatDoesNotFitTheColumnsIsOneSentence() {
        let folder = temporaryFolder()
        Fixtures.write(Self.imagesCSV(rows: 10), to: folder + "/images.csv")
        let run = synapse("train", "--data", folder + "/images.csv", "--target", "label", "--input-shape", "4,4,2",
                          "--layers", "flatten,dense:2:softmax", "--out", folder + "/run")
        #expect(run.status != 0)
        #expect(run.errors.split(separator: "\n").count == 1, "\(run.errors)")
        #expect(run.errors.contains("--input-shape 4,4,2 needs 32 feature columns (4 × 4 × 2), but \(folder)/images.csv has 16."), "\(run.errors)")
        let bad = synapse("train", "--data", folder + "/images.csv", "--target", "label", "--input-shape", "4,x",
                          "--layers", "flatten,dense:2:softmax", "--out", folder + "/run")
        #expect(bad.status != 0 && bad.errors.contains("--input-shape takes"), "\(bad.errors)")
        // A layer that needs images, on rows: the build error names the layer.
        let flat = synapse("train", "--data", folder + "/images.csv", "--target", "label",
                           "--layers", "zeropad2d:1,flatten,dense:2:softmax", "--out", folder + "/run")
        #expect(flat.status != 0 && flat.errors.contains("zero_padding2d"), "\(flat.errors)")
    }
}

@Suite struct RecurrentLayerSpecTests {
    @Test func recurrentKindsParse() throws {
        #expect(try LayerSpec.items("lstm:50:relu,dense:1") == [
            .recurrent(kind: "lstm", units: 50, activation: .relu, returnSequences: false, bidirectional: false), .dense(units: 1, activation: .linear)])
        #expect(try LayerSpec.items("gru:8:seq") == [.recurrent(kind: "gru", units: 8, activation: .tanh, returnSequences: true, bidirectional: false)])
        #expect(try LayerSpec.items("bilstm:4:tanh:seq") == [.recurrent(kind: "lstm", units: 4, activation: .tanh, returnSequences: true, bidirectional: true)])
        #expect(try LayerSpec.items("embedding:100:8:maskzero") == [.embedding(inputDim: 100, outputDim: 8, maskZero: true)])
        let layers = try LayerSpec.parse("embedding:10:4,simplernn:3,bigru:2")
        #expect(layers[0] is Embedding && layers[1] is SimpleRNN && layers[2] is Bidirectional)
    }

    @Test(arguments: ["lstm", "lstm:x", "lstm:4:softmax", "lstm:4:relu:relu", "gru:4:seq:seq:seq", "embedding:10", "embedding:10:4:yes"])
    func badRecurrentSpecsAreErrors(_ spec: String) {
        #expect(throws: (any Error).self) { try LayerSpec.items(spec) }
    }
}

// docs/NN.md's snippets (custom training step, functional model, subclassed model), run as
// written (DocSnippetCheck compares each with its test).

import Foundation
import Testing
import Synapse

@Suite struct NNDocTests {
    final class ResidualClassifier: Model {
        let hidden = Dense(8, activation: .tanh)
        let residual = Dense(8, activation: .tanh)
        let output = Dense(1, activation: .sigmoid)

        override func call(_ x: Tensor, training: Bool) -> Tensor {
            let h = hidden(x, training: training)
            return output(h + residual(h, training: training), training: training)
        }
    }

    @Test func theSubclassedModelSnippetTrains() throws {
        Random.seed(11)
        let x = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1]), y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        let model = ResidualClassifier(name: "residual")
        try model.compile(optimizer: Adam(learningRate: 0.05), loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: x, y: y, epochs: 300, batchSize: 4, verbose: 0)
        #expect(history.history["accuracy"]!.last! == 1)
        #expect(try model.evaluate(x: x, y: y)["accuracy"] == 1)
        // The layers it holds are found and built from the first call; a subclass has no config to save.
        #expect(model.layers.count == 3 && model.weights.count == 6 && model.outputShape == [1])
        #expect(throws: SynapseError.self) { try model.save(to: FileManager.default.temporaryDirectory.path + "/residual.safetensors") }
    }

    @Test func theFunctionalSnippetTrains() throws {
        let xa = Tensor.randomUniform([32, 4], lower: -1, upper: 1, seed: 2), xb = Tensor.randomUniform([32, 3], lower: -1, upper: 1, seed: 3)
        let price = xa.sum(alongAxes: [1], keepingDims: true), kind = Tensor(shape: [32, 1], scalars: (0..<32).map { Float($0 % 3) })
        let a = Input(shape: [4], name: "a"), b = Input(shape: [3], name: "b")
        let ha = Dense(8, activation: .relu, name: "dense_a")(a)
        let hb = Dense(8, activation: .relu, name: "dense_b")(b)
        let shared = Dense(8, activation: .tanh, name: "shared")
        let merged = Add(name: "add")([ha, hb])
        let skip = Add(name: "skip")([merged, shared(shared(merged))])   // one layer called twice
        let model = try Model(inputs: [a, b], outputs: [Dense(1, name: "price")(skip),
                                                        Dense(3, activation: .softmax, name: "kind")(skip)])
        try model.compile(optimizer: "adam", loss: ["price": "mse", "kind": "sparse_categorical_crossentropy"],
                          lossWeights: ["price": 1, "kind": 0.5], metrics: ["kind": ["accuracy"]])
        let history = try model.fit(x: ["a": xa, "b": xb], y: ["price": price, "kind": kind], epochs: 20, verbose: 0)
        print(history.history.keys.sorted())  // kind_accuracy, kind_loss, learning_rate, loss, price_loss
        let outputs = try model.predict([xa, xb])                                  // [price, kind]
        model.summary()                                                             // with "Connected to"

        #expect(history.history.keys.sorted() == ["kind_accuracy", "kind_loss", "learning_rate", "loss", "price_loss"])
        #expect(outputs.map(\.shape) == [[32, 1], [32, 3]])
    }

    @Test func theModelSnippetsOnThePageAreTheTestsBodies() throws {
        let page = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/NN.md"), encoding: .utf8)
        let source = DocSnippetCheck.sourceLines(try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8))
        for marker in ["shared(shared(merged))", "final class ResidualClassifier"] {
            let snippet = try #require(LearnDocTests.snippets(in: page).first { $0.contains { $0.contains(marker) } })
            let missing = DocSnippetCheck.firstMissingLine(snippet, in: source)
            #expect(missing == nil, "docs/NN.md's snippet and this test differ at `\(missing ?? "")`")
        }
    }

    @Test func theCustomModelSnippetTrains() throws {
        // y = x₁² − x₂ on 64 random points, fitted with a training step written by hand.
        let x = Tensor.randomUniform([64, 2], lower: -1, upper: 1, seed: 1)
        let y = x.slice(0..<1, alongAxis: 1).squared() - x.slice(1..<2, alongAxis: 1)
        let a = Dense(units: 8), head = Dense(units: 1)
        let optimizer = Adam(learningRate: 0.01)
        for _ in 0..<300 {
            let loss = MeanSquaredError()(y, head(relu(a(x))))
            let weights = a.weights + head.weights
            optimizer.apply(gradients(of: loss, wrt: weights.map(\.value)), to: weights)
        }
        print(MeanSquaredError()(y, head(relu(a(x)))))      // far below y's variance

        let variance = Double(y.variance(alongAxes: 0, 1).scalar)
        #expect(Double(MeanSquaredError()(y, head(relu(a(x)))).scalar) < variance / 5)
    }

    @Test func theSnippetOnThePageIsTheTestsBody() throws {
        for file in ["docs/NN.md", "README.md"] {
            let page = try String(contentsOf: repositoryRoot.appendingPathComponent(file), encoding: .utf8)
            let snippet = try #require(LearnDocTests.snippets(in: page).first { $0.contains { $0.contains("head(relu(a(x)))") } }, "\(file)")
            let source = DocSnippetCheck.sourceLines(try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8))
            let missing = DocSnippetCheck.firstMissingLine(snippet, in: source)
            #expect(missing == nil, "\(file)'s snippet and this test differ at `\(missing ?? "")`")
        }
    }
}

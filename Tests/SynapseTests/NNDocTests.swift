// docs/NN.md's custom-model snippet, run as written (DocSnippetCheck compares the two).

import Foundation
import Testing
import Synapse

@Suite struct NNDocTests {
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
        let page = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/NN.md"), encoding: .utf8)
        let snippet = try #require(LearnDocTests.snippets(in: page).first { $0.contains { $0.contains("head(relu(a(x)))") } })
        let source = DocSnippetCheck.sourceLines(try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8))
        let missing = DocSnippetCheck.firstMissingLine(snippet, in: source)
        #expect(missing == nil, "docs/NN.md's snippet and this test differ at `\(missing ?? "")`")
    }
}

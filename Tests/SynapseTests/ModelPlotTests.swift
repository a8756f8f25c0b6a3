import Foundation
import Testing
import Synapse

/// plot(model): Keras's plot_model as SVG — a box per layer, an arrow per value read.
@Suite struct ModelPlotTests {
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aFunctionalGraphHasABoxPerLayerAndAnArrowPerInput() throws {
        let a = Input(shape: [4], name: "in_a"), b = Input(shape: [3], name: "in_b")
        let ha = Dense(5, name: "dense_a")(a), hb = Dense(5, name: "dense_b")(b)
        let shared = Dense(5, activation: .tanh, name: "shared")
        let sum = Add(name: "sum")([ha, hb])
        let skip = Add(name: "skip")([sum, shared(shared(sum))])
        let model = try Model(inputs: [a, b], outputs: [Dense(1, name: "reg")(skip), Dense(2, name: "cls")(skip)], name: "graph")
        let svg = plot(model).svg
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        for name in ["in_a (InputLayer)", "dense_a (Dense)", "sum (Add)", "shared (Dense)", "skip (Add)", "reg (Dense)", "cls (Dense)"] {
            #expect(svg.contains(name), "\(name)")
        }
        #expect(ModelPlotTests.count("class=\"layer\"", in: svg) == 9)
        // in_a→dense_a, in_b→dense_b, dense_a→sum, dense_b→sum, sum→shared, shared→shared (a loop),
        // sum→skip, shared→skip, skip→reg, skip→cls.
        #expect(ModelPlotTests.count("class=\"edge\"", in: svg) == 10)
        #expect(ModelPlotTests.count("<path class=\"edge\"", in: svg) == 1)
        #expect(svg.contains("output: (None, 5)"))
    }

    @Test func aSequentialModelIsAChainAndTheFileIsWritten() throws {
        let model = Sequential(name: "chain") { Input(shape: [3]); Dense(4, activation: .relu); Dense(1) }
        let drawing = plot(model, showShapes: false)
        #expect(ModelPlotTests.count("class=\"layer\"", in: drawing.svg) == 3 && ModelPlotTests.count("class=\"edge\"", in: drawing.svg) == 2)
        #expect(!drawing.svg.contains("output:"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID()).svg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try drawing.writeSVG(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == drawing.svg)
    }
}

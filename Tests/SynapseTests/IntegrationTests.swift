import Foundation
import Testing
import Synapse

/// The modules working together, as a user of `import Synapse` sees them.
@Suite struct IntegrationTests {
    /// Keras's TimeseriesGenerator feeds fit directly: a linear model learns to predict the next
    /// value of a ramp from the two before it.
    @Test func timeseriesWindowsFeedFit() throws {
        let series = Tensor.linspace(0, 1, count: 40).reshaped(to: [40, 1])
        let windows = try TimeseriesGenerator(data: series, targets: series, length: 2, batchSize: 8)
        let model = Sequential(seed: 1) {
            Input(shape: [2, 1])
            Flatten()
            Dense(1)
        }
        try model.compile(optimizer: Adam(learningRate: 0.05), loss: "mse")
        let history = try model.fit(windows, epochs: 60, verbose: 0)
        let losses = history.history["loss"]!
        #expect(losses.last! < losses.first! / 10)
        #expect(losses.last! < 1e-3)
    }
}

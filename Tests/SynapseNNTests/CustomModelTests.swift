import Testing
@testable import SynapseNN

/// The custom-model path: compose layers by hand and write the training step with the autodiff.
@Suite struct CustomModelTests {
    /// A two-branch model Sequential cannot express: y = head(relu(a(x)) + tanh(b(x))).
    final class TwoBranch {
        let a = Dense(units: 8, seed: 1), b = Dense(units: 8, seed: 2), head = Dense(units: 1, seed: 3)
        func callAsFunction(_ x: Tensor) -> Tensor { head(relu(a(x)) + tanh(b(x))) }
        var weights: [Weight] { a.weights + b.weights + head.weights }
    }

    @Test func handWrittenTrainingStepLearnsARegression() {
        let x = Tensor(shape: [32, 2], scalars: (0..<64).map { Float($0 % 9) / 9 - 0.5 })
        let y = (x.slice(0..<1, alongAxis: 1) * 2 - x.slice(1..<2, alongAxis: 1)).squared()
        let model = TwoBranch()
        _ = model(x)   // builds the layers
        let optimizer = Adam(learningRate: 0.02)
        let mse = MeanSquaredError()
        var losses: [Float] = []
        for _ in 0..<300 {
            let loss = mse(y, model(x))
            let grads = gradients(of: loss, wrt: model.weights.map(\.value))
            optimizer.apply(grads, to: model.weights)
            losses.append(loss.scalar)
        }
        #expect(losses.last! < losses.first! / 10, "\(losses.first!) → \(losses.last!)")
    }
}

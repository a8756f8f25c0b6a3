import Foundation
import Testing
@testable import SynapseNN

/// Each optimizer against a hand computation of two steps of Keras's update rule on one weight
/// w₀ = [1, −2] with the gradients g₁ = [0.5, −1] and g₂ = [0.25, 0.5] (as if from the loss).
@Suite struct OptimizerTests {
    static let w0: [Double] = [1, -2]
    static let g: [[Double]] = [[0.5, -1], [0.25, 0.5]]

    /// Runs two steps and returns the weight.
    static func run(_ optimizer: Optimizer) -> [Float] {
        let weight = Weight(name: "w", value: Tensor(w0))
        for grad in g { optimizer.apply([Tensor(grad)], to: [weight]) }
        return weight.value.scalars
    }

    static func expectClose(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-5,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        for (a, e) in zip(actual, expected) {
            #expect(Swift.abs(Double(a) - e) <= tolerance * Swift.max(1, Swift.abs(e)), "\(actual) vs \(expected)",
                    sourceLocation: sourceLocation)
        }
    }

    /// Applies an elementwise rule with state to both elements for both steps.
    static func manual(_ step: (Int, Double, Double, inout [Double]) -> Double, slots: Int, initial: Double = 0) -> [Double] {
        (0..<2).map { i in
            var w = w0[i]
            var state = [Double](repeating: initial, count: slots)
            for t in 1...2 { w = step(t, w, g[t - 1][i], &state) }
            return w
        }
    }

    @Test func sgd() {
        // w ← w − η g
        Self.expectClose(Self.run(SGD(learningRate: 0.1)), Self.manual({ _, w, g, _ in w - 0.1 * g }, slots: 0))
        // m ← μm − ηg; w ← w + m
        Self.expectClose(Self.run(SGD(learningRate: 0.1, momentum: 0.9)), Self.manual({ _, w, g, s in
            s[0] = 0.9 * s[0] - 0.1 * g; return w + s[0] }, slots: 1))
        // Nesterov: w ← w + μm − ηg
        Self.expectClose(Self.run(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)), Self.manual({ _, w, g, s in
            s[0] = 0.9 * s[0] - 0.1 * g; return w + 0.9 * s[0] - 0.1 * g }, slots: 1))
    }

    @Test func rmsprop() {
        // v ← ρv + (1 − ρ)g²; w ← w − ηg/√(v + ε)
        Self.expectClose(Self.run(RMSprop(learningRate: 0.01)), Self.manual({ _, w, g, s in
            s[0] = 0.9 * s[0] + 0.1 * g * g; return w - 0.01 * g / (s[0] + 1e-7).squareRoot() }, slots: 1))
        // centered with momentum: a ← ρa + (1 − ρ)g; Δ = ηg/√(v − a² + ε); m ← μm + Δ; w ← w − m
        Self.expectClose(Self.run(RMSprop(learningRate: 0.01, momentum: 0.5, centered: true)), Self.manual({ _, w, g, s in
            s[0] = 0.9 * s[0] + 0.1 * g * g
            s[1] = 0.9 * s[1] + 0.1 * g
            s[2] = 0.5 * s[2] + 0.01 * g / (s[0] - s[1] * s[1] + 1e-7).squareRoot()
            return w - s[2] }, slots: 3), tolerance: 1e-4)
    }

    @Test func adam() {
        // α = η√(1 − β₂ᵗ)/(1 − β₁ᵗ); m ← m + (g − m)(1 − β₁); v ← v + (g² − v)(1 − β₂); w ← w − αm/(√v + ε)
        Self.expectClose(Self.run(Adam(learningRate: 0.1)), Self.manual({ t, w, g, s in
            let alpha = 0.1 * (1 - pow(0.999, Double(t))).squareRoot() / (1 - pow(0.9, Double(t)))
            s[0] += (g - s[0]) * 0.1
            s[1] += (g * g - s[1]) * 0.001
            return w - alpha * s[0] / (s[1].squareRoot() + 1e-7) }, slots: 2))
    }

    @Test func adamW() {
        // w ← w − ηλw, then Adam.
        Self.expectClose(Self.run(AdamW(learningRate: 0.1, weightDecay: 0.5)), Self.manual({ t, w, g, s in
            let decayed = w - 0.1 * 0.5 * w
            let alpha = 0.1 * (1 - pow(0.999, Double(t))).squareRoot() / (1 - pow(0.9, Double(t)))
            s[0] += (g - s[0]) * 0.1
            s[1] += (g * g - s[1]) * 0.001
            return decayed - alpha * s[0] / (s[1].squareRoot() + 1e-7) }, slots: 2))
    }

    @Test func adagrad() {
        // a ← a + g² (a₀ = 0.1); w ← w − ηg/√(a + ε)
        Self.expectClose(Self.run(Adagrad(learningRate: 0.1)), Self.manual({ _, w, g, s in
            s[0] += g * g; return w - 0.1 * g / (s[0] + 1e-7).squareRoot() }, slots: 1, initial: 0.1))
    }

    @Test func adadelta() {
        // a ← ρa + (1 − ρ)g²; Δ = −√(d + ε) g/√(a + ε); d ← ρd + (1 − ρ)Δ²; w ← w + ηΔ
        Self.expectClose(Self.run(Adadelta(learningRate: 1)), Self.manual({ _, w, g, s in
            s[0] = 0.95 * s[0] + 0.05 * g * g
            let delta = -(s[1] + 1e-7).squareRoot() * g / (s[0] + 1e-7).squareRoot()
            s[1] = 0.95 * s[1] + 0.05 * delta * delta
            return w + delta }, slots: 2), tolerance: 1e-4)
    }

    @Test func adamax() {
        // m ← m + (g − m)(1 − β₁); u ← max(β₂u, |g|); w ← w − ηm/((1 − β₁ᵗ)(u + ε))
        Self.expectClose(Self.run(Adamax(learningRate: 0.1)), Self.manual({ t, w, g, s in
            s[0] += (g - s[0]) * 0.1
            s[1] = Swift.max(0.999 * s[1], Swift.abs(g))
            return w - 0.1 * s[0] / ((1 - pow(0.9, Double(t))) * (s[1] + 1e-7)) }, slots: 2))
    }

    @Test func nadam() {
        // μₜ = β₁(1 − ½·0.96^(0.004t)); Πₜ = μ₁⋯μₜ
        // m̂ = μₜ₊₁m/(1 − Πₜμₜ₊₁) + (1 − μₜ)g/(1 − Πₜ); v̂ = v/(1 − β₂ᵗ); w ← w − ηm̂/(√v̂ + ε)
        func mu(_ t: Int) -> Double { 0.9 * (1 - 0.5 * pow(0.96, Double(t) * 0.004)) }
        Self.expectClose(Self.run(Nadam(learningRate: 0.1)), Self.manual({ t, w, g, s in
            let product = (1...t).reduce(1.0) { $0 * mu($1) }
            s[0] += (g - s[0]) * 0.1
            s[1] += (g * g - s[1]) * 0.001
            let mHat = mu(t + 1) * s[0] / (1 - product * mu(t + 1)) + (1 - mu(t)) * g / (1 - product)
            let vHat = s[1] / (1 - pow(0.999, Double(t)))
            return w - 0.1 * mHat / (vHat.squareRoot() + 1e-7) }, slots: 2), tolerance: 1e-4)
    }

    @Test func kerasDefaultsByName() throws {
        let adam = try "adam".makeOptimizer() as! Adam
        #expect(adam.learningRate == 0.001 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-7)
        #expect((try "sgd".makeOptimizer()).learningRate == 0.01)
        #expect((try "adamw".makeOptimizer() as! AdamW).weightDecay == 0.004)
        #expect((try "adagrad".makeOptimizer() as! Adagrad).initialAccumulatorValue == 0.1)
        #expect(throws: SynapseError.self) { try "adamm".makeOptimizer() }
    }

    @Test func clipping() {
        // clipnorm 0.5 on g₁ = [0.5, −1] (‖g‖ = √1.25) scales it to norm 0.5.
        let weight = Weight(name: "w", value: Tensor(Self.w0))
        SGD(learningRate: 1, clipnorm: 0.5).apply([Tensor([0.5, -1] as [Float])], to: [weight])
        let s = 0.5 / 1.25.squareRoot()
        Self.expectClose(weight.value.scalars, [1 - 0.5 * s, -2 + s])
        let clipped = Weight(name: "c", value: Tensor(Self.w0))
        SGD(learningRate: 1, clipvalue: 0.6).apply([Tensor([0.5, -1] as [Float])], to: [clipped])
        Self.expectClose(clipped.value.scalars, [0.5, -1.4])
        // global_clipnorm 1 over two weights with norms 3 and 4 (global 5): each scaled by 1/5.
        let (a, b) = (Weight(name: "a", value: Tensor([0] as [Float])), Weight(name: "b", value: Tensor([0] as [Float])))
        SGD(learningRate: 1, globalClipnorm: 1).apply([Tensor([3] as [Float]), Tensor([4] as [Float])], to: [a, b])
        Self.expectClose(a.value.scalars + b.value.scalars, [-0.6, -0.8])
    }

    @Test func schedules() {
        let e = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        #expect(Swift.abs(e(step: 5) - 0.1 * Float(pow(0.5, 0.5))) < 1e-7)
        #expect(ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true)(step: 15) == 0.05)
        let p = PiecewiseConstantDecay(boundaries: [10, 20], values: [1, 0.5, 0.1])
        #expect(p(step: 10) == 1 && p(step: 11) == 0.5 && p(step: 25) == 0.1)
        let c = CosineDecay(initialLearningRate: 1, decaySteps: 10, alpha: 0.1)
        #expect(Swift.abs(c(step: 5) - 0.55) < 1e-6 && Swift.abs(c(step: 20) - 0.1) < 1e-6)
        // The optimizer reads the schedule at its step count (0 for the first update).
        let sgd = SGD(learningRate: 1)
        sgd.schedule = p
        #expect(sgd.currentLearningRate == 1)
    }

    @Test func denormalStateIsFlushedToZero() {
        let weight = Weight(name: "w", value: Tensor([0] as [Float]))
        let adam = Adam()
        adam.apply([Tensor([1e-30] as [Float])], to: [weight])
        // v = 0.001·g² = 1e-63 underflows; m = 0.1·g = 1e-31 is a normal float and stays.
        let state = adam.stateTensors()
        #expect(state["w/v"]?.scalars == [0])
        #expect(state["w/m"]!.scalars[0] > 0)
        adam.apply([Tensor([1e-38] as [Float])], to: [weight])
        #expect(adam.stateTensors()["w/m"]!.scalars[0].isNormal || adam.stateTensors()["w/m"]!.scalars[0] == 0)
    }
}

import Foundation
import Testing
@testable import SynapseNN

/// What the Keras fixtures do not cover: defaults by name and the flushing of denormal slots.
/// Every update rule, option and schedule is checked against Keras 3 itself in
/// KerasOptimizerParityTests (keras_numerics.json).
@Suite struct OptimizerTests {
    @Test func kerasDefaultsByName() throws {
        let adam = try "adam".makeOptimizer() as! Adam
        #expect(adam.learningRate == 0.001 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-7)
        #expect((try "sgd".makeOptimizer()).learningRate == 0.01)
        #expect((try "adamw".makeOptimizer() as! AdamW).weightDecay == 0.004)
        #expect((try "adagrad".makeOptimizer() as! Adagrad).initialAccumulatorValue == 0.1)
        #expect(throws: SynapseError.self) { try "adamm".makeOptimizer() }
        // A configuration without weight_decay keeps AdamW's default; every optimizer takes one.
        #expect(try makeOptimizer(config: ["name": "adamw"]).weightDecay == 0.004)
        #expect(try makeOptimizer(config: ["name": "nadam", "weight_decay": 0.1]).weightDecay == 0.1)
        #expect(try makeOptimizer(config: ["name": "sgd", "weight_decay": .null]).weightDecay == nil)
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

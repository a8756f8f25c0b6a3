import Testing
@testable import SynapseTensor

/// `Tensor.recurrent`: finite-difference gradient checks through time for every cell, over
/// sequences of 1, 2 and 7 steps, with and without returned sequences, backwards, masks,
/// recurrent dropout, initial states and returned states. (Its outputs are checked against
/// Keras in SynapseNNTests/KerasRNNParityTests.)
@Suite struct RecurrentTests {
    static let cells: [RecurrentCell] = [.simple, .lstm, .gru(resetAfter: true), .gru(resetAfter: false)]

    static func input(_ shape: [Int], seed: UInt64, scale: Float = 0.5) -> Tensor {
        GradientCheckTests.input(shape, seed: seed) * scale
    }

    /// Weights for `cell` with `features` inputs and `units` units.
    static func weights(_ cell: RecurrentCell, features: Int, units: Int, seed: UInt64) -> [Tensor] {
        let g = cell.gateCount
        return [input([features, g * units], seed: seed), input([units, g * units], seed: seed + 1),
                input(cell.biasShape(units: units), seed: seed + 2, scale: 0.2)]
    }

    /// Output and states flattened into one vector, for the checker.
    static func packed(_ result: (output: Tensor, states: [Tensor])) -> Tensor {
        Tensor.concatenate([result.output.reshaped(to: [-1])] + result.states.map { $0.reshaped(to: [-1]) })
    }

    struct Case: CustomStringConvertible, Sendable {
        var cell: RecurrentCell
        var steps: Int
        var sequences = false, backwards = false, masked = false, dropout = false, initial = false, states = false
        var activation: FusedActivation = .tanh
        var description: String {
            "\(cell) T=\(steps)" + (sequences ? " seq" : "") + (backwards ? " back" : "") + (masked ? " mask" : "")
                + (dropout ? " dropout" : "") + (initial ? " h0" : "") + (states ? " states" : "") + " \(activation)"
        }
    }

    static let checks: [Case] = cells.flatMap { cell in
        [1, 2, 7].map { Case(cell: cell, steps: $0) } + [
            Case(cell: cell, steps: 7, sequences: true),
            Case(cell: cell, steps: 7, sequences: true, backwards: true),
            Case(cell: cell, steps: 7, sequences: true, masked: true),
            Case(cell: cell, steps: 7, backwards: true, masked: true),
            Case(cell: cell, steps: 2, dropout: true),
            Case(cell: cell, steps: 7, initial: true, states: true),
            Case(cell: cell, steps: 7, sequences: true, states: true, activation: .sigmoid),
        ]
    }

    @Test(arguments: checks) func gradientThroughTime(_ c: Case) {
        let (n, d, u) = (2, 3, 4)
        let x = Self.input([n, c.steps, d], seed: 1)
        var inputs = [x] + Self.weights(c.cell, features: d, units: u, seed: 10)
        if c.initial {
            inputs += (0..<c.cell.stateCount).map { Self.input([n, u], seed: 20 + UInt64($0)) }
        }
        // Row 0 skips its first step, row 1 its last (when there are two or more).
        let mask: Tensor? = c.masked ? Tensor(shape: [n, c.steps], scalars: (0..<(n * c.steps)).map { i in
            let (row, t) = (i / c.steps, i % c.steps)
            return (row == 0 && t == 0) || (row == 1 && t == c.steps - 1) ? 0 : 1
        }) : nil
        let dropout: Tensor? = c.dropout ? Tensor(shape: [n, u], scalars: (0..<(n * u)).map { $0 % 3 == 0 ? 0 : 1.5 }) : nil
        let options = RecurrentOptions(activation: c.activation, returnSequences: c.sequences, goBackwards: c.backwards,
                                       returnStates: c.states)
        let result = gradientCheck(at: inputs, mode: .relative) { t in
            Self.packed(Tensor.recurrent(c.cell, input: t[0], kernel: t[1], recurrentKernel: t[2], bias: t[3],
                                         initialStates: Array(t.dropFirst(4)), mask: mask, recurrentDropoutMask: dropout,
                                         options: options))
        }
        #expect(result.passed, "\(c): \(result)")
    }

    /// A masked step repeats the previous output and leaves the state alone: a sequence with
    /// padding at its end ends in the same state as the sequence cut before the padding.
    @Test(arguments: cells) func paddingAtTheEndChangesNothing(_ cell: RecurrentCell) {
        let (d, u) = (3, 4)
        let w = Self.weights(cell, features: d, units: u, seed: 30)
        let x = Self.input([1, 5, d], seed: 31)
        let cut = x.slice(0..<3, alongAxis: 1)
        let mask = Tensor(shape: [1, 5], scalars: [1, 1, 1, 0, 0])
        let options = RecurrentOptions(returnSequences: true, returnStates: true)
        let padded = Tensor.recurrent(cell, input: x, kernel: w[0], recurrentKernel: w[1], bias: w[2], mask: mask, options: options)
        let plain = Tensor.recurrent(cell, input: cut, kernel: w[0], recurrentKernel: w[1], bias: w[2], options: options)
        #expect(padded.states.map(\.scalars) == plain.states.map(\.scalars))
        let outputs = padded.output.scalars
        #expect(Array(outputs[(2 * u)..<(3 * u)]) == Array(outputs[(4 * u)..<(5 * u)]))
    }

    /// Going backwards is running forwards over the reversed sequence.
    @Test(arguments: cells) func goBackwardsIsTheReversedSequence(_ cell: RecurrentCell) {
        let w = Self.weights(cell, features: 2, units: 3, seed: 40)
        let x = Self.input([2, 6, 2], seed: 41)
        let reversed = Tensor.concatenate((0..<6).reversed().map { x.slice($0..<($0 + 1), alongAxis: 1) }, alongAxis: 1)
        let a = Tensor.recurrent(cell, input: x, kernel: w[0], recurrentKernel: w[1], bias: w[2],
                                 options: RecurrentOptions(returnSequences: true, goBackwards: true))
        let b = Tensor.recurrent(cell, input: reversed, kernel: w[0], recurrentKernel: w[1], bias: w[2],
                                 options: RecurrentOptions(returnSequences: true))
        #expect(a.output.scalars == b.output.scalars)
    }
}

// A small seeded random number generator (SplitMix64) and a Fisher–Yates shuffle on top of it,
// so a split or a shuffle with the same seed gives the same rows on every machine and Swift
// version (the standard library's `shuffle` may change its algorithm). Numbers differ from
// NumPy's, so the same seed does not pick the same rows as scikit-learn.

/// SplitMix64: state += 0x9E3779B97F4A7C15, then two xor-shift-multiply rounds.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire's method).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Fisher–Yates: for i from n-1 down to 1, swap a[i] with a[j], j uniform in 0...i.
    mutating func shuffle<T>(_ a: inout [T]) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
    }
}

/// The generator for a seed, or a randomly seeded one when nil.
func makeGenerator(_ seed: UInt64?) -> SeededGenerator {
    var system = SystemRandomNumberGenerator()
    return SeededGenerator(seed: seed ?? system.next())
}

/// Rows `indices` of a tensor along its first axis.
func gatherRows(_ t: Tensor, _ indices: [Int]) -> Tensor {
    let rowSize = t.shape.dropFirst().reduce(1, *)
    var scalars = [Float]()
    scalars.reserveCapacity(indices.count * rowSize)
    let s = t.scalars
    for i in indices { scalars.append(contentsOf: s[(i * rowSize)..<((i + 1) * rowSize)]) }
    return Tensor(shape: [indices.count] + t.shape.dropFirst(), scalars: scalars)
}

// Seeded random numbers: the one source of randomness for initialisation, shuffling and dropout.
//
// The generator is xoshiro256** (Blackman & Vigna), seeded through SplitMix64 so that nearby
// seeds give unrelated streams. Uniform floats take the top 24 bits of a draw, so every value is
// an exact multiple of 2⁻²⁴ in [0, 1). Normal draws use the Box–Muller transform in Double.
// The same seed gives the same numbers on every machine.

import Foundation

/// A fast, seedable random number generator (xoshiro256**).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform float in [0, 1).
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A draw from the standard normal distribution.
    public mutating func nextNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // Box–Muller: two uniforms give two independent normals; keep the second for next time.
        var u1: Double
        repeat { u1 = Double(next() >> 11) * 0x1p-53 } while u1 == 0
        let u2 = Double(next() >> 11) * 0x1p-53
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        spareNormal = Float(radius * Foundation.sin(2 * .pi * u2))
        return Float(radius * Foundation.cos(2 * .pi * u2))
    }

    private var spareNormal: Float?
}

extension SeededGenerator {
    /// A uniform integer in 0..<bound, without modulo bias (Lemire's multiply-and-reject).
    public mutating func nextInt(below bound: Int) -> Int {
        require(bound > 0, "nextInt(below:) needs a positive bound")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// Shuffles `elements` in place (Fisher–Yates: for i from n − 1 down to 1, swap element i
    /// with a uniform j in 0...i). Our own loop, so a seed gives the same order on every Swift
    /// version, which the standard library's `shuffle` does not promise.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, nextInt(below: i + 1))
        }
    }
}

/// The global generator used when no generator or seed is passed.
public enum Random {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var generator = SeededGenerator(seed: 0)

    /// Reseeds the global generator (as `keras.utils.set_random_seed` or `torch.manual_seed`).
    public static func seed(_ seed: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        generator = SeededGenerator(seed: seed)
    }

    /// Runs `body` with exclusive use of the global generator.
    public static func withGlobalGenerator<R>(_ body: (inout SeededGenerator) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&generator)
    }

    /// A fresh generator seeded from the global one: independent streams for independent uses.
    public static func makeGenerator() -> SeededGenerator {
        withGlobalGenerator { SeededGenerator(seed: $0.next()) }
    }
}

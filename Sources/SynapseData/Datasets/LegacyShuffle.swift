// NumPy's legacy `np.random.RandomState(seed).shuffle(list)`: the Mersenne Twister MT19937
// seeded by init_genrand, and a Fisher–Yates pass from the end that draws each index j ≤ i by
// masked rejection (the smallest all-ones mask ≥ i, 32-bit words, redrawn while above i).
// Keras shuffles an image folder's file list this way before splitting off the validation part,
// so reproducing it gives the same training and validation files as Keras for the same seed.

/// MT19937 as NumPy's RandomState seeds and draws it.
struct NumPyRandomState {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    mutating func nextUInt32() -> UInt32 {
        if index >= 624 {
            for i in 0..<624 {
                let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
                state[i] = state[(i + 397) % 624] ^ (y >> 1) ^ (y & 1 == 1 ? 0x9908_B0DF : 0)
            }
            index = 0
        }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// A uniform integer in 0...max (NumPy's random_interval, for max below 2³²).
    mutating func interval(_ max: Int) -> Int {
        guard max > 0 else { return 0 }
        var mask = UInt32(max)
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let value = nextUInt32() & mask
            if value <= UInt32(max) { return Int(value) }
        }
    }

    /// Shuffles `items` in place as RandomState.shuffle does.
    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            items.swapAt(i, interval(i))
        }
    }
}

import CSynapseKernels
import Foundation
import XCTest

/// The C kernels of CSynapseKernels: exp, log, tanh and sigmoid within 2 ulp of Foundation's
/// Double functions on a sweep of the whole float range, exact at the special values; the other
/// kernels equal to plain Swift loops (odd lengths, in place); sums deterministic.
/// (scripts/test-kernels.sh runs a denser sweep and checks that all CPU versions agree.)
final class VectorMathTests: XCTestCase {
    // MARK: Helpers

    /// Floats as integers in the order of their values (-0 and +0 adjacent).
    static func ordered(_ x: Float) -> Int64 {
        let bits = Int32(bitPattern: x.bitPattern)
        return bits < 0 ? Int64(Int32.min) - Int64(bits) : Int64(bits)
    }

    /// Distance in ulps; two NaNs are equal, NaN against a number is infinitely far.
    static func ulps(_ a: Float, _ b: Float) -> Int64 {
        if a.isNaN && b.isNaN { return 0 }
        if a.isNaN || b.isNaN { return .max }
        return abs(ordered(a) - ordered(b))
    }

    /// Bitwise equality, every NaN equal to every NaN.
    static func same(_ a: Float, _ b: Float) -> Bool {
        (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
    }

    /// Inputs spread over the whole float range by bit pattern, [-1, 1] more densely, and runs
    /// of consecutive floats around the edges where the formulas switch or results overflow.
    static let sweep: [Float] = {
        var xs: [Float] = []
        var b: UInt64 = 0
        while b < 1 << 32 { xs.append(Float(bitPattern: UInt32(b))); b += 16411 }
        var c: UInt32 = 0
        while c <= 0x3f80_0000 {
            xs.append(Float(bitPattern: c)); xs.append(Float(bitPattern: c | 0x8000_0000)); c += 16381
        }
        let edges: [Float] = [
            88.72283, -87.33655, -103.97208, 0.625, 0.000_244_140_625, 1, 9, 0.5, 2, 20,
            Float.leastNormalMagnitude, Float.greatestFiniteMagnitude, 1e-30, -17, -88.7,
        ]
        for e in edges {
            for s: Float in [1, -1] {
                var x = s * e
                for _ in 0..<1024 { x = x.nextDown }
                for _ in 0..<2048 { xs.append(x); x = x.nextUp }
            }
        }
        return xs
    }()

    typealias Kernel = (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void

    static func apply(_ kernel: Kernel, _ x: [Float]) -> [Float] {
        var y = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in kernel(xp.baseAddress, yp.baseAddress, x.count) }
        }
        return y
    }

    static func applyInPlace(_ kernel: Kernel, _ x: [Float]) -> [Float] {
        var y = x
        y.withUnsafeMutableBufferPointer { p in kernel(p.baseAddress, p.baseAddress, p.count) }
        return y
    }

    static func sigmoidReference(_ x: Float) -> Float {
        let d = Double(x)
        return Float(d >= 0 ? 1 / (1 + Foundation.exp(-d)) : Foundation.exp(d) / (1 + Foundation.exp(d)))
    }

    static let transcendental: [(name: String, kernel: Kernel, reference: (Float) -> Float)] = [
        ("exp", { syn_exp($0, $1, $2) }, { Float(Foundation.exp(Double($0))) }),
        ("log", { syn_log($0, $1, $2) }, { Float(Foundation.log(Double($0))) }),
        ("tanh", { syn_tanh($0, $1, $2) }, { Float(Foundation.tanh(Double($0))) }),
        ("sigmoid", { syn_sigmoid($0, $1, $2) }, sigmoidReference),
    ]

    /// A reproducible generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform(_ lo: Float, _ hi: Float) -> Float {
            lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
        }
        mutating func array(_ n: Int, _ lo: Float = -10, _ hi: Float = 10) -> [Float] {
            (0..<n).map { _ in uniform(lo, hi) }
        }
    }

    static let lengths = [0, 1, 7, 15, 17, 1000, 4099]

    // MARK: Accuracy

    func testTranscendentalWithinTwoUlps() {
        let xs = Self.sweep
        for f in Self.transcendental {
            let ys = Self.apply(f.kernel, xs)
            var worst: Int64 = 0
            var worstX: Float = 0
            for (x, y) in zip(xs, ys) {
                let d = Self.ulps(y, f.reference(x))
                if d > worst { worst = d; worstX = x }
            }
            XCTAssertLessThanOrEqual(worst, 2, "\(f.name): \(worst) ulp at x = \(worstX) over \(xs.count) inputs")
            // In place gives the same bits.
            let inPlace = Self.applyInPlace(f.kernel, xs)
            XCTAssertTrue(zip(ys, inPlace).allSatisfy { Self.same($0, $1) }, "\(f.name) in place")
        }
    }

    func testSpecialValues() {
        let inf = Float.infinity, nan = Float.nan
        let sub = Float.leastNonzeroMagnitude, fmin = Float.leastNormalMagnitude
        let cases: [(String, Kernel, [(Float, Float)])] = [
            ("exp", { syn_exp($0, $1, $2) }, [
                (0, 1), (-0.0, 1), (inf, inf), (-inf, 0), (nan, nan), (sub, 1), (-sub, 1),
                (88.72283172607421875, 0x1.ffff08p+127),  // largest x with a finite result
                (88.72283935546875, inf), (89, inf), (1000, inf), (Float.greatestFiniteMagnitude, inf),
                (-87.33654, 0x1.00004cp-126), (-87.3365478515625, 0x1.ffff98p-127),  // FLT_MIN edge
                (-100, 0x1.bp-145),  // subnormal result
                (-103.9720764160156, sub), (-103.9720840454102, 0), (-104, 0), (-1000, 0),
            ]),
            ("log", { syn_log($0, $1, $2) }, [
                (1, 0), (0, -inf), (-0.0, -inf), (-1, nan), (-sub, nan), (-inf, nan), (inf, inf),
                (nan, nan), (Float.greatestFiniteMagnitude, 0x1.62e43p+6), (fmin, -0x1.5d58ap+6),
                (sub, -0x1.9d1dap+6), (0x1p-140, -0x1.842994p+6),  // subnormal inputs
            ]),
            ("tanh", { syn_tanh($0, $1, $2) }, [
                (0, 0), (-0.0, -0.0), (sub, sub), (-sub, -sub), (1e-30, 1e-30), (-1e-30, -1e-30),
                (inf, 1), (-inf, -1), (nan, nan), (9, 0x1.fffffep-1), (10, 1), (-10, -1), (100, 1),
                (Float.greatestFiniteMagnitude, 1), (-Float.greatestFiniteMagnitude, -1),
            ]),
            ("sigmoid", { syn_sigmoid($0, $1, $2) }, [
                (0, 0.5), (-0.0, 0.5), (inf, 1), (-inf, 0), (nan, nan), (20, 1), (1000, 1),
                (-100, 0x1.bp-145), (-103, sub), (-104, 0), (-1000, 0),
                (Float.greatestFiniteMagnitude, 1), (-Float.greatestFiniteMagnitude, 0),
            ]),
        ]
        for (name, kernel, pairs) in cases {
            let ys = Self.apply(kernel, pairs.map(\.0))
            for ((x, expected), y) in zip(pairs, ys) {
                XCTAssertTrue(Self.same(y, expected), "\(name)(\(x)) = \(y), expected \(expected)")
            }
        }
        // Pin the hand-written expectations to the Double reference too.
        for x: Float in [88.72283172607421875, -87.33654, -87.3365478515625, -100, -103.9720764160156] {
            XCTAssertEqual(Float(Foundation.exp(Double(x))).bitPattern, Self.apply({ syn_exp($0, $1, $2) }, [x])[0].bitPattern)
        }
    }

    // MARK: Elementwise kernels against Swift loops

    func testUnaryKernelsMatchSwiftLoops() {
        var rng = Random(state: 1)
        let a: Float = 1.75, b: Float = -0.3, s: Float = 2.5
        let cases: [(String, Kernel, (Float) -> Float)] = [
            ("relu", { syn_relu($0, $1, $2) }, { $0.isNaN ? $0 : ($0 > 0 ? $0 : 0) }),
            ("axpb", { syn_axpb($0, a, b, $1, $2) }, { a * $0 + b }),
            ("add_scalar", { syn_add_scalar($0, s, $1, $2) }, { $0 + s }),
            ("sub_scalar", { syn_sub_scalar($0, s, $1, $2) }, { $0 - s }),
            ("mul_scalar", { syn_mul_scalar($0, s, $1, $2) }, { $0 * s }),
            ("div_scalar", { syn_div_scalar($0, s, $1, $2) }, { $0 / s }),
            ("rsub_scalar", { syn_rsub_scalar($0, s, $1, $2) }, { s - $0 }),
            ("rdiv_scalar", { syn_rdiv_scalar($0, s, $1, $2) }, { s / $0 }),
        ]
        for n in Self.lengths {
            var x = rng.array(n)
            if n >= 7 { x[1] = .nan; x[2] = -0.0; x[3] = 0; x[4] = .infinity; x[5] = -.infinity }
            for (name, kernel, reference) in cases {
                let expected = x.map(reference)
                let y = Self.apply(kernel, x), inPlace = Self.applyInPlace(kernel, x)
                XCTAssertTrue(zip(y, expected).allSatisfy { Self.same($0, $1) }, "\(name), n = \(n)")
                XCTAssertTrue(zip(inPlace, expected).allSatisfy { Self.same($0, $1) }, "\(name) in place, n = \(n)")
            }
        }
        // relu keeps NaN (as PyTorch) and maps -0 to +0.
        let r = Self.apply({ syn_relu($0, $1, $2) }, [.nan, -0.0, -1, 2])
        XCTAssertTrue(r[0].isNaN)
        XCTAssertEqual(r[1].bitPattern, Float(0).bitPattern)
        XCTAssertEqual(Array(r[2...]), [0, 2])
    }

    typealias Binary = (UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void

    func testBinaryKernelsMatchSwiftLoops() {
        var rng = Random(state: 2)
        let cases: [(String, Binary, (Float, Float) -> Float)] = [
            ("add", { syn_add($0, $1, $2, $3) }, { $0 + $1 }),
            ("sub", { syn_sub($0, $1, $2, $3) }, { $0 - $1 }),
            ("mul", { syn_mul($0, $1, $2, $3) }, { $0 * $1 }),
            ("div", { syn_div($0, $1, $2, $3) }, { $0 / $1 }),
            ("relu_backward", { syn_relu_backward($0, $1, $2, $3) }, { g, x in x > 0 ? g : 0 }),
            ("sigmoid_backward", { syn_sigmoid_backward($0, $1, $2, $3) }, { g, y in g * y * (1 - y) }),
            ("tanh_backward", { syn_tanh_backward($0, $1, $2, $3) }, { g, y in g * (1 - y * y) }),
        ]
        for n in Self.lengths {
            let a = rng.array(n)
            var b = rng.array(n, -1, 1)
            if n >= 7 { b[1] = .nan; b[2] = -0.0; b[3] = 0 }
            for (name, kernel, reference) in cases {
                let check = { (y: [Float], expected: [Float], how: String) in
                    XCTAssertTrue(zip(y, expected).allSatisfy { Self.same($0, $1) }, "\(name) \(how), n = \(n)")
                }
                // Separate output.
                var y = [Float](repeating: 0, count: n)
                kernel(a, b, &y, n)
                check(y, zip(a, b).map(reference), "separate")
                // y == a.
                var ya = a
                ya.withUnsafeMutableBufferPointer { p in kernel(p.baseAddress, b, p.baseAddress, n) }
                check(ya, zip(a, b).map(reference), "in place (y = a)")
                // y == b.
                var yb = b
                yb.withUnsafeMutableBufferPointer { p in kernel(a, p.baseAddress, p.baseAddress, n) }
                check(yb, zip(a, b).map(reference), "in place (y = b)")
                // y == a == b.
                var yab = a
                yab.withUnsafeMutableBufferPointer { p in kernel(p.baseAddress, p.baseAddress, p.baseAddress, n) }
                check(yab, a.map { reference($0, $0) }, "in place (y = a = b)")
                // a == b, separate output.
                var y2 = [Float](repeating: 0, count: n)
                kernel(b, b, &y2, n)
                check(y2, b.map { reference($0, $0) }, "a = b")
            }
        }
    }

    // MARK: Sums

    func testSumIsDeterministicAndAccurate() {
        var rng = Random(state: 3)
        XCTAssertEqual(syn_sum([], 0), 0)
        for n in Self.lengths + [100_003, 1 << 20] {
            let x = rng.array(n, -100, 1000)
            let s = syn_sum(x, n)
            let reference = x.reduce(0.0) { $0 + Double($1) }
            let magnitude = x.reduce(0.0) { $0 + abs(Double($1)) }
            XCTAssertLessThanOrEqual(abs(s - reference), 1e-12 * max(magnitude, 1), "n = \(n)")
            // The same bits every call and from every CPU version (those this CPU lacks run
            // the baseline one); the fixed order of 16 accumulators is what the result is.
            XCTAssertEqual(syn_sum(x, n).bitPattern, s.bitPattern)
            for isa: Int32 in 0...2 { XCTAssertEqual(syn_sum_isa(x, n, isa).bitPattern, s.bitPattern, "isa \(isa), n = \(n)") }
            var acc = [Double](repeating: 0, count: 16)
            for (i, v) in x.enumerated() { acc[i % 16] += Double(v) }
            var w = 8
            while w >= 1 { for k in 0..<w { acc[k] += acc[k + w] }; w /= 2 }
            XCTAssertEqual(acc[0].bitPattern, s.bitPattern, "the documented order, n = \(n)")
        }
        print("CSynapseKernels version on this CPU: \(syn_kernels_isa()) (2 AVX-512F, 1 AVX2, 0 baseline)")
    }

    func testRowAndColumnSums() {
        var rng = Random(state: 4)
        for (rows, cols) in [(0, 5), (3, 0), (1, 1), (7, 17), (5, 1000), (33, 300), (300, 3)] {
            let x = rng.array(rows * cols)
            var y = [Float](repeating: -1, count: rows)
            syn_sum_rows(x, &y, rows, cols)
            for r in 0..<rows {
                let row = x[(r * cols)..<((r + 1) * cols)]
                XCTAssertEqual(y[r], Float(row.reduce(0.0) { $0 + Double($1) }), accuracy: 1e-6 * Float(cols), "row \(r) of \(rows)x\(cols)")
            }
            let start = rng.array(cols)
            var c = start
            syn_sum_cols_accumulate(x, &c, rows, cols)
            for j in 0..<cols {
                var s = Double(start[j])
                for r in 0..<rows { s += Double(x[r * cols + j]) }
                XCTAssertEqual(c[j], Float(s), accuracy: 1e-6 * Float(rows + 1), "column \(j) of \(rows)x\(cols)")
            }
        }
    }

    // MARK: Softmax

    static func softmaxReference(_ row: [Float]) -> [Float] {
        let m = row.max() ?? 0
        let e = row.map { Foundation.exp(Double($0) - Double(m)) }
        let s = e.reduce(0, +)
        return e.map { Float($0 / s) }
    }

    func testSoftmaxRows() {
        var rng = Random(state: 5)
        for (rows, cols) in [(1, 1), (3, 7), (5, 17), (2, 1000), (4, 4099), (0, 3), (3, 0)] {
            let x = rng.array(rows * cols, -20, 20)
            var y = [Float](repeating: 0, count: x.count)
            syn_softmax_rows(x, &y, rows, cols)
            var inPlace = x
            inPlace.withUnsafeMutableBufferPointer { p in syn_softmax_rows(p.baseAddress, p.baseAddress, rows, cols) }
            XCTAssertTrue(zip(y, inPlace).allSatisfy { Self.same($0, $1) }, "in place \(rows)x\(cols)")
            for r in 0..<rows {
                let expected = Self.softmaxReference(Array(x[(r * cols)..<((r + 1) * cols)]))
                for j in 0..<cols {
                    let got = y[r * cols + j], want = expected[j]
                    XCTAssertEqual(got, want, accuracy: 1e-6 * max(want, 1e-3), "\(rows)x\(cols) [\(r), \(j)]")
                }
            }
        }
        // Special rows, as PyTorch: NaN or +inf anywhere, or all -inf, gives a row of NaN.
        let inf = Float.infinity
        let rows: [([Float], [Float])] = [
            ([0, -inf, 0], [0.5, 0, 0.5]),
            ([1000, 1000], [0.5, 0.5]),
            ([-1000, -1000, -1000, -1000], [0.25, 0.25, 0.25, 0.25]),
            ([-inf, -inf], [.nan, .nan]),
            ([1, .nan, 2], [.nan, .nan, .nan]),
            ([inf, 1], [.nan, .nan]),
            ([7], [1]),
        ]
        for (row, expected) in rows {
            var y = [Float](repeating: 0, count: row.count)
            syn_softmax_rows(row, &y, 1, row.count)
            XCTAssertTrue(zip(y, expected).allSatisfy { Self.same($0, $1) }, "softmax \(row) = \(y)")
        }
    }
}

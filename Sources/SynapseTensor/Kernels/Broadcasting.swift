// Broadcasting (NumPy's rule) and the strided loops that every elementwise kernel runs on.
//
// Two shapes broadcast when, aligned at their last dimension, each pair of sizes is equal or
// one of them is 1; the result takes the larger size, and missing leading dimensions count as 1.
// An operand is read with stride 0 along the dimensions where it is broadcast, so one loop
// serves every case. Before looping, adjacent dimensions that all operands traverse
// contiguously are merged ("coalesced"), so a bias added to a [batch, features] matrix runs as
// one outer loop over rows and one inner loop over features.

extension Tensor {
    /// The shape that `a` and `b` broadcast to, or a `SynapseError.shapeMismatch` naming both.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        guard let shape = broadcastShapeIfPossible(a, b) else {
            throw SynapseError.shapeMismatch("shapes \(a) and \(b) cannot be broadcast together")
        }
        return shape
    }

    static func broadcastShapeIfPossible(_ a: [Int], _ b: [Int]) -> [Int]? {
        if a == b { return a }
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                return nil
            }
        }
        return result
    }

    static func broadcastShape(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
        guard let shape = broadcastShapeIfPossible(a, b) else {
            fatalError("\(operation): shapes \(a) and \(b) cannot be broadcast together")
        }
        return shape
    }
}

/// When `small` is `large`'s trailing dimensions (leading dimensions of `small` missing or 1,
/// and at least one dimension of `large` left over), the number of elements of that trailing
/// block: the row length m of a [n, m] matrix to which a row vector broadcasts.
@inline(__always)
func trailingBlock(_ small: [Int], of large: [Int]) -> Int? {
    var k = 0
    while k < small.count && small[k] == 1 { k += 1 }
    let tail = small.count - k
    guard tail > 0, tail < large.count else { return nil }
    var m = 1
    for i in 0..<tail {
        let d = small[small.count - 1 - i]
        guard d == large[large.count - 1 - i] else { return nil }
        m *= d
    }
    return m > 0 ? m : nil
}

/// Row-major strides of a contiguous tensor.
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var step = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = step
        step *= shape[i]
    }
    return strides
}

/// Strides for reading a contiguous tensor of shape `shape` as if it had the (broadcast)
/// shape `target`: 0 along broadcast dimensions.
func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let offset = target.count - shape.count
    return (0..<target.count).map { i in
        i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
    }
}

/// A loop nest over `shape` reading several operands with their own strides, with adjacent
/// dimensions merged where every operand allows it.
struct StridedLoop {
    private(set) var shape: [Int]
    private(set) var strides: [[Int]]

    init(shape: [Int], strides: [[Int]]) {
        // Drop size-1 dimensions, then merge neighbours that are contiguous for every operand.
        var dims: [(size: Int, strides: [Int])] = []
        for i in shape.indices where shape[i] != 1 {
            let s = strides.map { $0[i] }
            if let last = dims.last,
               zip(last.strides, s).allSatisfy({ outer, inner in outer == inner * shape[i] }) {
                dims[dims.count - 1] = (last.size * shape[i], s)
            } else {
                dims.append((shape[i], s))
            }
        }
        if dims.isEmpty { dims = [(1, strides.map { _ in 0 })] }
        self.shape = dims.map(\.size)
        self.strides = (0..<strides.count).map { k in dims.map { $0.strides[k] } }
    }

    /// Calls `body(offsets, innerCount, innerStrides)` once per row of the innermost dimension,
    /// with the flat offset of the row's first element in each operand.
    @inline(__always)
    func forEachRow(_ body: (_ offsets: UnsafeMutableBufferPointer<Int>, _ count: Int, _ innerStrides: [Int]) -> Void) {
        let rank = shape.count
        let operands = strides.count
        let inner = strides.map { $0[rank - 1] }
        let innerCount = shape[rank - 1]
        var index = [Int](repeating: 0, count: rank)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: operands) { offsets in
            offsets.initialize(repeating: 0)
            let rows = shape.dropLast().reduce(1, *)
            for _ in 0..<rows {
                body(offsets, innerCount, inner)
                // Advance the outer index like an odometer, updating the offsets incrementally.
                var axis = rank - 2
                while axis >= 0 {
                    index[axis] += 1
                    for k in 0..<operands { offsets[k] += strides[k][axis] }
                    if index[axis] < shape[axis] { break }
                    for k in 0..<operands { offsets[k] -= strides[k][axis] * shape[axis] }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
    }
}

/// The smallest number of elements an elementwise kernel splits across threads: below it, waking
/// a second thread costs more than it saves (measured in docs/BENCHMARKS.md).
let elementwiseGrain = 1 << 15

extension Tensor {
    /// Applies `f` to every element.
    @inline(__always)
    func map(_ f: (Float) -> Float) -> Tensor {
        let x = base
        return Tensor.make(shape: shape) { y in
            let y = y.baseAddress!
            Parallel.forEach(count: count, grain: elementwiseGrain) { range in
                for i in range { y[i] = f(x[i]) }
            }
        }
    }

    /// Applies `f` to pairs of elements of two same-shaped tensors.
    @inline(__always)
    func zipMap(_ other: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        require(shape == other.shape, "zipMap: shapes \(shape) and \(other.shape) differ")
        let (a, b) = (base, other.base)
        return Tensor.make(shape: shape) { y in
            let y = y.baseAddress!
            Parallel.forEach(count: count, grain: elementwiseGrain) { range in
                for i in range { y[i] = f(a[i], b[i]) }
            }
        }
    }

    /// Applies `f` to the broadcast pairs of elements of `a` and `b`.
    @inline(__always)
    static func broadcastMap(_ a: Tensor, _ b: Tensor, operation: String,
                             _ f: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape { return a.zipMap(b, f) }
        let shape = broadcastShape(a.shape, b.shape, operation: operation)
        if b.count == 1 && shape == a.shape {
            let s = b[flat: 0]
            return a.map { f($0, s) }
        }
        if a.count == 1 && shape == b.shape {
            let s = a[flat: 0]
            return b.map { f(s, $0) }
        }
        if shape.contains(0) { return Tensor.zeros(shape) }
        // A row vector against a matrix (a bias added to a batch): no loop nest to build.
        if shape == a.shape, let m = trailingBlock(b.shape, of: shape) {
            let (x, z) = (a.base, b.base)
            return Tensor.make(shape: shape) { y in
                let y = y.baseAddress!
                for row in stride(from: 0, to: a.count, by: m) {
                    for j in 0..<m { y[row + j] = f(x[row + j], z[j]) }
                }
            }
        }
        if shape == b.shape, let m = trailingBlock(a.shape, of: shape) {
            let (x, z) = (a.base, b.base)
            return Tensor.make(shape: shape) { y in
                let y = y.baseAddress!
                for row in stride(from: 0, to: b.count, by: m) {
                    for j in 0..<m { y[row + j] = f(x[j], z[row + j]) }
                }
            }
        }
        let loop = StridedLoop(shape: shape, strides: [
            broadcastStrides(a.shape, to: shape), broadcastStrides(b.shape, to: shape), contiguousStrides(shape),
        ])
        let (x, z) = (a.base, b.base)
        return Tensor.make(shape: shape) { y in
            let y = y.baseAddress!
            loop.forEachRow { offsets, count, inner in
                let (sa, sb) = (inner[0], inner[1])
                let (a, b, out) = (x + offsets[0], z + offsets[1], y + offsets[2])
                // Unit and zero strides get their own loops, which the compiler vectorises.
                switch (sa, sb) {
                case (1, 1): for i in 0..<count { out[i] = f(a[i], b[i]) }
                case (1, 0): let bv = b[0]; for i in 0..<count { out[i] = f(a[i], bv) }
                case (0, 1): let av = a[0]; for i in 0..<count { out[i] = f(av, b[i]) }
                default: for i in 0..<count { out[i] = f(a[i * sa], b[i * sb]) }
                }
            }
        }
    }

    /// Sums a gradient of a broadcast result back to the shape of the operand that was broadcast.
    func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        if count == 0 { return Tensor.zeros(target) }
        // The common cases without building a loop nest: everything to one number, a matrix to
        // its trailing row (a bias's gradient), a matrix to its row sums.
        let targetCount = target.reduce(1, *)
        if targetCount == 1 { return Tensor(shape: target, repeating: Float(sumOfElements())) }
        if let m = trailingBlock(target, of: shape) {
            return Tensor(shape: target, storage: columnSums(rows: count / m, cols: m))
        }
        if target.count == rank, target.last == 1, Array(target.dropLast()) == Array(shape.dropLast()) {
            return Tensor(shape: target, storage: rowSums(rows: targetCount, cols: shape[rank - 1]))
        }
        let loop = StridedLoop(shape: shape, strides: [contiguousStrides(shape), broadcastStrides(target, to: shape)])
        // The common cases run vectorised, split across threads, in an order that does not
        // depend on the thread count: everything to one number; [n, m] to [m] (a bias's
        // gradient); [n, m] to [n] (row sums).
        if loop.shape.count == 1 && loop.strides[1] == [0] && loop.strides[0] == [1] {
            return Tensor(shape: target, repeating: Float(sumOfElements()))
        }
        if loop.shape.count == 2 && loop.strides[0] == [loop.shape[1], 1] {
            let (n, m) = (loop.shape[0], loop.shape[1])
            if loop.strides[1] == [0, 1] { return Tensor(shape: target, storage: columnSums(rows: n, cols: m)) }
            if loop.strides[1] == [1, 0] { return Tensor(shape: target, storage: rowSums(rows: n, cols: m)) }
        }
        let x = base
        let result = Tensor(shape: target, repeating: 0)
        let y = result.base
        loop.forEachRow { offsets, count, inner in
            let (sx, sy) = (inner[0], inner[1])
            let (source, sink) = (x + offsets[0], y + offsets[1])
            if sy == 0 {
                var sum: Float = 0
                for i in 0..<count { sum += source[i * sx] }
                sink[0] += sum
            } else if sx == 1 && sy == 1 {
                for i in 0..<count { sink[i] += source[i] }
            } else {
                for i in 0..<count { sink[i * sy] += source[i * sx] }
            }
        }
        return result
    }
}

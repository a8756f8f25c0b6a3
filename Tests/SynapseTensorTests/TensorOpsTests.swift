import Testing
@testable import SynapseTensor

@Suite struct BroadcastingTests {
    @Test func shapesBroadcastAsInNumPy() throws {
        #expect(try Tensor.broadcastShape([3, 1], [4]) == [3, 4])
        #expect(try Tensor.broadcastShape([2, 1, 5], [3, 1]) == [2, 3, 5])
        #expect(try Tensor.broadcastShape([], [2, 2]) == [2, 2])
        #expect(throws: SynapseError.shapeMismatch("shapes [3, 2] and [3] cannot be broadcast together")) {
            try Tensor.broadcastShape([3, 2], [3])
        }
    }

    @Test func rowVectorAddsToEveryRow() {
        let m: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(m + Tensor([10, 20, 30]) == [[11, 22, 33], [14, 25, 36]])
    }

    @Test func columnVectorAddsToEveryColumn() {
        let m: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(m * Tensor([[2], [3]]) == [[2, 4, 6], [12, 15, 18]])
    }

    @Test func columnTimesRowIsAnOuterProduct() {
        let column: Tensor = [[1], [2], [3]]
        let row: Tensor = [10, 20]
        #expect(column * row == [[10, 20], [20, 40], [30, 60]])
        #expect(row - column == [[9, 19], [8, 18], [7, 17]])
    }

    @Test func middleAxisBroadcastInRankThree() {
        let x = Tensor.arange(0, 12).reshaped(to: [2, 3, 2])
        let y = Tensor(shape: [2, 1, 2], scalars: [100, 200, 300, 400])
        let sum = x + y
        #expect(sum.shape == [2, 3, 2])
        #expect(sum.scalars == [100, 201, 102, 203, 104, 205, 306, 407, 308, 409, 310, 411])
    }

    @Test func scalarsAndRankZeroTensors() {
        let x: Tensor = [1, 2]
        #expect(x + 1 == [2, 3])
        #expect(2 * x == [2, 4])
        #expect(1 / Tensor([2, 4]) == [0.5, 0.25])
        #expect(x / Tensor(2) == [0.5, 1])
        #expect(Tensor(3) - x == [2, 1])
    }

    @Test func broadcastToRepeats() {
        #expect(Tensor([1, 2]).broadcast(to: [2, 2]) == [[1, 2], [1, 2]])
    }
}

@Suite struct ElementwiseTests {
    @Test func mathFunctionsMatchFoundation() {
        let x: Tensor = [0.5, 1, 2]
        #expect(exp(x).isApproximatelyEqual(to: Tensor([1.6487213, 2.7182817, 7.389056])))
        #expect(log(x).isApproximatelyEqual(to: Tensor([-0.6931472, 0, 0.6931472])))
        #expect(sqrt(Tensor([4, 9])) == [2, 3])
        #expect(abs(Tensor([-1, 2])) == [1, 2])
        #expect(pow(Tensor([2, 3]), 2) == [4, 9])
        #expect(clip(Tensor([-2, 0.5, 3]), min: 0, max: 1) == [0, 0.5, 1])
    }

    @Test func activationsOfTheSeed() {
        let x: Tensor = [-2, 0, 3]
        #expect(relu(x) == [0, 0, 3])
        #expect(leakyRelu(x, alpha: 0.1).isApproximatelyEqual(to: Tensor([-0.2, 0, 3])))
        #expect(sigmoid(x).isApproximatelyEqual(to: Tensor([0.11920292, 0.5, 0.95257413])))
        #expect(tanh(x).isApproximatelyEqual(to: Tensor([-0.9640276, 0, 0.9950548])))
    }

    @Test func sigmoidDoesNotOverflow() {
        let y = sigmoid(Tensor([-1000, 1000]))
        #expect(y == [0, 1])
    }

    @Test func softmaxIsStableAndSumsToOne() {
        let x: Tensor = [[1000, 1001, 1002], [-5, 0, 5]]
        let y = softmax(x)
        #expect(y.scalars.allSatisfy { $0.isFinite })
        #expect(y.sum(alongAxes: 1).isApproximatelyEqual(to: Tensor([1, 1])))
        #expect(y[0].isApproximatelyEqual(to: Tensor([0.09003057, 0.24472847, 0.66524096])))
        #expect(logSoftmax(x).isApproximatelyEqual(to: log(y), tolerance: 1e-5))
        #expect(softmax(x, alongAxis: 0).sum(alongAxes: 0).isApproximatelyEqual(to: Tensor([1, 1, 1])))
    }

    @Test func comparisonsAndWhere() {
        let a: Tensor = [1, 2, 3], b: Tensor = [3, 2, 1]
        #expect((a .> b) == [0, 0, 1])
        #expect((a .<= b) == [1, 1, 0])
        #expect((a .== b) == [0, 1, 0])
        #expect((a .!= 2) == [1, 0, 1])
        #expect(Tensor.where(a .> b, a, b) == [3, 2, 3])
        #expect(maximum(a, b) == [3, 2, 3])
        #expect(minimum(a, Tensor(2)) == [1, 2, 2])
    }
}

@Suite struct ReductionTests {
    let x = Tensor.arange(0, 24).reshaped(to: [2, 3, 4])

    @Test func sumOverEachAxis() {
        #expect(x.sum().scalar == 276)
        #expect(x.sum(alongAxes: 0) == Tensor(shape: [3, 4], scalars: (0..<12).map { Float(2 * $0 + 12) }))
        #expect(x.sum(alongAxes: 1) == [[12, 15, 18, 21], [48, 51, 54, 57]])
        #expect(x.sum(alongAxes: 2) == [[6, 22, 38], [54, 70, 86]])
        #expect(x.sum(alongAxes: -1, keepingDims: true).shape == [2, 3, 1])
        #expect(x.sum(alongAxes: 0, 2) == [60, 92, 124])
    }

    @Test func meanVarianceAndStandardDeviation() {
        let m: Tensor = [[1, 2, 3, 4], [2, 4, 6, 8]]
        #expect(m.mean(alongAxes: 1) == [2.5, 5])
        #expect(m.mean().scalar == 3.75)
        #expect(m.variance(alongAxes: 1) == [1.25, 5])
        #expect(m.variance(alongAxes: 1, correction: 1).isApproximatelyEqual(to: Tensor([1.6666666, 6.6666665])))
        #expect(m.standardDeviation(alongAxes: 1).isApproximatelyEqual(to: Tensor([1.118034, 2.236068])))
        #expect(m.variance(alongAxes: 0, keepingDims: true) == [[0.25, 1, 2.25, 4]])
    }

    @Test func extremesAndTheirIndices() {
        let m: Tensor = [[3, 9, 1], [7, 2, 8]]
        #expect(m.max().scalar == 9)
        #expect(m.min().scalar == 1)
        #expect(m.max(alongAxes: 0) == [7, 9, 8])
        #expect(m.min(alongAxes: 1) == [1, 2])
        #expect(m.argmax(alongAxis: 1) == [1, 2])
        #expect(m.argmin(alongAxis: 0) == [0, 1, 0])
        #expect(m.argmax().scalar == 1)
        #expect(Tensor([5, 5, 1]).argmax().scalar == 0)   // first occurrence wins ties
        #expect(Tensor([1, .nan, 3]).max().scalar.isNaN)   // NaN propagates, as in NumPy
    }
}

@Suite struct ShapeTests {
    let x = Tensor.arange(0, 24).reshaped(to: [2, 3, 4])

    @Test func reshapeInfersOneDimensionAndRoundTrips() {
        #expect(x.reshaped(to: [4, -1]).shape == [4, 6])
        #expect(x.reshaped(to: [-1]).reshaped(to: [2, 3, 4]) == x)
        #expect(x.flattened().shape == [24])
    }

    @Test func transposeAndPermuteRoundTrip() {
        let m: Tensor = [[1, 2, 3], [4, 5, 6]]
        #expect(m.transposed() == [[1, 4], [2, 5], [3, 6]])
        #expect(m.transposed().transposed() == m)
        let p = x.permuted([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        #expect(p[index: 3, 1, 2] == x[index: 1, 2, 3])
        #expect(p.permuted([1, 2, 0]) == x)
    }

    @Test func expandAndSqueeze() {
        #expect(x.expandingShape(at: 0).shape == [1, 2, 3, 4])
        #expect(x.expandingShape(at: -1).shape == [2, 3, 4, 1])
        #expect(Tensor.zeros([1, 3, 1]).squeezingShape().shape == [3])
        #expect(Tensor.zeros([1, 3, 1]).squeezingShape(at: 2).shape == [1, 3])
    }

    @Test func slicingAndGathering() {
        #expect(x[1] == Tensor.arange(12, 24).reshaped(to: [3, 4]))
        #expect(x[0..<1].shape == [1, 3, 4])
        #expect(x.slice(1..<3, alongAxis: 2)[index: 1, 2, 0] == 21)
        let rows: Tensor = [[1, 2], [3, 4], [5, 6]]
        #expect(rows.gathering([2, 0, 2]) == [[5, 6], [1, 2], [5, 6]])
        #expect(rows[-1] == [5, 6])
    }

    @Test func concatenateStackAndPad() {
        let a: Tensor = [[1, 2]], b: Tensor = [[3, 4], [5, 6]]
        #expect(Tensor.concatenate([a, b]) == [[1, 2], [3, 4], [5, 6]])
        #expect(Tensor.concatenate([b, b], alongAxis: 1) == [[3, 4, 3, 4], [5, 6, 5, 6]])
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])], alongAxis: 1) == [[1, 3], [2, 4]])
        #expect(a.padded([(1, 0), (0, 1)], value: 9) == [[9, 9, 9], [1, 2, 9]])
    }

    @Test func nestedLiteralsAndDescriptions() {
        let m = Tensor([[1, 2], [3, 4]])
        #expect(m.shape == [2, 2])
        #expect(m.description == "[[1. 2.]\n [3. 4.]]")
        #expect(Tensor([0.5, -1.25]).description == "[  0.5 -1.25]")
        #expect(Tensor([1e-6, 1]).description == "[1.0000e-06 1.0000e+00]")
        #expect(Tensor(2).description == "2.")
        #expect(Tensor.zeros([2, 1, 2]).description == "[[[0. 0.]]\n\n [[0. 0.]]]")
        #expect(Tensor.arange(0, 2000).description == "[   0.    1.    2. ... 1997. 1998. 1999.]")
    }
}

@Suite struct MatMulTests {
    /// The textbook triple loop, to check the BLAS path against.
    static func naive(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        var c = [Float](repeating: 0, count: m * n)
        let (a, b) = (a.scalars, b.scalars)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] } } }
        return Tensor(shape: [m, n], scalars: c)
    }

    @Test func matchesTheTripleLoop() {
        let a = Tensor.randomNormal([17, 33], seed: 1), b = Tensor.randomNormal([33, 9], seed: 2)
        #expect(a.matmul(b).isApproximatelyEqual(to: Self.naive(a, b), tolerance: 1e-5))
        #expect(Tensor.matmul(a.transposed(), b, transposeA: true, transposeB: false)
            .isApproximatelyEqual(to: Self.naive(a, b), tolerance: 1e-5))
        #expect(Tensor.matmul(a, b.transposed(), transposeA: false, transposeB: true)
            .isApproximatelyEqual(to: Self.naive(a, b), tolerance: 1e-5))
    }

    @Test func batchedAndBroadcastBatches() {
        let a = Tensor.randomNormal([3, 4, 5], seed: 3), b = Tensor.randomNormal([3, 5, 2], seed: 4)
        let c = a.matmul(b)
        #expect(c.shape == [3, 4, 2])
        for i in 0..<3 { #expect(c[i].isApproximatelyEqual(to: Self.naive(a[i], b[i]), tolerance: 1e-5)) }
        let shared = Tensor.randomNormal([5, 2], seed: 5)
        let d = a.matmul(shared)
        for i in 0..<3 { #expect(d[i].isApproximatelyEqual(to: Self.naive(a[i], shared), tolerance: 1e-5)) }
        let left = Tensor.randomNormal([4, 5], seed: 6)
        let e = left.matmul(b)
        for i in 0..<3 { #expect(e[i].isApproximatelyEqual(to: Self.naive(left, b[i]), tolerance: 1e-5)) }
    }

    @Test func emptyInnerDimensionGivesZeros() {
        #expect(Tensor.zeros([2, 0]).matmul(Tensor.zeros([0, 3])) == Tensor.zeros([2, 3]))
    }
}

@Suite struct CreationTests {
    @Test func constantsRangesAndIdentity() {
        #expect(Tensor.zeros([2]) == [0, 0])
        #expect(Tensor.ones([1, 2]) == [[1, 1]])
        #expect(Tensor.full([2], 7) == [7, 7])
        #expect(Tensor.arange(0, 1, step: 0.25) == [0, 0.25, 0.5, 0.75])
        #expect(Tensor.arange(5, 0, step: -2) == [5, 3, 1])
        #expect(Tensor.linspace(0, 1, count: 5) == [0, 0.25, 0.5, 0.75, 1])
        #expect(Tensor.eye(2) == [[1, 0], [0, 1]])
    }

    @Test func seededDrawsAreBitForBitRepeatable() {
        #expect(Tensor.randomNormal([100], seed: 42) == Tensor.randomNormal([100], seed: 42))
        #expect(Tensor.randomNormal([100], seed: 42) != Tensor.randomNormal([100], seed: 43))
        Random.seed(7)
        let first = Tensor.randomUniform([50])
        Random.seed(7)
        #expect(Tensor.randomUniform([50]) == first)
        for initializer in Initializer.allCases {
            #expect(initializer.make([4, 3], seed: 9) == initializer.make([4, 3], seed: 9))
        }
    }

    @Test func drawsHaveTheAskedMoments() {
        let u = Tensor.randomUniform([20_000], lower: -1, upper: 3, seed: 1)
        #expect(u.min().scalar >= -1 && u.max().scalar < 3)
        #expect(Swift.abs(u.mean().scalar - 1) < 0.05)
        let n = Tensor.randomNormal([20_000], mean: 2, standardDeviation: 0.5, seed: 2)
        #expect(Swift.abs(n.mean().scalar - 2) < 0.02)
        #expect(Swift.abs(n.standardDeviation().scalar - 0.5) < 0.02)
    }

    @Test func initializersUseKerasFans() {
        #expect(Initializer.fans([30, 15]) == (30, 15))
        #expect(Initializer.fans([4, 4, 1, 32]) == (16, 512))
        let glorot = Initializer.glorotUniform.make([30, 15], seed: 3)
        let limit = (6.0 / 45.0).squareRoot()
        #expect(glorot.scalars.allSatisfy { Swift.abs(Double($0)) <= limit })
        let he = Initializer.heNormal.make([200, 100], seed: 4)
        // Truncated at 2σ' with σ' = √(2/200)/0.8796: every |w| ≤ 2σ', and the std is √(2/200).
        #expect(he.scalars.allSatisfy { Swift.abs($0) <= 2 * 0.1 / 0.8796 + 1e-6 })
        #expect(Swift.abs(he.standardDeviation().scalar - 0.1) < 0.005)
    }

    @Test func orthogonalMatricesAreOrthogonal() {
        for shape in [[6, 6], [8, 3], [3, 8]] {
            let q = Initializer.orthogonal.make(shape, seed: 5)
            let gram = shape[0] >= shape[1] ? q.transposed().matmul(q) : q.matmul(q.transposed())
            #expect(gram.isApproximatelyEqual(to: Tensor.eye(Swift.min(shape[0], shape[1])), tolerance: 1e-5))
        }
    }
}

@Suite struct EmptyTensorTests {
    @Test func emptyTensorsBroadcastAndReduce() {
        let empty = Tensor.zeros([0, 3])
        #expect((empty + Tensor([1, 2, 3])).shape == [0, 3])
        #expect(empty.sum(alongAxes: 0) == [0, 0, 0])
        #expect(empty.sum().scalar == 0)
        #expect(Tensor.concatenate([empty, Tensor([[1, 2, 3]])]) == [[1, 2, 3]])
    }
}

@Suite struct ShuffleTests {
    @Test func shuffleIsASeededPermutation() {
        var a = Array(0..<100), b = Array(0..<100)
        var g1 = SeededGenerator(seed: 3), g2 = SeededGenerator(seed: 3)
        g1.shuffle(&a)
        g2.shuffle(&b)
        #expect(a == b)
        #expect(a != Array(0..<100))
        #expect(a.sorted() == Array(0..<100))
    }

    @Test func boundedIntegersStayInRangeAndCoverIt() {
        var g = SeededGenerator(seed: 4)
        let draws = (0..<1000).map { _ in g.nextInt(below: 7) }
        #expect(draws.allSatisfy { (0..<7).contains($0) })
        #expect(Set(draws).count == 7)
    }
}

/// The row-vector fast path of + gives what the general broadcast gives, shapes included.
@Suite struct RowVectorAddTests {
    @Test func rowVectorsBroadcastAsNumPy() {
        let a = Tensor.randomNormal([4, 3], seed: 1)
        for b in [Tensor([1, 2, 3]), Tensor([[1, 2, 3]]), Tensor([[[1, 2, 3]]])] {
            let y = a + b, z = b + a
            let expected = Tensor.broadcastMap(a, b, operation: "+") { $0 + $1 }
            #expect(y == expected && z == expected, "\(b.shape) -> \(y.shape)")
        }
        #expect((a + Tensor([[[1, 2, 3]]])).shape == [1, 4, 3])
    }
}

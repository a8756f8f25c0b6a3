import Testing
@testable import SynapseTensor

/// Tensor.embeddingLookup: rows of a table picked by ids, and the scatter-add of its backward.
@Suite struct EmbeddingOpTests {
    /// Row v of the table is [10v, 10v + 1, 10v + 2].
    static let table = Tensor(shape: [4, 3], scalars: (0..<12).map { Float(10 * ($0 / 3) + $0 % 3) })

    @Test func idsPickRowsInTheShapeOfTheIds() {
        let ids = Tensor(shape: [2, 2], scalars: [3, 0, 1, 3])
        let y = Tensor.embeddingLookup(indices: ids, table: Self.table)
        #expect(y.shape == [2, 2, 3])
        #expect(y.scalars == [30, 31, 32, 0, 1, 2, 10, 11, 12, 30, 31, 32])
    }

    @Test func unusableIdsGiveZeroVectorsInsteadOfReadingOutsideTheTable() {
        let ids = Tensor([2, 4, -1, 2.5, .nan, .infinity, -.infinity, 1e30, -0.0] as [Float])
        let y = Tensor.embeddingLookup(indices: ids, table: Self.table)
        #expect(y.shape == [9, 3])
        #expect(Array(y.scalars[0..<3]) == [20, 21, 22])
        #expect(y.scalars[3..<24].allSatisfy { $0 == 0 })
        #expect(Array(y.scalars[24..<27]) == [0, 1, 2])
    }

    @Test func theRuleForIds() {
        #expect(Tensor.embeddingRow(0, rows: 4) == 0)
        #expect(Tensor.embeddingRow(3, rows: 4) == 3)
        for bad: Float in [4, -1, 0.5, 3.999, .nan, .infinity, -.infinity, 1e30] {
            #expect(Tensor.embeddingRow(bad, rows: 4) == nil, "\(bad)")
        }
    }

    @Test func theGradientAddsOutputGradientsIntoTheRowsTheyCameFrom() throws {
        let table = Self.table.requiringGradient()
        let ids = Tensor(shape: [2, 2], scalars: [1, 1, 3, 0.5])
        let y = Tensor.embeddingLookup(indices: ids, table: table)
        let g = Tensor(shape: [2, 2, 3], scalars: (1...12).map(Float.init))
        try (y * g).sum().backward()
        // Row 1 gets positions 0 and 1; row 3 position 2; position 3 (id 0.5) goes nowhere.
        let expected: [Float] = [0, 0, 0, 1 + 4, 2 + 5, 3 + 6, 0, 0, 0, 7, 8, 9]
        #expect(table.gradient!.scalars == expected)
    }

    /// The backward pass sums each row's gradients in position order on one thread, so it equals
    /// a serial loop bit for bit, with any number of threads.
    @Test func theGradientIsTheSameBitForBitWithOneOrTwoThreads() throws {
        let (rows, width) = (5_000, 128)
        var generator = SeededGenerator(seed: 4)
        let ids = Tensor(shape: [256, 64], scalars: (0..<(256 * 64)).map { _ in Float(Int(generator.nextUniform() * 300)) })
        let table = Tensor.randomNormal([rows, width], seed: 5)
        let g = Tensor.randomNormal([256, 64, width], seed: 6)
        func run() throws -> (Tensor, Tensor) {
            let leaf = table.requiringGradient()
            let y = Tensor.embeddingLookup(indices: ids, table: leaf)
            try (y * g).sum().backward()
            return (y, leaf.gradient!)
        }
        let before = Parallel.threadCount
        defer { Parallel.setThreadCount(before) }
        Parallel.setThreadCount(1)
        let one = try run()
        Parallel.setThreadCount(2)
        let two = try run()
        #expect(one.0 == two.0 && one.1 == two.1)

        var expected = [Float](repeating: 0, count: rows * width)
        let (idValues, gValues) = (ids.scalars, g.scalars)
        for (p, id) in idValues.enumerated() {
            for j in 0..<width { expected[Int(id) * width + j] += gValues[p * width + j] }
        }
        #expect(two.1.scalars == expected)
    }
}

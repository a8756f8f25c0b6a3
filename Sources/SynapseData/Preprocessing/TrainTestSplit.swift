// scikit-learn's train_test_split: with n rows and a test size that is a fraction f or a count,
//   n_test = ceil(f · n) (or the count), n_train = n - n_test.
// Shuffled: a seeded permutation; the test rows are its first n_test entries, the training rows
// the rest. Not shuffled: the first n_train rows train, the last n_test test.
// Stratified: each class k with c_k rows gives ⌊c_k · n_test / n⌋ test rows, and the rows still
// missing go to the classes with the largest remainders, so class proportions match in both
// parts (scikit-learn's counts; its exact rows depend on NumPy's generator).
import Foundation

/// The size of a split's test part: a fraction of the rows (`0.3`) or a count (`100`).
public enum SplitSize: Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    case fraction(Double)
    case count(Int)
    public init(floatLiteral value: Double) { self = .fraction(value) }
    public init(integerLiteral value: Int) { self = .count(value) }

    func testCount(of n: Int) throws -> Int {
        switch self {
        case let .fraction(f):
            guard f > 0, f < 1 else { throw SynapseError.invalidArgument("test size \(f) must be between 0 and 1 (exclusive)") }
            return Int((f * Double(n)).rounded(.up))
        case let .count(k):
            guard k > 0, k < n else { throw SynapseError.invalidArgument("test size \(k) must be between 1 and \(n - 1) for \(n) rows") }
            return k
        }
    }
}

/// Row numbers of a train / test split of `count` rows (see the file comment for the rules).
public func trainTestSplitIndices(count n: Int, testSize: SplitSize = 0.25, shuffle: Bool = true, seed: UInt64? = nil,
                                  stratify: [Int]? = nil) throws -> (train: [Int], test: [Int]) {
    let nTest = try testSize.testCount(of: n)
    guard nTest < n else { throw SynapseError.invalidArgument("a test size of \(nTest) of \(n) rows leaves no training rows") }
    var generator = makeGenerator(seed)
    guard let labels = stratify else {
        var order = Array(0..<n)
        if !shuffle { return (Array(order[..<(n - nTest)]), Array(order[(n - nTest)...])) }
        generator.shuffle(&order)
        return (Array(order[nTest...]), Array(order[..<nTest]))
    }
    guard shuffle else { throw SynapseError.invalidArgument("stratified splits need shuffle = true, as in scikit-learn") }
    guard labels.count == n else { throw SynapseError.shapeMismatch("stratify has \(labels.count) labels for \(n) rows") }
    var rowsByClass = [Int: [Int]]()
    for (row, label) in labels.enumerated() { rowsByClass[label, default: []].append(row) }
    let classes = rowsByClass.keys.sorted()
    guard classes.allSatisfy({ rowsByClass[$0]!.count >= 2 }) else {
        throw SynapseError.invalidArgument("every class needs at least 2 rows to stratify; class counts are \(classes.map { rowsByClass[$0]!.count })")
    }
    // scikit-learn's StratifiedShuffleSplit checks: each side needs a row of every class.
    guard nTest >= classes.count else {
        throw SynapseError.invalidArgument("a stratified test part of \(nTest) rows cannot hold the \(classes.count) classes; use a larger test size")
    }
    guard n - nTest >= classes.count else {
        throw SynapseError.invalidArgument("a stratified training part of \(n - nTest) rows cannot hold the \(classes.count) classes; use a smaller test size")
    }
    var quota = classes.map { rowsByClass[$0]!.count * nTest / n }
    let remainders = classes.indices.map { Double(rowsByClass[classes[$0]]!.count * nTest) / Double(n) - Double(quota[$0]) }
    let byRemainder = classes.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
    for k in byRemainder.prefix(nTest - quota.reduce(0, +)) { quota[k] += 1 }
    var train = [Int](), test = [Int]()
    for (k, label) in classes.enumerated() {
        var rows = rowsByClass[label]!
        generator.shuffle(&rows)
        test += rows[..<quota[k]]
        train += rows[quota[k]...]
    }
    generator.shuffle(&train)
    generator.shuffle(&test)
    return (train, test)
}

/// Splits features and targets into training and test parts (scikit-learn's `train_test_split`).
public func trainTestSplit(_ x: Tensor, _ y: Tensor, testSize: SplitSize = 0.25, shuffle: Bool = true, seed: UInt64? = nil,
                           stratify: [Int]? = nil) throws -> (xTrain: Tensor, xTest: Tensor, yTrain: Tensor, yTest: Tensor) {
    guard let n = x.shape.first, y.shape.first == n else {
        throw SynapseError.shapeMismatch("x has shape \(x.shape) and y \(y.shape); they need the same number of rows")
    }
    let (train, test) = try trainTestSplitIndices(count: n, testSize: testSize, shuffle: shuffle, seed: seed, stratify: stratify)
    return (x.gathering(train), x.gathering(test), y.gathering(train), y.gathering(test))
}

/// Splits a frame's rows into training and test frames.
public func trainTestSplit(_ frame: DataFrame, testSize: SplitSize = 0.25, shuffle: Bool = true, seed: UInt64? = nil,
                           stratifyBy column: String? = nil) throws -> (train: DataFrame, test: DataFrame) {
    let labels = try column.map { try stratifyCodes(frame.column($0)) }
    let (train, test) = try trainTestSplitIndices(count: frame.rowCount, testSize: testSize, shuffle: shuffle, seed: seed,
                                                  stratify: labels)
    return (frame.rows(train), frame.rows(test))
}

/// A class code per row for stratifying: each distinct value of the column is a class (codes
/// in sorted order). A missing value is an error naming the column and the row (and the file
/// and line when the frame was read from one).
func stratifyCodes(_ column: Column) throws -> [Int] {
    if let row = (0..<column.count).first(where: column.isMissing) {
        throw column.errorAt(row: row, "the value is missing, so the rows cannot be stratified by column '\(column.name)'")
    }
    if case let .numbers(values) = column.values {
        let code = Dictionary(Set(values).sorted().enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        return values.map { code[$0]! }
    }
    let texts = (0..<column.count).map { column.text(at: $0) ?? "" }
    let code = Dictionary(uniqueKeysWithValues: Set(texts).sorted().enumerated().map { ($1, $0) })
    return texts.map { code[$0]! }
}

/// scikit-learn's KFold: n rows in k folds; the first n mod k folds hold ⌊n/k⌋ + 1 rows, the
/// others ⌊n/k⌋. Each fold is the test part once; row numbers come out in ascending order.
public struct KFold: Sendable {
    public var splits: Int
    public var shuffle: Bool
    public var seed: UInt64?

    public init(splits: Int = 5, shuffle: Bool = false, seed: UInt64? = nil) {
        self.splits = splits
        self.shuffle = shuffle
        self.seed = seed
    }

    /// The (train, test) row numbers of each fold.
    public func split(count n: Int) throws -> [(train: [Int], test: [Int])] {
        guard splits >= 2 else { throw SynapseError.invalidArgument("KFold needs at least 2 splits, got \(splits)") }
        guard splits <= n else { throw SynapseError.invalidArgument("cannot make \(splits) folds of \(n) rows") }
        var order = Array(0..<n)
        if shuffle { var g = makeGenerator(seed); g.shuffle(&order) }
        var folds: [(train: [Int], test: [Int])] = []
        var start = 0
        for k in 0..<splits {
            let size = n / splits + (k < n % splits ? 1 : 0)
            let test = order[start..<(start + size)].sorted()
            let inTest = Set(test)
            folds.append(((0..<n).filter { !inTest.contains($0) }, test))
            start += size
        }
        return folds
    }
}

/// `trainTestSplit` stratified by a label tensor (scikit-learn's `stratify=y`): class indices,
/// a 0/1 column, or one-hot rows, as the metrics take them.
public func trainTestSplit(_ x: Tensor, _ y: Tensor, testSize: SplitSize = 0.25, shuffle: Bool = true, seed: UInt64? = nil,
                           stratify: Tensor) throws -> (xTrain: Tensor, xTest: Tensor, yTrain: Tensor, yTest: Tensor) {
    try trainTestSplit(x, y, testSize: testSize, shuffle: shuffle, seed: seed, stratify: try stratify.classLabels())
}


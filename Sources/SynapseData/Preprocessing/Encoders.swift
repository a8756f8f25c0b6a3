// Categorical encodings with scikit-learn's and Keras's definitions:
//   LabelEncoder:  classes = sorted distinct labels; label -> its position in classes.
//   OneHotEncoder: per feature, categories = sorted distinct values; a row becomes, per feature,
//                  a block of 0s with a 1 at its value's category (blocks side by side).
//   toCategorical: class k of C classes -> a row of C zeros with a 1 at k (C = max label + 1
//                  unless given).
import Foundation

/// Encodes labels as 0..<classes.count (scikit-learn's LabelEncoder).
public struct LabelEncoder<Label: Hashable & Comparable & Codable & Sendable>: Codable, Sendable {
    /// The distinct labels seen in fit, sorted (scikit-learn's `classes_`).
    public private(set) var classes: [Label] = []
    private var positions: [Label: Int] = [:]

    public init() {}

    public mutating func fit(_ labels: [Label]) {
        classes = Array(Set(labels)).sorted()
        positions = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
    }

    /// Class numbers of labels; an unseen label throws, naming it.
    public func transform(_ labels: [Label]) throws -> [Int] {
        try labels.map { label in
            guard let k = positions[label] else {
                throw SynapseError.invalidArgument("the label '\(label)' was not seen in fit; known labels are \(classes)")
            }
            return k
        }
    }

    public mutating func fitTransform(_ labels: [Label]) throws -> [Int] {
        fit(labels)
        return try transform(labels)
    }

    /// Labels of class numbers.
    public func inverseTransform(_ codes: [Int]) throws -> [Label] {
        try codes.map { k in
            guard classes.indices.contains(k) else { throw SynapseError.invalidArgument("class \(k) is outside 0..<\(classes.count)") }
            return classes[k]
        }
    }
}

/// One-hot encodes categorical features (scikit-learn's OneHotEncoder, dense output).
public struct OneHotEncoder: Codable, Sendable {
    /// What to do with a value not seen in fit: throw, or encode it as all zeros.
    public enum UnknownHandling: String, Codable, Sendable { case error, ignore }
    public var handleUnknown: UnknownHandling
    /// Per feature, its sorted categories (scikit-learn's `categories_`).
    public private(set) var categories: [[String]] = []
    /// Names of the features, used in `featureNames` and errors.
    public private(set) var inputNames: [String] = []

    public init(handleUnknown: UnknownHandling = .error) { self.handleUnknown = handleUnknown }

    /// Learns the categories of each feature from rows × features values.
    public mutating func fit(rows: [[String]], names: [String]? = nil) throws {
        guard let width = rows.first?.count else { throw SynapseError.invalidArgument("cannot fit a OneHotEncoder on zero rows") }
        for row in rows where row.count != width { throw SynapseError.shapeMismatch("rows of \(row.count) and \(width) features") }
        categories = (0..<width).map { j in Array(Set(rows.map { $0[j] })).sorted() }
        inputNames = names ?? (0..<width).map { "x\($0)" }
    }

    /// Learns the categories of the named columns of a frame (values as printed; missing as "NaN").
    public mutating func fit(_ frame: DataFrame, columns: [String]) throws {
        try fit(rows: Self.rows(frame, columns), names: columns)
    }

    /// Output column names, scikit-learn's `get_feature_names_out`: "<feature>_<category>".
    public var featureNames: [String] {
        zip(inputNames, categories).flatMap { name, cats in cats.map { "\(name)_\($0)" } }
    }

    /// Encodes rows as a [rows, Σ categories] tensor.
    public func transform(rows: [[String]]) throws -> Tensor {
        let width = categories.reduce(0) { $0 + $1.count }
        let lookup = categories.map { Dictionary(uniqueKeysWithValues: $0.enumerated().map { ($1, $0) }) }
        var scalars = [Float](repeating: 0, count: rows.count * width)
        for (i, row) in rows.enumerated() {
            guard row.count == categories.count else { throw SynapseError.shapeMismatch("rows of \(row.count) features, fitted on \(categories.count)") }
            var offset = 0
            for (j, value) in row.enumerated() {
                if let k = lookup[j][value] {
                    scalars[i * width + offset + k] = 1
                } else if handleUnknown == .error {
                    throw SynapseError.invalidArgument("feature '\(inputNames[j])' has the category '\(value)' in row \(i), not seen in fit")
                }
                offset += categories[j].count
            }
        }
        return Tensor(shape: [rows.count, width], scalars: scalars)
    }

    /// Encodes the named columns of a frame.
    public func transform(_ frame: DataFrame, columns: [String]) throws -> Tensor {
        try transform(rows: Self.rows(frame, columns))
    }

    public mutating func fitTransform(rows: [[String]], names: [String]? = nil) throws -> Tensor {
        try fit(rows: rows, names: names)
        return try transform(rows: rows)
    }

    /// Categories of one-hot rows (the largest entry of each block).
    public func inverseTransform(_ x: Tensor) throws -> [[String]] {
        let width = categories.reduce(0) { $0 + $1.count }
        guard x.shape.count == 2, x.shape[1] == width else { throw SynapseError.shapeMismatch("expected [rows, \(width)], got \(x.shape)") }
        let s = x.scalars
        return (0..<x.shape[0]).map { i in
            var offset = 0
            return categories.map { cats in
                let block = s[(i * width + offset)..<(i * width + offset + cats.count)]
                offset += cats.count
                return cats[block.indices.max { s[$0] < s[$1] }! - block.startIndex]
            }
        }
    }

    static func rows(_ frame: DataFrame, _ names: [String]) throws -> [[String]] {
        let columns = try names.map { try frame.column($0) }
        return (0..<frame.rowCount).map { i in columns.map { $0.text(at: i) ?? "NaN" } }
    }
}

/// One-hot rows for class numbers (Keras's `to_categorical`): [n] labels -> [n, classes].
public func toCategorical(_ labels: [Int], numClasses: Int? = nil) throws -> Tensor {
    let classes = numClasses ?? ((labels.max() ?? -1) + 1)
    var scalars = [Float](repeating: 0, count: labels.count * classes)
    for (i, k) in labels.enumerated() {
        guard k >= 0, k < classes else { throw SynapseError.invalidArgument("label \(k) at position \(i) is outside 0..<\(classes)") }
        scalars[i * classes + k] = 1
    }
    return Tensor(shape: [labels.count, classes], scalars: scalars)
}

/// One-hot rows for a tensor of class numbers (any shape; the classes become a last axis).
public func toCategorical(_ labels: Tensor, numClasses: Int? = nil) throws -> Tensor {
    var labelInts = [Int]()
    labelInts.reserveCapacity(labels.scalars.count)
    for (i, v) in labels.scalars.enumerated() {
        guard v.rounded() == v, abs(v) < 1e9 else { throw SynapseError.invalidArgument("label \(v) at position \(i) is not a class number") }
        labelInts.append(Int(v))
    }
    let encoded = try toCategorical(labelInts, numClasses: numClasses)
    let shape = labels.shape.count == 2 && labels.shape[1] == 1 ? [labels.shape[0]] : labels.shape
    return Tensor(shape: shape + [encoded.shape[1]], scalars: encoded.scalars)
}

// Feature scalers with scikit-learn's definitions. Each learns, per feature j, an affine map
// x' = (x - shift_j) / scale_j from training data and applies it to any data:
//   StandardScaler: shift = mean, scale = population std (ddof 0)
//   MinMaxScaler(a, b): x' = x · s + m with s = (b - a) / (max - min), m = a - min · s
//   RobustScaler:   shift = median, scale = q75 - q25 (linear-interpolated quantiles)
// A scale of 0 (a constant feature) is replaced by 1, as scikit-learn does. Missing values (NaN)
// are ignored when fitting and stay NaN. Statistics are computed in Double.
import Foundation

/// A fitted per-feature transformation: fit on training data, transform any data, undo it.
/// Scalers are Codable, so a fitted scaler is saved beside a model (`save(to:)`).
public protocol Scaler: Codable, Sendable {
    /// Learns the per-feature statistics from rows × features values.
    mutating func fit(rows: [[Double]]) throws
    /// Per feature (multiplier, addend): x' = x · multiplier + addend.
    var affine: (multiplier: [Double], addend: [Double]) { get throws }
}

extension Scaler {
    /// Scales rows × features values.
    public func transform(rows: [[Double]]) throws -> [[Double]] {
        let (mul, add) = try affine
        return try rows.map { row in
            guard row.count == mul.count else { throw featureMismatch(row.count, mul.count) }
            return row.indices.map { row[$0] * mul[$0] + add[$0] }
        }
    }

    /// Undoes `transform`.
    public func inverseTransform(rows: [[Double]]) throws -> [[Double]] {
        let (mul, add) = try affine
        return try rows.map { row in
            guard row.count == mul.count else { throw featureMismatch(row.count, mul.count) }
            return row.indices.map { (row[$0] - add[$0]) / mul[$0] }
        }
    }

    /// Fits, then transforms the same rows.
    public mutating func fitTransform(rows: [[Double]]) throws -> [[Double]] {
        try fit(rows: rows)
        return try transform(rows: rows)
    }

    /// Fits on a [samples, features] tensor (a [samples] tensor is one feature).
    public mutating func fit(_ x: Tensor) throws { try fit(rows: try rowsOf(x)) }
    /// Scales a [samples, features] (or [samples]) tensor.
    public func transform(_ x: Tensor) throws -> Tensor { try tensorLike(x, transform(rows: rowsOf(x))) }
    /// Undoes `transform` on a tensor.
    public func inverseTransform(_ x: Tensor) throws -> Tensor { try tensorLike(x, inverseTransform(rows: rowsOf(x))) }
    /// Fits on a tensor, then transforms it.
    public mutating func fitTransform(_ x: Tensor) throws -> Tensor {
        try fit(x)
        return try transform(x)
    }

    /// Fits on the numeric columns (or the named ones) of a frame.
    public mutating func fit(_ frame: DataFrame, columns: [String]? = nil) throws {
        try fit(rows: try rowsOf(frame, columns))
    }
    /// Scales the named columns (all fitted columns by default) of a frame, returning a new frame.
    public func transform(_ frame: DataFrame, columns: [String]? = nil) throws -> DataFrame {
        let names = columns ?? frame.numericColumns().columns
        let scaled = try transform(rows: rowsOf(frame, names))
        var result = frame
        for (j, name) in names.enumerated() { result[name] = Column(name: name, numbers: scaled.map { $0[j] }) }
        return result
    }

    /// Writes the fitted scaler as JSON, atomically.
    public func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileIO.write(try encoder.encode(self), to: path)
    }

    /// Reads a scaler written by `save(to:)`.
    public static func load(from path: String) throws -> Self {
        try decode(FileIO.read(path), path: path)
    }

    /// Reads a scaler from the bytes of a file written by `save(to:)`; `path` names it in errors.
    static func decode(_ data: Data, path: String) throws -> Self {
        do { return try JSONDecoder().decode(Self.self, from: data) } catch let DecodingError.dataCorrupted(context) {
            throw SynapseError.invalidFile(path: path, location: nil,
                                           reason: "is not a usable saved \(Self.self): \(context.debugDescription)")
        } catch {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "is not a saved \(Self.self): \(error)")
        }
    }
}

/// A decoding error for a saved scaler whose statistics do not fit together.
func corrupt<Key: CodingKey>(_ key: Key, _ container: KeyedDecodingContainer<Key>, _ reason: String) -> DecodingError {
    .dataCorruptedError(forKey: key, in: container, debugDescription: reason)
}

/// Checks that per-feature statistics read from a file are all present or all absent, of one
/// length, and finite; a scale must also be positive.
func checkStatistics<Key: CodingKey>(_ arrays: [(Key, [Double]?)], scale: Key?, in container: KeyedDecodingContainer<Key>) throws {
    let present = arrays.filter { $0.1 != nil }
    guard let first = present.first else { return }
    if let absent = arrays.first(where: { $0.1 == nil }) {
        throw corrupt(absent.0, container, "'\(first.0.stringValue)' is saved but '\(absent.0.stringValue)' is not")
    }
    for (key, values) in present {
        guard values!.count == first.1!.count else {
            throw corrupt(key, container, "'\(key.stringValue)' has \(values!.count) values but '\(first.0.stringValue)' has \(first.1!.count); each holds one value per feature")
        }
        if let bad = values!.firstIndex(where: { !$0.isFinite || (key.stringValue == scale?.stringValue && $0 <= 0) }) {
            throw corrupt(key, container, "value \(bad) of '\(key.stringValue)' is \(values![bad]), which a fitted scaler cannot hold")
        }
    }
}

/// scikit-learn's MinMaxScaler check: the target range's minimum is below its maximum.
func featureRangeProblem(_ range: ClosedRange<Double>) -> String? {
    range.lowerBound < range.upperBound && range.lowerBound.isFinite && range.upperBound.isFinite ? nil
        : "the feature range \(range) must have a finite minimum smaller than its maximum"
}

func checkFeatureRange(_ range: ClosedRange<Double>) throws {
    if let problem = featureRangeProblem(range) { throw SynapseError.invalidArgument(problem) }
}

/// scikit-learn's RobustScaler check: 0 <= q_min <= q_max <= 100.
func quantileRangeProblem(_ range: ClosedRange<Double>) -> String? {
    range.lowerBound >= 0 && range.upperBound <= 100 ? nil : "the quantile range \(range) must lie within 0...100 (percentiles)"
}

func checkQuantileRange(_ range: ClosedRange<Double>) throws {
    if let problem = quantileRangeProblem(range) { throw SynapseError.invalidArgument(problem) }
}

func featureMismatch(_ got: Int, _ expected: Int) -> SynapseError {
    .shapeMismatch("the scaler was fitted on \(expected) features, got rows of \(got)")
}

func notFitted(_ name: String) -> SynapseError {
    .invalidArgument("this \(name) is not fitted yet; call fit first")
}

func rowsOf(_ x: Tensor) throws -> [[Double]] {
    let s = x.scalars
    switch x.shape.count {
    case 1: return s.map { [Double($0)] }
    case 2:
        let f = x.shape[1]
        return (0..<x.shape[0]).map { i in (0..<f).map { Double(s[i * f + $0]) } }
    default: throw SynapseError.shapeMismatch("a scaler takes a [samples, features] tensor, got shape \(x.shape)")
    }
}

func tensorLike(_ x: Tensor, _ rows: [[Double]]) -> Tensor {
    Tensor(shape: x.shape, scalars: rows.flatMap { $0.map(Float.init) })
}

func rowsOf(_ frame: DataFrame, _ columns: [String]?) throws -> [[Double]] {
    let names = columns ?? frame.numericColumns().columns
    let data = try names.map { try frame.numbers($0) }
    return (0..<frame.rowCount).map { i in data.map { $0[i] } }
}

/// Per-feature values of rows × features, skipping nothing (NaN stays for Statistics to skip).
func featureColumns(_ rows: [[Double]]) throws -> [[Double]] {
    guard let width = rows.first?.count else { throw SynapseError.invalidArgument("cannot fit a scaler on zero rows") }
    for row in rows where row.count != width { throw SynapseError.shapeMismatch("rows of \(row.count) and \(width) features") }
    return (0..<width).map { j in rows.map { $0[j] } }
}

/// scikit-learn's `_handle_zeros_in_scale`: a scale of (nearly) zero becomes 1.
func handleZeroScale(_ scale: Double) -> Double {
    scale < 10 * Double.ulpOfOne || scale.isNaN ? 1 : scale
}

/// Standardises features: x' = (x - mean) / std, with the population std (scikit-learn's StandardScaler).
public struct StandardScaler: Scaler, Equatable {
    /// Per-feature mean (scikit-learn's `mean_`).
    public private(set) var mean: [Double]?
    /// Per-feature std, 1 where it is 0 (scikit-learn's `scale_`).
    public private(set) var scale: [Double]?

    public init() {}

    public mutating func fit(rows: [[Double]]) throws {
        let columns = try featureColumns(rows)
        mean = columns.map(Statistics.mean)
        scale = columns.map { handleZeroScale(Statistics.std($0, ddof: 0)) }
    }

    public var affine: (multiplier: [Double], addend: [Double]) {
        get throws {
            guard let mean, let scale else { throw notFitted("StandardScaler") }
            guard mean.count == scale.count else { throw statisticsMismatch("StandardScaler", mean.count, scale.count) }
            return (scale.map { 1 / $0 }, mean.indices.map { -mean[$0] / scale[$0] })
        }
    }

    enum CodingKeys: String, CodingKey { case mean, scale }

    /// Reads a saved scaler, rejecting statistics that do not fit together.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mean = try c.decodeIfPresent([Double].self, forKey: .mean)
        scale = try c.decodeIfPresent([Double].self, forKey: .scale)
        try checkStatistics([(.mean, mean), (.scale, scale)], scale: CodingKeys.scale, in: c)
    }
}

func statisticsMismatch(_ name: String, _ a: Int, _ b: Int) -> SynapseError {
    .invalidArgument("this \(name) holds statistics of \(a) and \(b) features; refit it")
}

/// Scales features to a range: x' = (x - min) / (max - min) · (b - a) + a (scikit-learn's MinMaxScaler).
public struct MinMaxScaler: Scaler, Equatable {
    /// The target range (a, b), (0, 1) by default.
    public var featureRange: ClosedRange<Double>
    /// Per-feature minimum and maximum seen in fit (scikit-learn's `data_min_`, `data_max_`).
    public private(set) var dataMin: [Double]?
    public private(set) var dataMax: [Double]?

    public init(featureRange: ClosedRange<Double> = 0...1) { self.featureRange = featureRange }

    public mutating func fit(rows: [[Double]]) throws {
        try checkFeatureRange(featureRange)
        let columns = try featureColumns(rows)
        dataMin = columns.map { $0.filter { !$0.isNaN }.min() ?? .nan }
        dataMax = columns.map { $0.filter { !$0.isNaN }.max() ?? .nan }
    }

    /// scikit-learn's `scale_` and `min_`: x' = x · scale + min.
    public var affine: (multiplier: [Double], addend: [Double]) {
        get throws {
            guard let dataMin, let dataMax else { throw notFitted("MinMaxScaler") }
            try checkFeatureRange(featureRange)
            guard dataMin.count == dataMax.count else { throw statisticsMismatch("MinMaxScaler", dataMin.count, dataMax.count) }
            let width = featureRange.upperBound - featureRange.lowerBound
            let scale = dataMin.indices.map { width / handleZeroScale(dataMax[$0] - dataMin[$0]) }
            return (scale, dataMin.indices.map { featureRange.lowerBound - dataMin[$0] * scale[$0] })
        }
    }

    enum CodingKeys: String, CodingKey { case featureRange, dataMin, dataMax }

    /// Reads a saved scaler, rejecting statistics that do not fit together and an empty range.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        featureRange = try c.decode(ClosedRange<Double>.self, forKey: .featureRange)
        dataMin = try c.decodeIfPresent([Double].self, forKey: .dataMin)
        dataMax = try c.decodeIfPresent([Double].self, forKey: .dataMax)
        if let problem = featureRangeProblem(featureRange) { throw corrupt(.featureRange, c, problem) }
        try checkStatistics([(.dataMin, dataMin), (.dataMax, dataMax)], scale: nil, in: c)
        if let dataMin, let dataMax, let k = dataMin.indices.first(where: { dataMin[$0] > dataMax[$0] }) {
            throw corrupt(.dataMin, c, "value \(k) of 'dataMin' (\(dataMin[k])) is above that of 'dataMax' (\(dataMax[k]))")
        }
    }
}

/// Scales features robustly to outliers: x' = (x - median) / (q75 - q25) (scikit-learn's RobustScaler).
public struct RobustScaler: Scaler, Equatable {
    /// Per-feature median (scikit-learn's `center_`).
    public private(set) var center: [Double]?
    /// Per-feature interquartile range, 1 where it is 0 (scikit-learn's `scale_`).
    public private(set) var scale: [Double]?
    /// The quantile range, (25, 75) by default.
    public var quantileRange: ClosedRange<Double>

    public init(quantileRange: ClosedRange<Double> = 25...75) { self.quantileRange = quantileRange }

    public mutating func fit(rows: [[Double]]) throws {
        try checkQuantileRange(quantileRange)
        let columns = try featureColumns(rows)
        let q = columns.map { Statistics.quantiles($0, [quantileRange.lowerBound / 100, 0.5, quantileRange.upperBound / 100]) }
        center = q.map { $0[1] }
        scale = q.map { handleZeroScale($0[2] - $0[0]) }
    }

    public var affine: (multiplier: [Double], addend: [Double]) {
        get throws {
            guard let center, let scale else { throw notFitted("RobustScaler") }
            guard center.count == scale.count else { throw statisticsMismatch("RobustScaler", center.count, scale.count) }
            return (scale.map { 1 / $0 }, center.indices.map { -center[$0] / scale[$0] })
        }
    }

    enum CodingKeys: String, CodingKey { case center, scale, quantileRange }

    /// Reads a saved scaler, rejecting statistics that do not fit together and a range outside 0...100.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        quantileRange = try c.decode(ClosedRange<Double>.self, forKey: .quantileRange)
        center = try c.decodeIfPresent([Double].self, forKey: .center)
        scale = try c.decodeIfPresent([Double].self, forKey: .scale)
        if let problem = quantileRangeProblem(quantileRange) { throw corrupt(.quantileRange, c, problem) }
        try checkStatistics([(.center, center), (.scale, scale)], scale: CodingKeys.scale, in: c)
    }
}

// A layer's configuration as JSON: what Keras's get_config() returns and from_config() reads.

import Foundation

/// A JSON value: the configuration of layers, losses, optimizers and models, written into model
/// files and read back.
public enum JSONValue: Codable, Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let n = try? container.decode(Double.self) { self = .number(n) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else if let a = try? container.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(b): try container.encode(b)
        case let .number(n): try container.encode(n)
        case let .string(s): try container.encode(s)
        case let .array(a): try container.encode(a)
        case let .object(o): try container.encode(o)
        }
    }

    public var doubleValue: Double? { if case let .number(n) = self { return n }; return nil }
    /// The number as an Int: nil unless it is a whole number within Int's range.
    public var intValue: Int? { doubleValue.flatMap { Int(exactly: $0) } }
    /// A seed: a decimal string (how Synapse writes seeds, exact for every UInt64) or a whole
    /// number in 0 ..< 2⁶⁴ (how Keras writes them); nil otherwise.
    public var seedValue: UInt64? {
        switch self {
        case let .string(s): return UInt64(s)
        case let .number(n): return UInt64(exactly: n)
        default: return nil
        }
    }
    public var stringValue: String? { if case let .string(s) = self { return s }; return nil }
    public var boolValue: Bool? { if case let .bool(b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case let .array(a) = self { return a }; return nil }
    public var objectValue: [String: JSONValue]? { if case let .object(o) = self { return o }; return nil }

    /// Compact JSON text with sorted keys.
    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Parses JSON text.
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}

/// A configuration: Keras's `get_config()` dictionary with its snake_case keys.
public typealias LayerConfig = [String: JSONValue]

/// Typed reading of configuration entries, with errors that name the layer and the key.
struct ConfigReader {
    let config: LayerConfig
    let owner: String

    func value(_ key: String) -> JSONValue? {
        guard let v = config[key], v != .null else { return nil }
        return v
    }
    func int(_ key: String) throws -> Int {
        guard let v = value(key)?.intValue else { throw missing(key, "an integer") }
        return v
    }
    func int(_ key: String, default d: Int?) throws -> Int? {
        guard let v = value(key) else { return d }
        guard let i = v.intValue else { throw missing(key, "an integer") }
        return i
    }
    func double(_ key: String, default d: Double) throws -> Double {
        guard let v = value(key) else { return d }
        guard let n = v.doubleValue else { throw missing(key, "a number") }
        return n
    }
    func bool(_ key: String, default d: Bool) throws -> Bool {
        guard let v = value(key) else { return d }
        guard let b = v.boolValue else { throw missing(key, "true or false") }
        return b
    }
    func string(_ key: String, default d: String?) throws -> String? {
        guard let v = value(key) else { return d }
        guard let s = v.stringValue else { throw missing(key, "a string") }
        return s
    }
    func ints(_ key: String) throws -> [Int] {
        guard let a = value(key)?.arrayValue else { throw missing(key, "a list of integers") }
        return try a.map { guard let i = $0.intValue else { throw missing(key, "a list of integers") }; return i }
    }
    func seed(_ key: String = "seed") throws -> UInt64? {
        guard let v = value(key) else { return nil }
        guard let seed = v.seedValue else { throw missing(key, "a whole number in 0 ..< 2^64") }
        return seed
    }
    func missing(_ key: String, _ kind: String) -> SynapseError {
        .invalidArgument("the configuration of \(owner) needs '\(key)' as \(kind)")
    }
}

extension Optional where Wrapped == UInt64 {
    /// A seed as JSON: a decimal string, since a JSON number (a Double) is exact only below 2⁵³.
    var json: JSONValue { map { .string(String($0)) } ?? .null }
}

// ZeroPadding2D (Keras's layers.ZeroPadding2D): zeros around NHWC images.
//   [n, h, w, c] → [n, top + h + bottom, left + w + right, c]
//   y = x inside, 0 in the border;  ∂x = the interior of g
// Composed from Tensor.padded, which records that backward.

/// Adds rows of zeros above and below and columns of zeros left and right of NHWC images:
/// `ZeroPadding2D(1)`, `ZeroPadding2D(padding: (1, 2))`, `ZeroPadding2D(padding: ((1, 0), (2, 2)))`.
public final class ZeroPadding2D: Layer {
    public static let className = "ZeroPadding2D"
    public let name: String
    public var trainable = true
    /// ((top, bottom), (left, right)).
    public let padding: (height: (top: Int, bottom: Int), width: (left: Int, right: Int))
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    /// Pads `top` rows above, `bottom` below, `left` columns before and `right` after.
    public init(padding: ((top: Int, bottom: Int), (left: Int, right: Int)), name: String? = nil) {
        self.padding = (padding.0, padding.1)
        self.name = name ?? LayerNames.unique("zero_padding2d")
    }

    /// The same padding on all four sides.
    public convenience init(_ padding: Int = 1, name: String? = nil) {
        self.init(padding: ((padding, padding), (padding, padding)), name: name)
    }

    /// `height` rows above and below, `width` columns left and right.
    public convenience init(padding: (Int, Int), name: String? = nil) {
        self.init(padding: ((padding.0, padding.0), (padding.1, padding.1)), name: name)
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        self.inputShape = inputShape
    }

    public func validateArguments() throws {
        let all = [padding.height.top, padding.height.bottom, padding.width.left, padding.width.right]
        try requireArgument(all.allSatisfy { $0 >= 0 }, "ZeroPadding2D padding must be non-negative; got \(all)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard inputShape.count == 3 else {
            throw SynapseError.layer(name: name, reason: "ZeroPadding2D needs images [height, width, channels] (rank 4 with the batch); got shape \(shapeText(inputShape))")
        }
        let (h, w) = padding
        return [inputShape[0] + h.top + h.bottom, inputShape[1] + w.left + w.right, inputShape[2]]
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard x.rank == 4 else { fatalError("Layer '\(name)': expected NHWC inputs of rank 4; got \(x.shape)") }
        let (h, w) = padding
        return x.padded([(0, 0), (h.top, h.bottom), (w.left, w.right), (0, 0)])
    }

    public var config: LayerConfig {
        let (h, w) = padding
        return ["name": .string(name), "data_format": "channels_last",
                "padding": [[.number(Double(h.top)), .number(Double(h.bottom))],
                            [.number(Double(w.left)), .number(Double(w.right))]]]
    }

    /// Reads Keras's forms of `padding`: an int, [height, width], or [[top, bottom], [left, right]].
    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "ZeroPadding2D")
        let name = try r.string("name", default: nil)
        func fail(_ reason: String) -> SynapseError { .layer(name: name ?? "ZeroPadding2D", reason: reason) }
        if let format = try r.string("data_format", default: nil), format != "channels_last" {
            throw fail("only 'channels_last' (NHWC) is supported; got data_format '\(format)'")
        }
        let value = r.value("padding") ?? .number(1)
        let form = "'padding' must be a non-negative whole number, [height, width] or [[top, bottom], [left, right]]; got \(value.jsonString())"
        func pair(_ v: JSONValue) throws -> (Int, Int) {
            if let n = v.intValue { return (n, n) }
            guard let a = v.arrayValue, a.count == 2, let x = a[0].intValue, let y = a[1].intValue else { throw fail(form) }
            return (x, y)
        }
        let sides: ((Int, Int), (Int, Int))
        if let n = value.intValue {
            sides = ((n, n), (n, n))
        } else if let a = value.arrayValue, a.count == 2 {
            sides = (try pair(a[0]), try pair(a[1]))
        } else {
            throw fail(form)
        }
        guard [sides.0.0, sides.0.1, sides.1.0, sides.1.1].allSatisfy({ $0 >= 0 && $0 <= 1 << 20 }) else { throw fail(form) }
        self.init(padding: sides, name: name)
    }
}

// Resizing and CenterCrop (Keras's layers.Resizing, layers.CenterCrop) on NHWC images, in
// training and inference alike. Resizing is TensorFlow's bilinear resize (Tensor.resizedBilinear,
// whose header has the equations and the gradient), optionally of the largest centred box of the
// target's aspect ratio. CenterCrop cuts the centred height × width window, starting at
// ⌊(h − height)/2⌋, ⌊(w − width)/2⌋; an image smaller than the window on either side is resized
// to it through that aspect-ratio box instead, as Keras does.

/// Resizes images to `height × width` (bilinear, as TensorFlow).
public final class Resizing: Layer {
    public static let className = "Resizing"
    public let name: String
    public var trainable = true
    public let height: Int
    public let width: Int
    /// Resize the largest centred box of the target's aspect ratio, so nothing is stretched.
    public let cropToAspectRatio: Bool
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public init(height: Int, width: Int, cropToAspectRatio: Bool = false, name: String? = nil) {
        self.height = height
        self.width = width
        self.cropToAspectRatio = cropToAspectRatio
        self.name = name ?? LayerNames.unique("resizing")
    }

    /// Keras's positional form: `Resizing(64, 64)`.
    public convenience init(_ height: Int, _ width: Int, cropToAspectRatio: Bool = false) {
        self.init(height: height, width: width, cropToAspectRatio: cropToAspectRatio)
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        self.inputShape = inputShape
    }

    public func validateArguments() throws {
        try requireArgument(height > 0 && width > 0, "Resizing needs a positive height and width; got \(height)x\(width)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        try requireImages(inputShape, layer: name, owner: "Resizing")
        return [height, width, inputShape[2]]
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        x.resizedBilinear(height: height, width: width, cropToAspectRatio: cropToAspectRatio)
    }

    public var config: LayerConfig {
        ["name": .string(name), "height": .number(Double(height)), "width": .number(Double(width)),
         "interpolation": "bilinear", "crop_to_aspect_ratio": .bool(cropToAspectRatio), "pad_to_aspect_ratio": .bool(false),
         "fill_mode": "constant", "fill_value": .number(0), "antialias": .bool(false), "data_format": "channels_last"]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Resizing")
        let name = try r.string("name", default: nil)
        try checkImageConfig(r, name: name ?? "Resizing")
        if let interpolation = try r.string("interpolation", default: nil), interpolation != "bilinear" {
            throw SynapseError.layer(name: name ?? "Resizing", reason: "only 'bilinear' interpolation is supported; got '\(interpolation)'")
        }
        if try r.bool("antialias", default: false) {
            throw SynapseError.layer(name: name ?? "Resizing", reason: "antialias is not supported (TensorFlow's plain bilinear resize is)")
        }
        if try r.bool("pad_to_aspect_ratio", default: false) {
            throw SynapseError.layer(name: name ?? "Resizing", reason: "pad_to_aspect_ratio is not supported; use crop_to_aspect_ratio")
        }
        self.init(height: try r.int("height"), width: try r.int("width"),
                  cropToAspectRatio: try r.bool("crop_to_aspect_ratio", default: false), name: name)
    }
}

/// Cuts the centred `height × width` window out of images (resizing those smaller than it).
public final class CenterCrop: Layer {
    public static let className = "CenterCrop"
    public let name: String
    public var trainable = true
    public let height: Int
    public let width: Int
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public init(height: Int, width: Int, name: String? = nil) {
        self.height = height
        self.width = width
        self.name = name ?? LayerNames.unique("center_crop")
    }

    /// Keras's positional form: `CenterCrop(32, 32)`.
    public convenience init(_ height: Int, _ width: Int) { self.init(height: height, width: width) }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        self.inputShape = inputShape
    }

    public func validateArguments() throws {
        try requireArgument(height > 0 && width > 0, "CenterCrop needs a positive height and width; got \(height)x\(width)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        try requireImages(inputShape, layer: name, owner: "CenterCrop")
        return [height, width, inputShape[2]]
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        let (h, w) = (x.shape[1], x.shape[2])
        guard h >= height, w >= width else {
            return x.resizedBilinear(height: height, width: width, cropToAspectRatio: true)
        }
        let top = (h - height) / 2, left = (w - width) / 2
        return x.slice(top..<(top + height), alongAxis: 1).slice(left..<(left + width), alongAxis: 2)
    }

    public var config: LayerConfig {
        ["name": .string(name), "height": .number(Double(height)), "width": .number(Double(width)), "data_format": "channels_last"]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "CenterCrop")
        let name = try r.string("name", default: nil)
        try checkImageConfig(r, name: name ?? "CenterCrop")
        self.init(height: try r.int("height"), width: try r.int("width"), name: name)
    }
}

/// Throws unless `shape` is one image, [height, width, channels].
func requireImages(_ shape: [Int], layer: String, owner: String) throws {
    guard shape.count == 3 else {
        throw SynapseError.layer(name: layer, reason: "\(owner) needs images [height, width, channels] (rank 4 with the batch); got shape \(shapeText(shape))")
    }
}

/// Throws when a preprocessing layer's config asks for channels-first data.
func checkImageConfig(_ r: ConfigReader, name: String) throws {
    if let format = try r.string("data_format", default: nil), format != "channels_last" {
        throw SynapseError.layer(name: name, reason: "only 'channels_last' (NHWC) is supported; got data_format '\(format)'")
    }
}

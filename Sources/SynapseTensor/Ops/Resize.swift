// Bilinear resizing of NHWC images as TensorFlow's tf.image.resize does it (the ResizeBilinear
// kernel with half-pixel centres, no antialiasing) — what Keras's Resizing layer and
// image_dataset_from_directory run. Along an axis of `in` input and `out` output pixels, with
// scale = in / out (Float, as TensorFlow), output pixel i reads
//   s = (i + 0.5)·scale − 0.5,  lower = max(⌊s⌋, 0),  upper = min(⌈s⌉, in − 1),  t = s − ⌊s⌋
// and a pixel from its four neighbours a (upper left), b (upper right), c, d (lower row) is
//   top = a + (b − a)·tx,  bottom = c + (d − c)·tx,  y = top + (bottom − top)·ty
// i.e. y = (1−ty)(1−tx)·a + (1−ty)tx·b + ty(1−tx)·c + ty·tx·d, so the gradient sends g to the
// four neighbours with those weights:  ∂a += (1−ty)(1−tx)·g, ∂b += (1−ty)tx·g, ...
// cropToAspectRatio first cuts the largest centred box of the target's aspect ratio (Keras's
// smart_resize); the gradient outside the box is zero.

/// A rectangle of pixels: rows `y ..< y + height`, columns `x ..< x + width`.
public struct PixelBox: Equatable, Sendable {
    public var y: Int, x: Int, height: Int, width: Int

    public init(y: Int, x: Int, height: Int, width: Int) {
        self.y = y
        self.x = x
        self.height = height
        self.width = width
    }

    /// The largest centred box of an image `height × width` with the aspect ratio of
    /// `targetHeight × targetWidth`, computed as Keras's smart_resize does (float32, truncated).
    public static func centredCrop(height: Int, width: Int, targetHeight: Int, targetWidth: Int) -> PixelBox {
        let cropHeight = max(min(height, Int(Float(width * targetHeight) / Float(targetWidth))), 1)
        let cropWidth = max(min(width, Int(Float(height * targetWidth) / Float(targetHeight))), 1)
        return PixelBox(y: Int(Float(height - cropHeight) / 2), x: Int(Float(width - cropWidth) / 2),
                        height: cropHeight, width: cropWidth)
    }
}

/// TensorFlow's bilinear resize of one image, as a kernel.
public enum BilinearResize {
    /// TensorFlow's interpolation weights along one axis.
    @usableFromInline
    struct Axis {
        @usableFromInline var lower: [Int], upper: [Int], lerp: [Float]

        @usableFromInline
        init(input: Int, output: Int) {
            let scale = Float(input) / Float(output)
            lower = [Int](repeating: 0, count: output)
            upper = [Int](repeating: 0, count: output)
            lerp = [Float](repeating: 0, count: output)
            for i in 0..<output {
                let s = (Float(i) + 0.5) * scale - 0.5
                let floor = s.rounded(.down)
                lower[i] = max(Int(floor), 0)
                upper[i] = min(Int(s.rounded(.up)), input - 1)
                lerp[i] = s - floor
            }
        }
    }

    /// Resizes the `box` of the image at `input` (`width` pixels a row, `channels` samples a
    /// pixel, `sample(i)` reading sample i) to `height × width` pixels written at `out`.
    /// Inlinable, so that `sample` is specialised into the caller's loop (SynapseImage reads
    /// UInt16 samples through it); a box of the output's size is copied (the weights are 0).
    @inlinable
    public static func resize(box: PixelBox, rowWidth: Int, channels c: Int, height: Int, width: Int,
                              into out: UnsafeMutablePointer<Float>, sample: (Int) -> Float) {
        if box.height == height && box.width == width {
            for i in 0..<height {
                let source = ((box.y + i) * rowWidth + box.x) * c, target = i * width * c
                for k in 0..<(width * c) { out[target + k] = sample(source + k) }
            }
            return
        }
        let ys = Axis(input: box.height, output: height), xs = Axis(input: box.width, output: width)
        let rowStride = rowWidth * c
        for i in 0..<height {
            let top = (box.y + ys.lower[i]) * rowStride, bottom = (box.y + ys.upper[i]) * rowStride
            let ty = ys.lerp[i]
            for j in 0..<width {
                let left = (box.x + xs.lower[j]) * c, right = (box.x + xs.upper[j]) * c
                let tx = xs.lerp[j]
                let target = (i * width + j) * c
                for k in 0..<c {
                    let a = sample(top + left + k), b = sample(top + right + k)
                    let d0 = sample(bottom + left + k), d1 = sample(bottom + right + k)
                    let upper = a + (b - a) * tx
                    let lower = d0 + (d1 - d0) * tx
                    out[target + k] = upper + (lower - upper) * ty
                }
            }
        }
    }
}

extension Tensor {
    /// NHWC images [n, h, w, c] resized to [n, height, width, c] by TensorFlow's bilinear resize
    /// (`tf.image.resize`, Keras's `Resizing`); with `cropToAspectRatio`, the largest centred box
    /// of the target's aspect ratio is resized (Keras's smart_resize). Differentiable.
    public func resizedBilinear(height: Int, width: Int, cropToAspectRatio: Bool = false) -> Tensor {
        guard rank == 4, height > 0, width > 0 else {
            fatalError("resizedBilinear: needs NHWC images of rank 4 and a positive size; got \(shape) to \(height)x\(width)")
        }
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        let box = cropToAspectRatio ? PixelBox.centredCrop(height: h, width: w, targetHeight: height, targetWidth: width)
                                    : PixelBox(y: 0, x: 0, height: h, width: w)
        let source = self
        let y = Tensor.make(shape: [n, height, width, c]) { out in
            let src = UnsafePointer(source.base), dst = out.baseAddress!
            Parallel.forEach(count: n, grain: Swift.max(1, (1 << 15) / Swift.max(1, height * width * c))) { range in
                for image in range {
                    let input = src + image * h * w * c
                    BilinearResize.resize(box: box, rowWidth: w, channels: c, height: height, width: width,
                                          into: dst + image * height * width * c) { input[$0] }
                }
            }
        }
        return Tensor.record(y, inputs: [self]) { g in
            let ys = BilinearResize.Axis(input: box.height, output: height), xs = BilinearResize.Axis(input: box.width, output: width)
            let grad = Tensor.make(shape: [n, h, w, c]) { out in
                let dst = out.baseAddress!
                dst.initialize(repeating: 0, count: out.count)
                g.withUnsafeBufferPointer { gb in
                    for image in 0..<n {
                        let gi = gb.baseAddress! + image * height * width * c, di = dst + image * h * w * c
                        for i in 0..<height {
                            let top = (box.y + ys.lower[i]) * w * c, bottom = (box.y + ys.upper[i]) * w * c, ty = ys.lerp[i]
                            for j in 0..<width {
                                let left = (box.x + xs.lower[j]) * c, right = (box.x + xs.upper[j]) * c, tx = xs.lerp[j]
                                for k in 0..<c {
                                    let v = gi[(i * width + j) * c + k]
                                    di[top + left + k] += (1 - ty) * (1 - tx) * v
                                    di[top + right + k] += (1 - ty) * tx * v
                                    di[bottom + left + k] += ty * (1 - tx) * v
                                    di[bottom + right + k] += ty * tx * v
                                }
                            }
                        }
                    }
                }
            }
            return [grad]
        }
    }
}

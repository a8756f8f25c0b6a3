// Affine resampling of NHWC images, as TensorFlow's ImageProjectiveTransformV3 (what Keras's
// RandomRotation, RandomTranslation and RandomZoom run) with bilinear interpolation. Image i has
// a transform [a0, a1, a2, b0, b1, b2] mapping each output pixel (x, y) to the input point
//   x' = a0·x + a1·y + a2,   y' = b0·x + b1·y + b2
// A point outside the image is first moved in by the fill mode (reflect: about the edges,
// d c b a | a b c d | d c b a; wrap; nearest; constant leaves it), then read bilinearly from its
// four neighbours (x0 = ⌊x'⌋, x1 = x0 + 1, same for y), a neighbour outside the image reading
// `fillValue`:
//   y = (y1 − y')·[(x1 − x')·p00 + (x' − x0)·p01] + (y' − y0)·[(x1 − x')·p10 + (x' − x0)·p11]
// The output is linear in the input, so the gradient sends g back to the same four pixels with
// the same weights.

/// How points outside an image are filled (Keras's fill_mode).
public enum FillMode: String, Sendable, CaseIterable {
    case reflect, wrap, nearest, constant

    /// A coordinate moved into 0 ... length − 1 (TensorFlow's map_coordinate).
    func map(_ c: Float, _ length: Int) -> Float {
        let len = Float(length)
        switch self {
        case .constant:
            return c
        case .nearest:
            return Swift.min(Swift.max(c, 0), len - 1)
        case .wrap:
            guard length > 1 else { return 0 }
            var v = c
            // TensorFlow divides by len − 1 here (and by 2·len for reflect): kept, for its pixels.
            if v < 0 { v += len * (Float(Int(-v / (len - 1))) + 1) }
            else if v > len - 1 { v -= len * Float(Int(v / (len - 1))) }
            return Swift.min(Swift.max(v, 0), len - 1)
        case .reflect:
            guard length > 1 else { return 0 }
            var v = c
            let twice = 2 * len
            if v < 0 {
                if v < -twice { v += twice * Float(Int(-v / twice)) }
                v = v < -len ? v + twice : -v - 1
            } else if v > len - 1 {
                v -= twice * Float(Int(v / twice))
                if v >= len { v = twice - v - 1 }
            }
            return Swift.min(Swift.max(v, 0), len - 1)
        }
    }
}

extension Tensor {
    /// NHWC images [n, h, w, c] resampled through one affine transform per image
    /// ([a0, a1, a2, b0, b1, b2]: output (x, y) reads input (a0·x + a1·y + a2, b0·x + b1·y + b2)),
    /// bilinearly, with points outside filled by `fillMode` (TensorFlow's
    /// ImageProjectiveTransformV3). Differentiable with respect to the images.
    public func affineTransformed(_ transforms: [[Float]], fillMode: FillMode = .reflect, fillValue: Float = 0) -> Tensor {
        guard rank == 4, transforms.count == shape[0], transforms.allSatisfy({ $0.count == 6 }) else {
            fatalError("affineTransformed: needs NHWC images of rank 4 and one 6-number transform per image; got \(shape), \(transforms.count) transforms")
        }
        let (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        // The four neighbours and weights of every output pixel (index −1: outside, reads fillValue).
        typealias Tap = (index: Int, weight: Float)
        func taps(_ t: [Float], _ x: Int, _ y: Int) -> [Tap] {
            let xi = fillMode.map(t[0] * Float(x) + t[1] * Float(y) + t[2], w)
            let yi = fillMode.map(t[3] * Float(x) + t[4] * Float(y) + t[5], h)
            let x0 = xi.rounded(.down), y0 = yi.rounded(.down)
            func at(_ yy: Float, _ xx: Float) -> Int {
                (yy >= 0 && yy < Float(h) && xx >= 0 && xx < Float(w)) ? (Int(yy) * w + Int(xx)) * c : -1
            }
            return [(at(y0, x0), (y0 + 1 - yi) * (x0 + 1 - xi)), (at(y0, x0 + 1), (y0 + 1 - yi) * (xi - x0)),
                    (at(y0 + 1, x0), (yi - y0) * (x0 + 1 - xi)), (at(y0 + 1, x0 + 1), (yi - y0) * (xi - x0))]
        }
        let source = self
        let y = Tensor.make(shape: shape) { out in
            let src = UnsafePointer(source.base), dst = out.baseAddress!
            for image in 0..<n {
                let input = src + image * h * w * c, output = dst + image * h * w * c
                for py in 0..<h {
                    for px in 0..<w {
                        let t = taps(transforms[image], px, py)
                        for k in 0..<c {
                            var v: Float = 0
                            for tap in t { v += tap.weight * (tap.index < 0 ? fillValue : input[tap.index + k]) }
                            output[(py * w + px) * c + k] = v
                        }
                    }
                }
            }
        }
        return Tensor.record(y, inputs: [self]) { g in
            let grad = Tensor.make(shape: [n, h, w, c]) { out in
                let dst = out.baseAddress!
                dst.initialize(repeating: 0, count: out.count)
                g.withUnsafeBufferPointer { gb in
                    for image in 0..<n {
                        let gi = gb.baseAddress! + image * h * w * c, di = dst + image * h * w * c
                        for py in 0..<h {
                            for px in 0..<w {
                                for tap in taps(transforms[image], px, py) where tap.index >= 0 {
                                    for k in 0..<c { di[tap.index + k] += tap.weight * gi[(py * w + px) * c + k] }
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

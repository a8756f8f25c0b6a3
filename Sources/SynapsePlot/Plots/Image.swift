// Images (Matplotlib's imshow): a grey image maps each value through a colour map (grey by
// default, from its minimum to maximum, or 0...1 / 0...255 when asked); an RGB image uses its
// three channels directly (0...1, or 0...255 when any value exceeds 1). Pixel (row r, column c)
// covers [c − 0.5, c + 0.5] × [r − 0.5, r + 0.5], row 0 at the top, one data unit per pixel on
// both axes. Each row is written as runs of equal colour, so flat backgrounds stay small.

import Foundation

/// A raster of colours.
struct ImageRaster: PlotElement {
    var width: Int
    var height: Int
    /// Row-major colours, width × height.
    var pixels: [Color]

    var bounds: DataBounds? {
        DataBounds(xMin: -0.5, xMax: Double(width) - 0.5, yMin: -0.5, yMax: Double(height) - 0.5, tight: true)
    }
    var legendEntries: [LegendEntry] { [] }
    var avoidPoints: [(Double, Double)] { [] }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        svg.group([("class", "image"), ("data-size", "\(width)x\(height)"), ("shape-rendering", "crispEdges")]) { svg in
            for row in 0..<height {
                var column = 0
                while column < width {
                    let color = pixels[row * width + column]
                    var end = column + 1
                    while end < width && pixels[row * width + end] == color { end += 1 }
                    let x0 = transform.x(Double(column) - 0.5), x1 = transform.x(Double(end) - 0.5)
                    let y0 = transform.y(Double(row) - 0.5), y1 = transform.y(Double(row) + 0.5)
                    svg.rect(x: x0, y: min(y0, y1), width: x1 - x0, height: abs(y1 - y0), fill: color)
                    column = end
                }
            }
        }
    }
}

extension Axes {
    /// Shows a grey image given as rows of values, through `colormap` from `vmin` to `vmax`
    /// (nil: the image's own minimum and maximum, as imshow).
    public func image(grey rows: [[Double]], colormap: Colormap = .gray, vmin: Double? = nil, vmax: Double? = nil) {
        let height = rows.count, width = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == width }, "image: every row needs \(width) values")
        let flat = rows.flatMap { $0 }
        let finite = flat.filter(\.isFinite)
        let low = vmin ?? finite.min() ?? 0, high = vmax ?? finite.max() ?? 1
        showImage(ImageRaster(width: width, height: height, pixels: flat.map { colormap.color(for: $0, vmin: low, vmax: high) }))
    }

    /// Shows an RGB image given as rows of (r, g, b) triples in 0...1, or 0...255 when any
    /// value exceeds 1.
    public func image(rgb rows: [[(Double, Double, Double)]]) {
        let height = rows.count, width = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == width }, "image: every row needs \(width) pixels")
        let flat = rows.flatMap { $0 }
        let scale = flat.contains { max($0.0, $0.1, $0.2) > 1 } ? 255.0 : 1.0
        showImage(ImageRaster(width: width, height: height,
                              pixels: flat.map { Color(red: $0.0 / scale, green: $0.1 / scale, blue: $0.2 / scale) }))
    }

    /// Shows an image tensor: grey [h, w] or [h, w, 1], or RGB [h, w, 3] (channels last).
    /// Grey values go through `colormap` from their minimum to maximum; RGB values are taken as
    /// 0...1, or 0...255 when any exceeds 1.
    public func image(_ tensor: Tensor, colormap: Colormap = .gray) throws {
        let shape = tensor.shape
        let values = tensor.scalars.map(Double.init)
        switch shape.count {
        case 2 where true, 3 where shape[2] == 1:
            let height = shape[0], width = shape[1]
            image(grey: (0..<height).map { r in Array(values[(r * width)..<((r + 1) * width)]) }, colormap: colormap)
        case 3 where shape[2] == 3:
            let height = shape[0], width = shape[1]
            image(rgb: (0..<height).map { r in
                (0..<width).map { c in
                    let i = (r * width + c) * 3
                    return (values[i], values[i + 1], values[i + 2])
                }
            })
        default:
            throw SynapseError.shapeMismatch("an image tensor must be [height, width], [height, width, 1] or [height, width, 3]; got \(shape)")
        }
    }

    private func showImage(_ raster: ImageRaster) {
        add(raster)
        yInverted = true
        equalAspect = true
        showsGrid = false
    }
}

extension Figure {
    /// A grid of images with a caption above each (e.g. "label: 7"), axes off: the seed's
    /// sample of training images. `columns` per row; rows as needed.
    public static func imageGrid(_ images: [Tensor], captions: [String]? = nil, columns: Int = 5,
                                 cellSize: Double = 120, colormap: Colormap = .gray) throws -> Figure {
        require(columns > 0, "imageGrid needs at least one column")
        let rows = max(1, (images.count + columns - 1) / columns)
        let figure = Figure(width: Double(columns) * cellSize, height: Double(rows) * (cellSize + 18))
        let axes = figure.subplots(rows: rows, columns: columns)
        for (index, ax) in axes.enumerated() {
            ax.axisOff()
            guard index < images.count else { continue }
            try ax.image(images[index], colormap: colormap)
            if let captions, index < captions.count { ax.title = captions[index] }
        }
        figure.fonts.title = 11
        return figure
    }
}

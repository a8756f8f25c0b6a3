// The legend box: rows of (handle, label) measured with DejaVu Sans widths. The box must fit
// inside the plot area: the font shrinks (down to 7 px), then long labels are cut with "…".
// `.best` tries Matplotlib's candidate positions in order and keeps the first that covers the
// fewest data points.

import Foundation

struct LegendLayout {
    var box: Rect
    var fontSize: Double
    var labels: [String]

    static let padding = 5.0
    static let handleLength = 22.0
    static let handleGap = 6.0
    static let inset = 6.0

    static func rowHeight(_ fontSize: Double) -> Double { TextMetrics.lineHeight(fontSize: fontSize) + 3 }

    /// Size the legend for `entries` so it fits inside `plot` (font shrinks, then labels are cut).
    static func size(entries: [LegendEntry], fitting plot: Rect, preferredFont: Double) -> (width: Double, height: Double, font: Double, labels: [String]) {
        let maxWidth = plot.width - 2 * inset
        let maxHeight = plot.height - 2 * inset
        var font = preferredFont
        func measure(_ font: Double, _ labels: [String]) -> (Double, Double) {
            let textWidth = labels.map { TextMetrics.width($0, fontSize: font) }.max() ?? 0
            let width = 2 * padding + handleLength + handleGap + textWidth
            let height = 2 * padding + Double(labels.count) * rowHeight(font)
            return (width, height)
        }
        var labels = entries.map(\.label)
        while font > 7 {
            let (w, h) = measure(font, labels)
            if w <= maxWidth && h <= maxHeight { break }
            font -= 0.5
        }
        let available = maxWidth - 2 * padding - handleLength - handleGap
        labels = labels.map { TextMetrics.truncate($0, maxWidth: max(available, 0), fontSize: font) }
        let (w, h) = measure(font, labels)
        return (min(w, max(maxWidth, 0)), h, font, labels)
    }

    /// Where to put the legend inside `plot`, avoiding the given pixel points when `.best`.
    static func place(entries: [LegendEntry], in plot: Rect, location: LegendLocation,
                      avoiding points: [(Double, Double)], preferredFont: Double) -> LegendLayout {
        let size = size(entries: entries, fitting: plot, preferredFont: preferredFont)
        func box(_ location: LegendLocation) -> Rect {
            let left = plot.x + inset, right = plot.maxX - inset - size.width, midX = plot.midX - size.width / 2
            let top = plot.y + inset, bottom = plot.maxY - inset - size.height, midY = plot.midY - size.height / 2
            switch location {
            case .best, .upperRight: return Rect(x: right, y: top, width: size.width, height: size.height)
            case .upperLeft: return Rect(x: left, y: top, width: size.width, height: size.height)
            case .lowerLeft: return Rect(x: left, y: bottom, width: size.width, height: size.height)
            case .lowerRight: return Rect(x: right, y: bottom, width: size.width, height: size.height)
            case .centerRight: return Rect(x: right, y: midY, width: size.width, height: size.height)
            case .centerLeft: return Rect(x: left, y: midY, width: size.width, height: size.height)
            case .lowerCenter: return Rect(x: midX, y: bottom, width: size.width, height: size.height)
            case .upperCenter: return Rect(x: midX, y: top, width: size.width, height: size.height)
            case .center: return Rect(x: midX, y: midY, width: size.width, height: size.height)
            }
        }
        var chosen = box(location)
        if location == .best {
            var fewest = Int.max
            for candidate in LegendLocation.allCases where candidate != .best {
                let rect = box(candidate)
                let covered = points.reduce(0) { $0 + (rect.contains($1.0, $1.1) ? 1 : 0) }
                if covered < fewest {
                    fewest = covered
                    chosen = rect
                }
            }
        }
        return LegendLayout(box: chosen, fontSize: size.font, labels: size.labels)
    }

    func draw(entries: [LegendEntry], into svg: inout SVGWriter) {
        svg.group([("class", "legend")]) { svg in
            svg.rect(x: box.x, y: box.y, width: box.width, height: box.height,
                     fill: Color(hex: 0xFFFFFF, alpha: 0.85), stroke: Color(hex: 0xCCCCCC), strokeWidth: 1,
                     cssClass: "legend-frame")
            let row = LegendLayout.rowHeight(fontSize)
            for (index, entry) in entries.enumerated() {
                let centerY = box.y + LegendLayout.padding + (Double(index) + 0.5) * row
                let handleX = box.x + LegendLayout.padding
                LegendLayout.drawHandle(entry, x: handleX, centerY: centerY, fontSize: fontSize, into: &svg)
                svg.text(labels[index], x: handleX + LegendLayout.handleLength + LegendLayout.handleGap,
                         y: centerY, fontSize: fontSize, centeredVertically: true, cssClass: "legend-label")
            }
        }
    }

    static func drawHandle(_ entry: LegendEntry, x: Double, centerY: Double, fontSize: Double, into svg: inout SVGWriter) {
        switch entry.handle {
        case let .line(style, width, marker):
            if style != .none {
                svg.line(x1: x, y1: centerY, x2: x + handleLength, y2: centerY, stroke: entry.color,
                         width: width, dash: style.dashArray(width: width))
            }
            marker.draw(into: &svg, x: x + handleLength / 2, y: centerY, size: 6, fill: entry.color, edge: nil)
        case .patch:
            svg.rect(x: x + 2, y: centerY - fontSize * 0.4, width: handleLength - 4, height: fontSize * 0.8,
                     fill: entry.color, stroke: nil)
        case let .marker(marker):
            marker.draw(into: &svg, x: x + handleLength / 2, y: centerY, size: 7, fill: entry.color.withAlpha(1), edge: nil)
        }
    }
}

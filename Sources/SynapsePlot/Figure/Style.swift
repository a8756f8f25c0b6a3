// Line styles and markers, with Matplotlib's names ('-', '--', '-.', ':' and 'o', 's', '^', ...).

/// How a line is drawn.
public enum LineStyle: String, Sendable {
    case solid = "-"
    case dashed = "--"
    case dashDot = "-."
    case dotted = ":"
    case none = ""

    /// The SVG stroke-dasharray for a line of width `w` (Matplotlib's dash patterns scale with
    /// the line width).
    func dashArray(width w: Double) -> String? {
        switch self {
        case .solid, .none: return nil
        case .dashed: return "\(SVGWriter.number(3.7 * w)) \(SVGWriter.number(1.6 * w))"
        case .dashDot: return "\(SVGWriter.number(6.4 * w)) \(SVGWriter.number(1.6 * w)) \(SVGWriter.number(w)) \(SVGWriter.number(1.6 * w))"
        case .dotted: return "\(SVGWriter.number(w)) \(SVGWriter.number(1.65 * w))"
        }
    }
}

/// A mark drawn at each data point.
public enum Marker: String, Sendable {
    case none = ""
    case circle = "o"
    case square = "s"
    case triangle = "^"
    case diamond = "D"
    case plus = "+"
    case cross = "x"
    case point = "."

    /// Writes the marker centred on (x, y) with the given diameter.
    func draw(into svg: inout SVGWriter, x: Double, y: Double, size: Double, fill: Color, edge: Color?) {
        let r = size / 2
        let n = SVGWriter.number
        switch self {
        case .none:
            return
        case .circle, .point:
            let radius = self == .point ? r * 0.5 : r
            svg.element("circle", [("cx", n(x)), ("cy", n(y)), ("r", n(radius))]
                + SVGWriter.paint(fill: fill, stroke: edge, strokeWidth: 0.5))
        case .square:
            svg.rect(x: x - r, y: y - r, width: size, height: size, fill: fill, stroke: edge, strokeWidth: 0.5)
        case .triangle:
            svg.element("polygon", [("points", SVGWriter.points([(x, y - r), (x + r, y + r * 0.8), (x - r, y + r * 0.8)]))]
                + SVGWriter.paint(fill: fill, stroke: edge, strokeWidth: 0.5))
        case .diamond:
            svg.element("polygon", [("points", SVGWriter.points([(x, y - r), (x + r, y), (x, y + r), (x - r, y)]))]
                + SVGWriter.paint(fill: fill, stroke: edge, strokeWidth: 0.5))
        case .plus:
            svg.element("path", [("d", "M\(n(x - r)),\(n(y))H\(n(x + r))M\(n(x)),\(n(y - r))V\(n(y + r))")]
                + SVGWriter.paint(fill: nil, stroke: fill, strokeWidth: 1.2))
        case .cross:
            svg.element("path", [("d", "M\(n(x - r)),\(n(y - r))L\(n(x + r)),\(n(y + r))M\(n(x - r)),\(n(y + r))L\(n(x + r)),\(n(y - r))")]
                + SVGWriter.paint(fill: nil, stroke: fill, strokeWidth: 1.2))
        }
    }
}

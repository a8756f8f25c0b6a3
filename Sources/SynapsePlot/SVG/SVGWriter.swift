// A small writer of SVG 1.1 text: elements with attributes in a fixed order, escaped text,
// numbers with at most two decimals. Every figure goes through it, so the output is valid
// XML that both browsers and rsvg-convert read.

import Foundation

/// How a text element is anchored horizontally at its x coordinate.
enum TextAnchor: String {
    case start, middle, end
}

/// Accumulates SVG markup.
struct SVGWriter {
    private(set) var markup = ""
    private var nextID = 0
    /// Prepended to every id, so that several SVGs inlined in one HTML page never share one.
    var idPrefix = ""

    /// Escapes the five XML special characters, for text content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate or length: two decimals at most, no trailing zeros, never "-0".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A fresh id, unique within this document (clip paths, gradients).
    mutating func uniqueID(_ prefix: String) -> String {
        nextID += 1
        return "\(idPrefix)\(prefix)\(nextID)"
    }

    private static func attributeText(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// `<tag a="v" ...>` — to be closed with `close(tag)`.
    mutating func open(_ tag: String, _ attributes: [(String, String)] = []) {
        markup += "<\(tag)\(SVGWriter.attributeText(attributes))>\n"
    }

    mutating func close(_ tag: String) {
        markup += "</\(tag)>\n"
    }

    /// An empty element `<tag a="v" .../>`.
    mutating func element(_ tag: String, _ attributes: [(String, String)]) {
        markup += "<\(tag)\(SVGWriter.attributeText(attributes))/>\n"
    }

    /// Markup written elsewhere (already valid).
    mutating func raw(_ text: String) {
        markup += text
    }

    /// A group; `body` writes its children.
    mutating func group(_ attributes: [(String, String)], _ body: (inout SVGWriter) -> Void) {
        open("g", attributes)
        body(&self)
        close("g")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: Color?,
                       stroke: Color? = nil, strokeWidth: Double = 1, cssClass: String? = nil,
                       extra: [(String, String)] = []) {
        var attributes: [(String, String)] = []
        if let cssClass { attributes.append(("class", cssClass)) }
        attributes += [("x", SVGWriter.number(x)), ("y", SVGWriter.number(y)),
                       ("width", SVGWriter.number(max(width, 0))), ("height", SVGWriter.number(max(height, 0)))]
        attributes += SVGWriter.paint(fill: fill, stroke: stroke, strokeWidth: strokeWidth)
        element("rect", attributes + extra)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: Color,
                       width: Double = 1, dash: String? = nil, cssClass: String? = nil) {
        var attributes: [(String, String)] = []
        if let cssClass { attributes.append(("class", cssClass)) }
        attributes += [("x1", SVGWriter.number(x1)), ("y1", SVGWriter.number(y1)),
                       ("x2", SVGWriter.number(x2)), ("y2", SVGWriter.number(y2))]
        attributes += SVGWriter.paint(fill: nil, stroke: stroke, strokeWidth: width)
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        element("line", attributes)
    }

    /// A text element. `y` is the baseline unless `centeredVertically`, in which case the text
    /// is centred on `y` (the baseline is moved down by 0.36 em, half DejaVu's cap height).
    /// `rotation` in degrees turns the text about its anchor point (−90 reads bottom to top).
    mutating func text(_ string: String, x: Double, y: Double, fontSize: Double,
                       anchor: TextAnchor = .start, centeredVertically: Bool = false,
                       rotation: Double = 0, color: Color = Color(hex: 0x262626),
                       bold: Bool = false, cssClass: String? = nil) {
        let baseline = centeredVertically ? y + 0.36 * fontSize : y
        var attributes: [(String, String)] = []
        if let cssClass { attributes.append(("class", cssClass)) }
        attributes += [("x", SVGWriter.number(x)), ("y", SVGWriter.number(baseline)),
                       ("font-size", SVGWriter.number(fontSize))]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if bold { attributes.append(("font-weight", "bold")) }
        if color != Color(hex: 0x262626) { attributes.append(("fill", color.hexString)) }
        if rotation != 0 {
            attributes.append(("transform", "rotate(\(SVGWriter.number(rotation)) \(SVGWriter.number(x)) \(SVGWriter.number(y)))"))
        }
        markup += "<text\(SVGWriter.attributeText(attributes))>\(SVGWriter.escape(string))</text>\n"
    }

    /// Fill and stroke attributes, with opacities only when below 1.
    static func paint(fill: Color?, stroke: Color?, strokeWidth: Double) -> [(String, String)] {
        var attributes: [(String, String)] = [("fill", fill?.hexString ?? "none")]
        if let fill, fill.alpha < 1 { attributes.append(("fill-opacity", number3(fill.alpha))) }
        if let stroke {
            attributes.append(("stroke", stroke.hexString))
            attributes.append(("stroke-width", number(strokeWidth)))
            if stroke.alpha < 1 { attributes.append(("stroke-opacity", number3(stroke.alpha))) }
        }
        return attributes
    }

    static func number3(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A polyline's `points` attribute.
    static func points(_ points: [(Double, Double)]) -> String {
        points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
    }
}

// Test helpers: parse a figure's SVG as XML (FoundationXML) into a plain tree, find its parts by
// class, and compute the box a text element covers (with the same DejaVu Sans widths the layout
// uses), rotation included. libxml2 is not safe to drive from parallel tests, so parsing holds
// a lock and the tree it returns is plain Swift values.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import SynapsePlot

enum SVGInspectionError: Error {
    case notAnSVG(String)
}

/// One element of a parsed SVG.
final class SVGNode {
    let name: String
    let attributes: [String: String]
    let children: [SVGNode]
    /// The concatenated text inside the element.
    let stringValue: String?

    init(_ element: XMLElement) {
        name = element.localName ?? element.name ?? ""
        var attributes: [String: String] = [:]
        for attribute in element.attributes ?? [] {
            if let key = attribute.localName ?? attribute.name { attributes[key] = attribute.stringValue ?? "" }
        }
        self.attributes = attributes
        children = (element.children ?? []).compactMap { $0 as? XMLElement }.map(SVGNode.init)
        stringValue = element.stringValue
    }

    func string(_ name: String) -> String? { attributes[name] }
    func number(_ name: String) -> Double { Double(attributes[name] ?? "") ?? .nan }
    /// The numbers of a space-separated attribute such as data-xlim="0 10".
    func numbers(_ name: String) -> [Double] { (attributes[name] ?? "").split(separator: " ").compactMap { Double($0) } }

    /// This node and every node below it, in document order.
    var subtree: [SVGNode] { [self] + children.flatMap(\.subtree) }

    var classes: [Substring] { (attributes["class"] ?? "").split(separator: " ") }
}

private let xmlLock = NSLock()

struct ParsedSVG {
    let root: SVGNode
    let width: Double
    let height: Double

    init(_ svg: String) throws {
        xmlLock.lock()
        defer { xmlLock.unlock() }
        let document = try XMLDocument(xmlString: svg, options: [])
        guard let element = document.rootElement() else { throw SVGInspectionError.notAnSVG(String(svg.prefix(300))) }
        root = SVGNode(element)
        guard root.name == "svg", let width = Double(root.string("width") ?? ""), let height = Double(root.string("height") ?? "") else {
            throw SVGInspectionError.notAnSVG(String(svg.prefix(300)))
        }
        self.width = width
        self.height = height
    }

    init(_ figure: Figure) throws { try self.init(figure.svg()) }

    /// Elements whose class list contains `cssClass`.
    func elements(_ cssClass: String) -> [SVGNode] {
        root.subtree.filter { $0.classes.contains(Substring(cssClass)) }
    }

    /// Elements with a given tag name below `element` (or anywhere).
    func descendants(_ tag: String, of element: SVGNode? = nil) -> [SVGNode] {
        (element ?? root).subtree.dropFirst().filter { $0.name == tag }
    }

    /// Text content of the elements of a class.
    func texts(_ cssClass: String) -> [String] { elements(cssClass).map { $0.stringValue ?? "" } }

    /// All text elements.
    var allTexts: [SVGNode] { descendants("text") }
}

/// The rectangle (minX, minY, maxX, maxY) a text element covers on the page.
func textBox(_ text: SVGNode) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
    let x = text.number("x"), y = text.number("y"), size = text.number("font-size")
    let bold = text.string("font-weight") == "bold"
    let width = TextMetrics.width(text.stringValue ?? "", fontSize: size, bold: bold)
    let left: Double
    switch text.string("text-anchor") ?? "start" {
    case "middle": left = x - width / 2
    case "end": left = x - width
    default: left = x
    }
    var corners = [(left, y - 0.93 * size), (left + width, y - 0.93 * size), (left, y + 0.24 * size), (left + width, y + 0.24 * size)]
    if let transform = text.string("transform"), transform.hasPrefix("rotate(") {
        let parts = transform.dropFirst(7).dropLast().split(separator: " ").compactMap { Double($0) }
        let angle = parts[0] * .pi / 180, cx = parts[1], cy = parts[2]
        corners = corners.map { px, py in
            let dx = px - cx, dy = py - cy
            return (cx + dx * cos(angle) - dy * sin(angle), cy + dx * sin(angle) + dy * cos(angle))
        }
    }
    return (corners.map(\.0).min()!, corners.map(\.1).min()!, corners.map(\.0).max()!, corners.map(\.1).max()!)
}

/// Texts that stick out of the page (with a half-pixel tolerance), as "text: box".
func textsOutsideFigure(_ svg: ParsedSVG) -> [String] {
    svg.allTexts.compactMap { text in
        let box = textBox(text)
        let inside = box.minX >= -0.5 && box.minY >= -0.5 && box.maxX <= svg.width + 0.5 && box.maxY <= svg.height + 0.5
        return inside ? nil : "\(text.stringValue ?? ""): \(box)"
    }
}

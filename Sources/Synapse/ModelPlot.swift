// plot(model): a model's graph as SVG (Keras's keras.utils.plot_model): one box per layer,
// labelled "name (Class)" and, with showShapes, its output shape; an arrow for each value a
// layer reads, from the layer that makes it. Rows are depths — a layer sits one row below the
// deepest layer it reads (first calls first; a shared layer's later calls do not move it), as
// Graphviz ranks plot_model's graph top to bottom. A layer that reads its own output (a shared
// layer called on itself) has a loop on its right. Lives in the umbrella: SynapseNN knows
// nothing of drawing, SynapsePlot nothing of models.

import Foundation

/// A model's graph drawn as SVG.
public struct ModelPlot {
    /// The SVG document.
    public let svg: String

    /// Writes the SVG document to `path`, atomically.
    public func writeSVG(to path: String) throws {
        try FileIO.write(Data(svg.utf8), to: path)
    }
}

/// Draws the graph of `model` (Sequential, functional or built subclassed) as SVG, as Keras's
/// `plot_model(model, show_shapes=...)`.
public func plot(_ model: Model, showShapes: Bool = true) -> ModelPlot {
    // The layers and, for each, the layers whose outputs it reads.
    var layers: [Layer] = [], reads: [ObjectIdentifier: [Layer]] = [:], shapes: [ObjectIdentifier: [Int]] = [:]
    let edges = model.layerEdges()
    for (layer, inputs, shape) in edges {
        let id = ObjectIdentifier(layer)
        if reads[id] == nil { layers.append(layer); shapes[id] = shape }
        for input in inputs where !(reads[id, default: []].contains { $0 === input }) { reads[id, default: []].append(input) }
    }
    var depth: [ObjectIdentifier: Int] = [:]
    for layer in layers {
        let id = ObjectIdentifier(layer)
        depth[id] = (reads[id] ?? []).filter { $0 !== layer }.compactMap { depth[ObjectIdentifier($0)] }.map { $0 + 1 }.max() ?? 0
    }
    let fontSize = 12.0, boxHeight = showShapes ? 44.0 : 28.0, rowGap = 36.0, columnGap = 24.0, margin = 20.0
    func labels(_ layer: Layer) -> [String] {
        let title = "\(layer.name) (\(type(of: layer).className))"
        guard showShapes, let shape = shapes[ObjectIdentifier(layer)] else { return [title] }
        return [title, "output: " + shapeLabel(shape)]
    }
    func width(_ layer: Layer) -> Double {
        (labels(layer).map { TextMetrics.width($0, fontSize: fontSize) }.max() ?? 40) + 20
    }
    let rows = Dictionary(grouping: layers) { depth[ObjectIdentifier($0)]! }
    let rowWidths = rows.mapValues { row in row.map(width).reduce(0, +) + Double(row.count - 1) * columnGap }
    let totalWidth = (rowWidths.values.max() ?? 100) + 2 * margin + 30
    var frames: [ObjectIdentifier: (x: Double, y: Double, w: Double)] = [:]
    for (row, members) in rows {
        var x = (totalWidth - rowWidths[row]!) / 2
        for layer in members {
            let w = width(layer)
            frames[ObjectIdentifier(layer)] = (x, margin + Double(row) * (boxHeight + rowGap), w)
            x += w + columnGap
        }
    }
    let totalHeight = margin * 2 + Double(rows.count) * boxHeight + Double(Swift.max(0, rows.count - 1)) * rowGap
    func n(_ v: Double) -> String { String(format: "%.2f", v) }
    func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
    var out = """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(n(totalWidth))" height="\(n(totalHeight))" viewBox="0 0 \(n(totalWidth)) \(n(totalHeight))">
    <title>\(escape(model.name))</title>
    <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">\
    <path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>
    <rect width="100%" height="100%" fill="white"/>

    """
    for layer in layers {
        let to = frames[ObjectIdentifier(layer)]!
        for input in reads[ObjectIdentifier(layer)] ?? [] {
            if input === layer {
                let x = to.x + to.w, y = to.y + boxHeight / 2
                out += "<path class=\"edge\" d=\"M\(n(x)),\(n(y - 8)) C\(n(x + 28)),\(n(y - 20)) \(n(x + 28)),\(n(y + 20)) \(n(x)),\(n(y + 8))\" "
                    + "fill=\"none\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>\n"
                continue
            }
            let from = frames[ObjectIdentifier(input)]!
            out += "<line class=\"edge\" x1=\"\(n(from.x + from.w / 2))\" y1=\"\(n(from.y + boxHeight))\" x2=\"\(n(to.x + to.w / 2))\" "
                + "y2=\"\(n(to.y))\" stroke=\"#333\" marker-end=\"url(#arrow)\"/>\n"
        }
    }
    for layer in layers {
        let f = frames[ObjectIdentifier(layer)]!
        out += "<g class=\"layer\"><rect x=\"\(n(f.x))\" y=\"\(n(f.y))\" width=\"\(n(f.w))\" height=\"\(n(boxHeight))\" rx=\"4\" "
            + "fill=\"#f5f7fa\" stroke=\"#333\"/>"
        for (i, text) in labels(layer).enumerated() {
            let y = f.y + (showShapes ? 18 + Double(i) * 16 : 18)
            out += "<text x=\"\(n(f.x + f.w / 2))\" y=\"\(n(y))\" font-family=\"\(TextMetrics.fontFamily)\" font-size=\"\(n(fontSize))\" "
                + "text-anchor=\"middle\"\(i == 0 ? " font-weight=\"bold\"" : "")>\(escape(text))</text>"
        }
        out += "</g>\n"
    }
    return ModelPlot(svg: out + "</svg>\n")
}

/// (None, 4), as Keras prints shapes.
private func shapeLabel(_ shape: [Int]) -> String {
    let parts = ["None"] + shape.map(String.init)
    return "(" + parts.joined(separator: ", ") + (parts.count == 1 ? ",)" : ")")
}

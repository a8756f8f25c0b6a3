// summary(): Keras 3's table — layer name and type, output shape, parameter count — then the
// totals, trainable and non-trainable, with their size in memory (4 bytes per float32).
// A functional model adds Keras's "Connected to" column: the values each call of the layer
// reads, as <layer>[<call>][0], with cells wrapped at word boundaries as Keras wraps them.

import Foundation

extension Model {
    /// The summary table as Keras prints it; `print` writes it to standard output too.
    @discardableResult
    public func summary(print shouldPrint: Bool = true) -> String {
        // A model that declares its input is built on demand, so its parameters show (as Keras).
        try? buildIfNeeded(sampleShape: nil)
        if let graph { return graphSummary(graph, print: shouldPrint) }
        let widths = [33, 24, 15]
        func row(_ cells: [String], _ left: String, _ sep: String, _ right: String) -> String {
            let padded = zip(cells, widths).enumerated().map { i, pair -> String in
                let (text, width) = pair
                let cut = text.count > width - 2 ? String(text.prefix(width - 3)) + "…" : text
                let space = String(repeating: " ", count: Swift.max(0, width - 2 - cut.count))
                return " " + (i == 2 ? space + cut : cut + space) + " "
            }
            return left + padded.joined(separator: sep) + right
        }
        func rule(_ l: String, _ fill: String, _ sep: String, _ r: String) -> String {
            l + widths.map { String(repeating: fill, count: $0) }.joined(separator: sep) + r
        }
        var lines = ["Model: \"\(name)\""]
        lines.append(rule("┏", "━", "┳", "┓"))
        lines.append(row(["Layer (type)", "Output Shape", "Param #"], "┃", "┃", "┃"))
        lines.append(rule("┡", "━", "╇", "┩"))
        var shape = inputShape
        let shown = layers.filter { !($0 is Input) }
        for (i, layer) in shown.enumerated() {
            let out = shape.flatMap { try? layer.outputShape(forInputShape: $0) }
            shape = out
            let type = String(describing: Swift.type(of: layer))
            lines.append(row(["\(layer.name) (\(type))", out.map { shapeText($0) } ?? "?", grouped(layer.parameterCount)], "│", "│", "│"))
            if i < shown.count - 1 { lines.append(rule("├", "─", "┼", "┤")) }
        }
        lines.append(rule("└", "─", "┴", "┘"))
        lines += totals
        let text = lines.joined(separator: "\n")
        if shouldPrint { Swift.print(text) }
        return text
    }

    /// The three totals lines under the table.
    private var totals: [String] {
        let trainable = trainableWeights.reduce(0) { $0 + $1.value.count }
        let total = parameterCount
        return [" Total params: \(grouped(total)) (\(bytes(total)))",
                " Trainable params: \(grouped(trainable)) (\(bytes(trainable)))",
                " Non-trainable params: \(grouped(total - trainable)) (\(bytes(total - trainable)))"]
    }

    /// The functional model's table, with the "Connected to" column.
    private func graphSummary(_ graph: Graph, print shouldPrint: Bool) -> String {
        let widths = [21, 19, 12, 19]
        // <layer>[<call index>][0] for each value, as Keras names a layer's outputs.
        var refs: [ObjectIdentifier: String] = [:], calls: [ObjectIdentifier: Int] = [:]
        var connected: [ObjectIdentifier: [String]] = [:], shapes: [ObjectIdentifier: [Int]] = [:]
        for t in graph.inputs {
            refs[ObjectIdentifier(t)] = "\(t.layer.name)[0][0]"
            shapes[ObjectIdentifier(t.layer)] = t.shape
        }
        for node in graph.nodes {
            let id = ObjectIdentifier(node.layer)
            let index = calls[id, default: 0]
            calls[id] = index + 1
            refs[ObjectIdentifier(node)] = "\(node.layer.name)[\(index)][0]"
            connected[id, default: []] += node.inputs.map { refs[ObjectIdentifier($0)]! }
            if shapes[id] == nil { shapes[id] = node.shape }
        }
        func row(_ cells: [String]) -> [String] {
            let wrapped = zip(cells, widths).map { wrap($0, width: $1 - 2) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                "│" + zip(wrapped, widths).enumerated().map { i, pair -> String in
                    let (parts, width) = pair
                    let text = line < parts.count ? parts[line] : ""
                    let space = String(repeating: " ", count: Swift.max(0, width - 2 - text.count))
                    return " " + (i == 2 ? space + text : text + space) + " "
                }.joined(separator: "│") + "│"
            }
        }
        func rule(_ l: String, _ fill: String, _ sep: String, _ r: String) -> String {
            l + widths.map { String(repeating: fill, count: $0) }.joined(separator: sep) + r
        }
        var lines = ["Model: \"\(name)\""]
        lines.append(rule("┏", "━", "┳", "┓"))
        lines += row(["Layer (type)", "Output Shape", "Param #", "Connected to"]).map {
            $0.replacingOccurrences(of: "│", with: "┃")
        }
        lines.append(rule("┡", "━", "╇", "┩"))
        for (i, layer) in layers.enumerated() {
            let id = ObjectIdentifier(layer)
            let links = connected[id].map { refs in refs.enumerated().map { $0 < refs.count - 1 ? $1 + "," : $1 } } ?? ["-"]
            lines += row(["\(layer.name) (\(type(of: layer).className))", shapes[id].map { shapeText($0) } ?? "?",
                          grouped(layer.parameterCount), links.joined(separator: " ")])
            if i < layers.count - 1 { lines.append(rule("├", "─", "┼", "┤")) }
        }
        lines.append(rule("└", "─", "┴", "┘"))
        lines += totals
        let text = lines.joined(separator: "\n")
        if shouldPrint { Swift.print(text) }
        return text
    }
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word is cut).
private func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = [], current = ""
    for word in text.split(separator: " ").map(String.init) {
        if current.isEmpty { current = word } else if current.count + 1 + word.count <= width { current += " " + word } else {
            lines.append(current)
            current = word
        }
        while current.count > width {
            lines.append(String(current.prefix(width)))
            current = String(current.dropFirst(width))
        }
    }
    return lines + [current]
}

/// 1411 → "1,411".
private func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(c)
    }
    return out
}

/// Parameter memory as Keras prints it: "5.51 KB", "0.00 B".
private func bytes(_ parameters: Int) -> String {
    let b = Double(parameters * 4)
    if b < 1024 { return String(format: "%.2f B", b) }
    if b < 1024 * 1024 { return String(format: "%.2f KB", b / 1024) }
    return String(format: "%.2f MB", b / 1024 / 1024)
}

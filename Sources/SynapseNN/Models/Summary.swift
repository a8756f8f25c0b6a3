// summary(): Keras 3's table — layer name and type, output shape, parameter count — then the
// totals, trainable and non-trainable, with their size in memory (4 bytes per float32).

import Foundation

extension Model {
    /// The summary table as Keras prints it; `print` writes it to standard output too.
    @discardableResult
    public func summary(print shouldPrint: Bool = true) -> String {
        // A model that declares its input is built on demand, so its parameters show (as Keras).
        try? buildIfNeeded(sampleShape: nil)
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
        let trainable = trainableWeights.reduce(0) { $0 + $1.value.count }
        let total = parameterCount
        lines.append(" Total params: \(grouped(total)) (\(bytes(total)))")
        lines.append(" Trainable params: \(grouped(trainable)) (\(bytes(trainable)))")
        lines.append(" Non-trainable params: \(grouped(total - trainable)) (\(bytes(total - trainable)))")
        let text = lines.joined(separator: "\n")
        if shouldPrint { Swift.print(text) }
        return text
    }
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

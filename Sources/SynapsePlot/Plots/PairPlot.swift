// Pair plot (seaborn's pairplot): for k columns a k × k grid; cell (i, j) scatters column j
// (x) against column i (y); the diagonal shows each column's distribution, as a histogram or a
// KDE, per class when a label is given. Names appear only on the left column and bottom row;
// classes get one legend for the whole figure, sorted (numerically when
// every class name is a number, as seaborn orders a numeric hue).

extension Figure {
    /// What the diagonal of a pair plot shows.
    public enum PairDiagonal: Sendable {
        case histogram, kde
    }

    /// A pair plot of named columns, optionally coloured by a class per row.
    /// - Parameters:
    ///   - columns: (name, values) pairs of equal length.
    ///   - classes: a class name per row (seaborn's `hue`); nil for one colour.
    ///   - diagonal: histograms or KDE curves on the diagonal.
    ///   - cellSize: the side of one cell in pixels.
    public static func pairPlot(_ columns: [(name: String, values: [Double])], classes: [String]? = nil,
                                classTitle: String? = nil, diagonal: PairDiagonal = .histogram,
                                palette: [Color]? = nil, cellSize: Double = 200, alpha: Double = 0.6) -> Figure {
        let k = columns.count
        require(k > 0, "pairPlot needs at least one column")
        let rowCount = columns[0].values.count
        require(columns.allSatisfy { $0.values.count == rowCount }, "pairPlot: every column needs \(rowCount) values")
        if let classes { require(classes.count == rowCount, "pairPlot: \(classes.count) classes for \(rowCount) rows") }

        let names = classes.map(classOrder) ?? [""]
        let colors = names.indices.map { index in palette.map { $0[index % $0.count] } ?? ColorCycle.color(index) }
        let members: [[Int]] = classes.map { c in names.map { name in c.indices.filter { c[$0] == name } } }
            ?? [Array(0..<rowCount)]

        let legendWidth = classes == nil ? 0.0 : 120.0
        let figure = Figure(width: Double(k) * cellSize + legendWidth, height: Double(k) * cellSize)
        let grid = figure.subplots(rows: k, columns: k)
        for i in 0..<k {
            for j in 0..<k {
                let ax = grid[i * k + j]
                ax.showsLegend = false
                if i == j {
                    for (c, rows) in members.enumerated() {
                        let values = rows.map { columns[i].values[$0] }
                        switch diagonal {
                        case .histogram: ax.histogram(values, bins: 20, color: colors[c], alpha: 0.55)
                        case .kde: ax.kde(values, color: colors[c], fill: true)
                        }
                    }
                    ax.yLabel = nil
                } else {
                    for (c, rows) in members.enumerated() {
                        ax.scatter(x: rows.map { columns[j].values[$0] }, y: rows.map { columns[i].values[$0] },
                                   color: colors[c], alpha: alpha, size: 4.5)
                    }
                }
                ax.xLabel = i == k - 1 ? columns[j].name : nil
                ax.yLabel = j == 0 ? columns[i].name : nil
            }
        }
        if classes != nil {
            figure.figureLegend = zip(names, colors).map { LegendEntry(label: $0, color: $1, handle: .marker(.circle)) }
            figure.figureLegendTitle = classTitle
        }
        figure.fonts.tick = 9
        figure.fonts.label = 11
        return figure
    }
}

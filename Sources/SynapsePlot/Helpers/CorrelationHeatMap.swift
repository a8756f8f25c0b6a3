// The correlation heat map of a data frame (seaborn's heatmap(df.corr(), annot=True,
// cmap='coolwarm')), from a plain matrix and its labels. The colour scale is fixed to −1...1
// so that 0 is the neutral middle of 'coolwarm'. `correlationMatrix` is for callers that
// have only columns (Statistics.pearson for each pair).

extension Figure {
    /// A figure of a correlation matrix with names on both axes, values written in the cells
    /// when `annotate`, and a colour bar. The size grows with the number of columns, and long
    /// names shrink or turn so they stay inside the figure.
    public static func correlationHeatMap(_ matrix: [[Double]], labels: [String], annotate: Bool = true,
                                          title: String? = "Correlation", colormap: Colormap = .coolwarm,
                                          size: Double? = nil) -> Figure {
        require(matrix.count == labels.count, "correlationHeatMap: \(matrix.count) rows but \(labels.count) labels")
        let side = size ?? min(1400, max(520, Double(labels.count) * 34 + 260))
        let figure = Figure(width: side + 70, height: side)
        let ax = figure.addAxes()
        ax.heatMap(matrix, rowLabels: labels, columnLabels: labels, colormap: colormap, vmin: -1, vmax: 1,
                   annotate: annotate, decimals: 2)
        ax.title = title
        return figure
    }

    /// Pearson correlation matrix of equal-length columns (NaN where a column is constant),
    /// over pairwise-complete rows as Pandas's `corr()`.
    public static func correlationMatrix(_ columns: [[Double]]) -> [[Double]] {
        columns.map { x in columns.map { y in Statistics.pearson(x, y) } }
    }
}

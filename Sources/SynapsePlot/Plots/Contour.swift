// Contour lines (Matplotlib's `contour`) and step paths (an optimiser's walk on a loss surface).
//
// Contours by marching squares. z[i][j] is the value at (x[j], y[i]). For a level c, each grid
// cell's four corners are above c or not; an edge whose two ends differ is crossed at
//     t = (c − z₀) / (z₁ − z₀)      (linear interpolation along the edge)
// and the cell joins its crossings in pairs: two crossings make one segment; four (a saddle,
// opposite corners above) make two, split by the cell's mean: when the mean is above c the
// corners below are cut off, else the corners above. Every crossing lies on an edge shared by
// at most two cells, so the segments chain into polylines through their shared edges.
//
// A path is a polyline with a marker at each point and an arrowhead on each step long enough
// to carry one, pointing from one point to the next.

import Foundation

/// Contour lines of one grid: one polyline group per level, coloured along a colour map.
struct ContourLines: PlotElement {
    var x: [Double]
    var y: [Double]
    var z: [[Double]]
    var levels: [Double]
    var colors: [Color]
    var width: Double

    var bounds: DataBounds? {
        guard let x0 = x.first, let x1 = x.last, let y0 = y.first, let y1 = y.last else { return nil }
        return DataBounds(xMin: min(x0, x1), xMax: max(x0, x1), yMin: min(y0, y1), yMax: max(y0, y1), tight: true)
    }
    var legendEntries: [LegendEntry] { [] }
    var avoidPoints: [(Double, Double)] { [] }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        svg.group([("class", "contour")]) { svg in
            for (level, color) in zip(levels, colors) {
                let lines = ContourLines.trace(x: x, y: y, z: z, level: level)
                guard !lines.isEmpty else { continue }
                svg.group([("class", "contour-level"), ("data-level", "\(level)")]) { svg in
                    for line in lines {
                        let points = line.map { (transform.x($0.0), transform.y($0.1)) }
                        svg.element("polyline", [("points", SVGWriter.points(points))]
                            + SVGWriter.paint(fill: nil, stroke: color, strokeWidth: width)
                            + [("stroke-linejoin", "round")])
                    }
                }
            }
        }
    }

    /// The polylines where z crosses `level`, in data coordinates.
    static func trace(x: [Double], y: [Double], z: [[Double]], level: Double) -> [[(Double, Double)]] {
        let rows = y.count, columns = x.count
        guard rows >= 2, columns >= 2, z.count == rows, z.allSatisfy({ $0.count == columns }) else { return [] }
        // An edge: (row, column, vertical). A horizontal edge joins (i, j)–(i, j+1), a vertical one (i, j)–(i+1, j).
        struct Edge: Hashable { var i: Int; var j: Int; var vertical: Bool }
        func above(_ i: Int, _ j: Int) -> Bool { z[i][j] > level }
        func point(on e: Edge) -> (Double, Double) {
            let (i1, j1) = e.vertical ? (e.i + 1, e.j) : (e.i, e.j + 1)
            let z0 = z[e.i][e.j], z1 = z[i1][j1]
            let t = z1 == z0 ? 0.5 : (level - z0) / (z1 - z0)
            return (x[e.j] + t * (x[j1] - x[e.j]), y[e.i] + t * (y[i1] - y[e.i]))
        }
        var neighbours: [Edge: [Edge]] = [:]
        func join(_ a: Edge, _ b: Edge) {
            neighbours[a, default: []].append(b)
            neighbours[b, default: []].append(a)
        }
        for i in 0..<(rows - 1) {
            for j in 0..<(columns - 1) where [z[i][j], z[i][j + 1], z[i + 1][j], z[i + 1][j + 1]].allSatisfy(\.isFinite) {
                let bottom = Edge(i: i, j: j, vertical: false), top = Edge(i: i + 1, j: j, vertical: false)
                let left = Edge(i: i, j: j, vertical: true), right = Edge(i: i, j: j + 1, vertical: true)
                let (bl, br, tl, tr) = (above(i, j), above(i, j + 1), above(i + 1, j), above(i + 1, j + 1))
                var crossed: [Edge] = []
                if bl != br { crossed.append(bottom) }
                if br != tr { crossed.append(right) }
                if tl != tr { crossed.append(top) }
                if bl != tl { crossed.append(left) }
                if crossed.count == 2 {
                    join(crossed[0], crossed[1])
                } else if crossed.count == 4 {
                    let mean = (z[i][j] + z[i][j + 1] + z[i + 1][j] + z[i + 1][j + 1]) / 4
                    // Cut off the corners on the other side of c from the centre.
                    let cutBottomLeft = bl != (mean > level)
                    if cutBottomLeft {
                        join(bottom, left)
                        join(top, right)
                    } else {
                        join(bottom, right)
                        join(top, left)
                    }
                }
            }
        }
        // Chain: start from the ends of open lines (one neighbour), then walk the closed loops.
        var visited = Set<Edge>()
        var lines: [[(Double, Double)]] = []
        func walk(from start: Edge) {
            var line = [point(on: start)]
            visited.insert(start)
            var current = start
            while let next = neighbours[current]?.first(where: { !visited.contains($0) }) {
                visited.insert(next)
                line.append(point(on: next))
                current = next
            }
            if neighbours[current]?.contains(start) == true, line.count > 2 { line.append(line[0]) }
            lines.append(line)
        }
        let edges = neighbours.keys.sorted { ($0.i, $0.j, $0.vertical ? 1 : 0) < ($1.i, $1.j, $1.vertical ? 1 : 0) }
        for edge in edges where !visited.contains(edge) && neighbours[edge]!.count == 1 { walk(from: edge) }
        for edge in edges where !visited.contains(edge) { walk(from: edge) }
        return lines
    }
}

/// A walk through points: line, markers, and arrowheads from each point towards the next.
struct StepPath: PlotElement {
    var xs: [Double]
    var ys: [Double]
    var color: Color
    var width: Double
    var marker: Marker
    var arrows: Bool
    var label: String?

    var bounds: DataBounds? { DataBounds(xs: xs, ys: ys) }
    var legendEntries: [LegendEntry] {
        label.map { [LegendEntry(label: $0, color: color, handle: .line(style: .solid, width: width, marker: marker))] } ?? []
    }
    var avoidPoints: [(Double, Double)] { Array(zip(xs, ys)) }

    func draw(into svg: inout SVGWriter, transform: AxisTransform) {
        let points = zip(xs, ys).filter { $0.0.isFinite && $0.1.isFinite }.map { (transform.x($0.0), transform.y($0.1)) }
        svg.group([("class", "step-path")]) { svg in
            if points.count > 1 {
                svg.element("polyline", [("points", SVGWriter.points(points))]
                    + SVGWriter.paint(fill: nil, stroke: color, strokeWidth: width)
                    + [("stroke-linejoin", "round"), ("stroke-linecap", "round")])
            }
            if arrows {
                // An arrowhead 4 widths long at the end of every step at least twice that long.
                let head = 4 * width + 2
                for (a, b) in zip(points, points.dropFirst()) {
                    let (dx, dy) = (b.0 - a.0, b.1 - a.1)
                    let length = (dx * dx + dy * dy).squareRoot()
                    guard length >= 2 * head else { continue }
                    let (ux, uy) = (dx / length, dy / length)
                    let base = (b.0 - head * ux, b.1 - head * uy)
                    let corners = [b, (base.0 - 0.5 * head * uy, base.1 + 0.5 * head * ux),
                                   (base.0 + 0.5 * head * uy, base.1 - 0.5 * head * ux)]
                    svg.element("polygon", [("class", "arrowhead"), ("points", SVGWriter.points(corners))]
                        + SVGWriter.paint(fill: color, stroke: nil, strokeWidth: 0))
                }
            }
            for (px, py) in points {
                marker.draw(into: &svg, x: px, y: py, size: 2 * width + 2, fill: color, edge: nil)
            }
        }
    }
}

extension Axes {
    /// Contour lines of `z` over the grid `x` × `y` (Matplotlib's `contour(X, Y, Z, levels)`):
    /// `z[i][j]` is the value at (`x[j]`, `y[i]`). Each level is one set of polylines, coloured
    /// from `colormap` by its place among the levels.
    /// - Parameters:
    ///   - levels: the values to draw; nil for `count` levels evenly spaced strictly inside z's range.
    ///   - color: one colour for every level instead of the colour map.
    ///   - showsColorBar: a colour bar of the levels' range beside the axes.
    public func contour(x: [Double], y: [Double], z: [[Double]], levels: [Double]? = nil, count: Int = 10,
                        colormap: Colormap = .viridis, color: Color? = nil, lineWidth: Double = 1,
                        showsColorBar: Bool = false, colorBarLabel: String? = nil) {
        precondition(z.count == y.count && z.allSatisfy { $0.count == x.count },
                     "contour: z must have y.count (\(y.count)) rows of x.count (\(x.count)) values")
        let finite = z.joined().filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        let chosen = (levels ?? (1...max(count, 1)).map { low + (high - low) * Double($0) / Double(max(count, 1) + 1) }).sorted()
        let (first, last) = (chosen.first ?? low, chosen.last ?? high)
        let colors = chosen.map { color ?? colormap.color(for: $0, vmin: first, vmax: last) }
        showsGrid = false
        if showsColorBar { colorBar = ColorBarSpec(colormap: colormap, vmin: first, vmax: last, label: colorBarLabel) }
        add(ContourLines(x: x, y: y, z: z, levels: chosen, colors: colors, width: lineWidth))
    }

    /// A path through the points (`x[k]`, `y[k]`) in order, such as an optimiser's steps on a
    /// loss surface: a line, a `marker` at each point and, with `arrows`, an arrowhead on each
    /// step long enough to show one.
    public func path(x: [Double], y: [Double], color: Color? = nil, lineWidth: Double = 1.5, marker: Marker = .circle,
                     arrows: Bool = true, label: String? = nil) {
        precondition(x.count == y.count, "path: x has \(x.count) values but y has \(y.count)")
        add(StepPath(xs: x, ys: y, color: color ?? nextCycleColor(), width: lineWidth, marker: marker, arrows: arrows,
                     label: label))
    }
}

// Contour lines and step paths: the traced lines lie on their level, and the SVG has one group
// per level, a polyline per path, markers and arrowheads.

import Foundation
import Testing
@testable import SynapsePlot

@Suite struct ContourTests {
    static let grid = (0...40).map { -2 + 4 * Double($0) / 40 }
    static let bowl = grid.map { y in grid.map { x in x * x + 4 * y * y } }   // f = x² + 4y²

    @Test func eachLevelOfABowlIsOneClosedEllipseOnTheLevel() {
        for level in [0.5, 1, 3] {
            let lines = ContourLines.trace(x: Self.grid, y: Self.grid, z: Self.bowl, level: level)
            #expect(lines.count == 1, "level \(level): \(lines.count) lines")
            let line = lines[0]
            #expect(line.first! == line.last!, "closed")
            // Linear interpolation on a 0.1 grid: within 2% of the level everywhere.
            for (x, y) in line { #expect(abs(x * x + 4 * y * y - level) < 0.02 * level + 0.01) }
            // The ellipse x² + 4y² = c reaches x = ±√c and y = ±√c / 2.
            #expect(abs(line.map(\.0).max()! - level.squareRoot()) < 0.02)
            #expect(abs(line.map(\.1).max()! - level.squareRoot() / 2) < 0.02)
        }
    }

    @Test func aSaddleGivesTwoOpenLinesPerLevel() {
        let saddle = Self.grid.map { y in Self.grid.map { x in x * x - y * y } }   // level 1: the hyperbola's two branches
        let lines = ContourLines.trace(x: Self.grid, y: Self.grid, z: saddle, level: 1)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.first! != $0.last! })
        #expect(ContourLines.trace(x: Self.grid, y: Self.grid, z: saddle, level: 9).isEmpty, "above the maximum")
    }

    @Test func theFigureHasAGroupPerLevelAPathWithMarkersAndArrowsAndAColourBar() throws {
        let figure = Figure()
        let ax = figure.addAxes()
        ax.contour(x: Self.grid, y: Self.grid, z: Self.bowl, levels: [0.5, 1, 2, 4, 8], showsColorBar: true)
        ax.path(x: [-1.8, -1, -0.4, 0], y: [1.5, 0.5, 0.1, 0], color: "tomato", label: "SGD")
        let svg = try ParsedSVG(figure)
        let levels = svg.elements("contour-level")
        #expect(levels.count == 5)
        #expect(levels.map { $0.number("data-level") } == [0.5, 1, 2, 4, 8])
        // Colours run along viridis: the lowest and the highest level differ.
        let strokes = levels.map { svg.descendants("polyline", of: $0).first?.string("stroke") }
        #expect(strokes.first != strokes.last)
        let path = try #require(svg.elements("step-path").first)
        #expect(svg.descendants("circle", of: path).count == 4)
        #expect(svg.descendants("polygon", of: path).count >= 2, "arrowheads on the long steps")
        #expect(svg.descendants("polyline", of: path).first?.string("stroke") == "#ff6347")
        #expect(svg.texts("legend-label") == ["SGD"])
        // The data limits are the grid's, with no margins.
        let axes = try #require(svg.elements("axes").first)
        #expect(axes.numbers("data-xlim") == [-2, 2])
    }
}

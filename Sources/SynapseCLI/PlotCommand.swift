// `synapse plot activations`: the seed's graphs of activation functions (sigmoid, tanh, relu,
// leaky relu, elu, softplus, swish, linear), each with its derivative, as SVG (and PNG).
// `synapse plot course`: the figures of the course in docs/learn/ (LearnFigures).

import ArgumentParser
import Foundation
import Synapse
import SynapseExamples

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw the seed's reference figures.",
        subcommands: [Activations.self, Course.self]
    )

    struct Activations: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Graphs of the activation functions and their derivatives."
        )

        @Option(help: "The folder for the figure.")
        var out = "synapse-plots"

        @Flag(help: "Also render the figure as PNG (needs rsvg-convert).")
        var png = false

        func run() throws {
            let figures = try OutputTransaction.run(out: out, inputs: []) { staging -> [String] in
                let folder = try RunFolder(staging, title: "Activation functions", png: png)
                try folder.save(Figure.activationFunctions(), as: "activations",
                                caption: "Activation functions f(x) (solid) and their derivatives f′(x) (dashed)")
                return folder.figures.map(RunFolder.shown)
            }
            for path in figures { print("wrote \(path)") }
        }
    }

    struct Course: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The figures of the course in docs/learn/ (writes docs/learn/figures/*.svg by default)."
        )

        @Option(help: "The folder for the figures.")
        var out = "docs/learn/figures"

        func run() throws {
            let figures = try OutputTransaction.run(out: out, inputs: []) { staging -> [String] in
                try LearnFigures.write(to: staging).map(RunFolder.shown)
            }
            for path in figures { print("wrote \(path)") }
        }
    }
}

// The root of the `synapse` command and its one error boundary: every error a user can cause
// (a missing file, an unknown column, a spec that does not parse, a model file from another
// tool) becomes one sentence on standard error and a non-zero exit status, never a trace.

import ArgumentParser
import Foundation
import Synapse
import SynapseExamples

/// The `synapse` command: the seed's workflows and Synapse's tools without writing Swift.
public struct SynapseCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "synapse",
        abstract: "Build, train and inspect neural networks in Swift.",
        subcommands: [DemoCommand.self, ExamplesCommand.self, TrainCommand.self, ForecastCommand.self, PredictCommand.self,
                      SummaryCommand.self, ConvertCommand.self, DescribeCommand.self, PlotCommand.self, BenchCommand.self,
                      DashboardCommand.self]
    )

    public init() {}

    /// Parses `arguments` (without the program name), runs the command and returns the exit
    /// status; errors are printed as one sentence on standard error.
    public static func main(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let error as SynapseError {
            Console.writeError("synapse: \(error)\n")
            return 1
        } catch let error as CLIError {
            Console.writeError("synapse: \(error.message)\n")
            return 1
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Console.write(message + "\n") }
                return 0
            }
            // ArgumentParser adds the usage below its sentence; one sentence is what we promise.
            let sentence = message.split(separator: "\n").first.map(String.init) ?? "an unknown error"
            Console.writeError("synapse: " + sentence.replacingOccurrences(of: "Error: ", with: "") + "\n")
            return code.rawValue
        }
    }
}

/// A mistake in how the command was called, told in one sentence.
struct CLIError: Error, CustomStringConvertible {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// `print` inside this module goes through `Console` (standard output, or a test's collector).
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Console.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

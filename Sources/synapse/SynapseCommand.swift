import ArgumentParser

/// The `synapse` command: the seed's workflows and Synapse's tools without writing Swift.
@main
struct SynapseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synapse",
        abstract: "Build, train and inspect neural networks in Swift.",
        subcommands: [DemoCommand.self, BenchCommand.self]
    )
}

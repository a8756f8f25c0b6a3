// The `synapse` executable: everything lives in SynapseCLI so that tests can run the commands.
import Foundation
import SynapseCLI

exit(SynapseCommand.main(arguments: Array(CommandLine.arguments.dropFirst())))

// `synapse dashboard RUNS_DIR`: the live training dashboard in the browser (TensorBoard's role).
// It serves the page and the run logs (events.jsonl) of the run folders under RUNS_DIR; runs
// still training appear and update live. Listens on 127.0.0.1 (this machine only) unless
// --host says otherwise. `synapse train --dashboard` starts the same server beside a training
// run. docs/DASHBOARD.md has the page, the log format and the endpoints.

import ArgumentParser
import Foundation
import SynapseDashboard
import SynapseExamples

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Watch training runs live in the browser (the run folders under a folder).",
        discussion: """
            Every run folder with an events.jsonl (written by `synapse train`, `synapse examples run`, or a \
            RunLogger callback in your own fit) appears on the page; runs still training update as their epochs end. \
            The server listens on 127.0.0.1, this machine only; --host 0.0.0.0 shares it with the network. \
            Stop it with Ctrl-C.
            """)

    @Argument(help: "The folder holding the run folders (e.g. the parent of train's --out).")
    var runs = "."

    @Option(parsing: .unconditional, help: "The port (0 picks a free one).")
    var port = 6006

    @Option(help: "The address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (every network interface).")
    var host = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535; got \(port).") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: runs, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(runs) is not a folder; give the folder that holds the run folders.")
        }
    }

    func run() throws {
        let server = DashboardServer(root: runs, host: host, port: port)
        try DashboardLauncher.serve(server, blocking: true)
    }
}

/// Runs a dashboard server on Swift's concurrency threads, for the synchronous commands.
enum DashboardLauncher {
    /// Starts `server`; prints its address once it listens. With `blocking`, returns when the
    /// server stops (Ctrl-C or SIGTERM); otherwise returns at once, leaving it running.
    static func serve(_ server: DashboardServer, blocking: Bool) throws {
        let done = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        final class Outcome: @unchecked Sendable { var error: (any Error)? }
        let outcome = Outcome()
        Task.detached {
            do {
                try await server.run(gracefulShutdown: blocking) { port in
                    let shown = server.host == "0.0.0.0" ? "every network interface" : server.host == "127.0.0.1" ? "this machine only" : server.host
                    Console.write("Synapse dashboard: http://\(server.host == "0.0.0.0" ? "localhost" : server.host):\(port)/ "
                        + "(\(shown); --host 0.0.0.0 shares it), runs under \(server.root)\n")
                    started.signal()
                }
            } catch {
                outcome.error = error
                started.signal()
            }
            done.signal()
        }
        started.wait()
        if let error = outcome.error {
            throw CLIError("The dashboard cannot listen on \(server.host):\(server.port): \(error). Try another --port.")
        }
        if blocking { done.wait() }
    }
}

// The dashboard's HTTP server (Hummingbird): one page, and the runs' logs as JSON and as
// Server-Sent Events.
//
//   GET /                                   the page (HTML, CSS and a script; no build chain)
//   GET /api/runs                           [{"name", "inProgress", "records", "ended"}]
//   GET /api/runs/NAME/records              every record of the run's log, as a JSON array
//   GET /api/runs/NAME/events[?from=K]      the records from the K-th on as an event stream
//                                           (`id: index`, `event: TYPE`, `data: JSON`), then
//                                           each new one as the run appends it; the stream ends
//                                           after the "end" record. A reconnecting browser
//                                           sends Last-Event-ID and resumes after it.
//   GET /api/runs/NAME/files/FILE           a file of the run folder (report figures, CSV)
//
// Each stream follows its log with its own cursor, polling the file (250 ms by default): the
// memory a client costs is one cursor and the records of one poll, whatever the log's length.
// The server binds to 127.0.0.1 unless told otherwise.

import Foundation
import Hummingbird
import Logging

/// The local web server of `synapse dashboard`.
public struct DashboardServer: Sendable {
    /// The folder whose run folders are shown.
    public let root: String
    /// The address to listen on; 127.0.0.1 (this machine only) by default.
    public let host: String
    /// The port; 0 picks a free one (`onRunning` tells which).
    public let port: Int
    /// How often an event stream looks for new records.
    public let pollInterval: Duration

    public init(root: String, host: String = "127.0.0.1", port: Int = 6006, pollInterval: Duration = .milliseconds(250)) {
        self.root = root
        self.host = host
        self.port = port
        self.pollInterval = pollInterval
    }

    /// Serves until the task is cancelled (or SIGINT / SIGTERM with `gracefulShutdown`);
    /// `onRunning` receives the port once the server listens.
    public func run(gracefulShutdown: Bool = false, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: "synapse-dashboard"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: {
                var logger = Logger(label: "synapse-dashboard")
                logger.logLevel = .critical   // errors reach the caller as thrown errors
                return logger
            }()
        )
        if gracefulShutdown {
            try await app.runService()
        } else {
            try await app.run()
        }
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let root = self.root, poll = self.pollInterval
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        router.get("/api/runs") { _, _ -> Response in
            var items: [String] = []
            for run in RunLogFile.runs(under: root) {
                var cursor = RunLogCursor(path: run.logPath)
                let count = cursor.read(warn: { _ in }).count
                items.append(#"{"name":\#(jsonString(run.name)),"inProgress":\#(run.inProgress),"records":\#(count),"ended":\#(cursor.ended)}"#)
            }
            return json("[" + items.joined(separator: ",") + "]")
        }
        router.get("/api/runs/:name/records") { _, context -> Response in
            let run = try findRun(context.parameters.require("name"), root: root)
            var cursor = RunLogCursor(path: run.logPath)
            return json("[" + cursor.read().map(\.json).joined(separator: ",") + "]")
        }
        router.get("/api/runs/:name/events") { request, context -> Response in
            let run = try findRun(context.parameters.require("name"), root: root)
            let lastSeen = request.headers[.init("Last-Event-ID")!].flatMap { Int($0) }.map { $0 + 1 }
            let from = lastSeen ?? request.uri.queryParameters.get("from", as: Int.self) ?? 0
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    var cursor = RunLogCursor(path: run.logPath)
                    try await writer.write(ByteBuffer(string: "retry: 1000\n\n"))
                    while !Task.isCancelled {
                        let records = cursor.read().filter { $0.index >= from }
                        if !records.isEmpty {
                            let text = records.map { "id: \($0.index)\nevent: \($0.type)\ndata: \($0.json)\n\n" }.joined()
                            try await writer.write(ByteBuffer(string: text))
                        }
                        if cursor.ended { break }
                        try await Task.sleep(for: poll)
                    }
                    try await writer.finish(nil)
                })
        }
        router.get("/api/runs/:name/files/:file") { _, context -> Response in
            let run = try findRun(context.parameters.require("name"), root: root)
            let file = try context.parameters.require("file")
            guard !file.contains("/"), !file.hasPrefix("."),
                  let data = FileManager.default.contents(atPath: (run.path as NSString).appendingPathComponent(file)) else {
                throw HTTPError(.notFound, message: "no file '\(file)' in run '\(run.name)'")
            }
            let type = file.hasSuffix(".svg") ? "image/svg+xml" : file.hasSuffix(".png") ? "image/png"
                : file.hasSuffix(".html") ? "text/html; charset=utf-8" : file.hasSuffix(".json") ? "application/json" : "text/plain; charset=utf-8"
            return Response(status: .ok, headers: [.contentType: type], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        return router
    }
}

private func findRun(_ name: String, root: String) throws -> DashboardRun {
    let decoded = name.removingPercentEncoding ?? name
    guard let run = RunLogFile.runs(under: root).first(where: { $0.name == decoded }) else {
        throw HTTPError(.notFound, message: "no run named '\(decoded)' under \(root)")
    }
    return run
}

private func json(_ text: String) -> Response {
    Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
    return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
}

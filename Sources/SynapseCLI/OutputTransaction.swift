// A command's outputs as a transaction: everything a run writes goes into a hidden staging folder
// beside the output folder (`.NAME.partial-PID`, so on the same file system), and is put in
// place only when the whole run has succeeded. The commit is one atomic step: a missing output
// folder is the staging folder renamed; an existing one first has its other files hard-linked
// into the staging folder (so that files the run did not write stay), then the two folders swap
// places with one renameat2(RENAME_EXCHANGE) (renamex_np on macOS), and the old folder is
// removed. A reader, or a run stopped at any moment, sees the old results or the new, never a
// mix. Where the file system cannot swap (or the output folder holds the working directory),
// files are renamed one at a time, each replacing an older file whole. A run that fails, or is
// stopped with Ctrl-C or SIGTERM, removes its staging folder and leaves the earlier results
// exactly as they were. An output folder that holds one of the run's input files is refused, so
// that no run can overwrite its own input.

import CSynapseKernels
import Foundation
import SynapseExamples

enum OutputTransaction {
    /// Runs `body` with a fresh staging folder standing in for `out` and commits its files into
    /// `out` when `body` returns. `inputs` are the files the run reads.
    static func run<R>(out: String, inputs: [String], _ body: (_ staging: String) throws -> R) throws -> R {
        let target = URL(fileURLWithPath: out).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs where isInside(URL(fileURLWithPath: input).standardizedFileURL, folder: target) {
            throw CLIError("--out \(out) holds the input \(input); write the results to another folder, so that the input stays as it is.")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw CLIError("--out \(out) is a file; it must be a folder (it is created when missing).")
        }
        let staging = stagingPath(for: target)
        // The signal handlers are in place before the staging folder exists, so an interruption
        // at any moment finds it registered.
        Interruption.register(staging)
        do {
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            Interruption.unregister(staging)
            throw CLIError("Cannot create the output folder \(out): \(error.localizedDescription)")
        }
        RunFolder.register(staging: staging, final: target.path)
        defer {
            RunFolder.unregister(staging: staging)
            Interruption.unregister(staging)
            try? FileManager.default.removeItem(atPath: staging)
        }
        let result = try body(staging)
        try commit(staging: staging, to: target.path)
        return result
    }

    /// An example's or a run's result with its paths moved from the staging folder to where
    /// they are after the commit (`RunFolder.shown`, which `run` registers the folders with).
    static func finalResult(_ result: ExampleResult) -> ExampleResult {
        var moved = result
        moved.files = result.files.mapValues(RunFolder.shown)
        moved.figures = result.figures.map(RunFolder.shown)
        return moved
    }

    /// Writes a file through a temporary file beside it, renamed over `path` only once it is
    /// complete: an interrupted or failed write leaves the old file whole. Refuses to write over
    /// one of the inputs.
    static func writeFile(_ path: String, inputs: [String], _ write: (String) throws -> Void) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        if inputs.contains(where: { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath() == target }) {
            throw CLIError("--out \(path) is one of the inputs; write the predictions to another file.")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError("--out \(path) is a folder; give a file name, e.g. \(path)/predictions.csv.")
        }
        let temporary = stagingPath(for: target)
        Interruption.register(temporary)
        defer {
            Interruption.unregister(temporary)
            try? FileManager.default.removeItem(atPath: temporary)
        }
        try write(temporary)
        guard rename(temporary, target.path) == 0 else {
            throw CLIError("Cannot write \(path): \(String(cString: strerror(errno))).")
        }
    }

    /// The hidden sibling a run writes into before its commit: `.NAME.partial-PID`, in the same
    /// folder (so on the same file system, where a rename is atomic).
    private static func stagingPath(for target: URL) -> String {
        target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(getpid())").path
    }

    /// Puts the staged run in place of `destination` in one step (see the file's comment).
    /// Afterwards `staging` holds the earlier folder, or nothing; the caller removes it.
    private static func commit(staging: String, to destination: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: destination, isDirectory: &isDirectory), isDirectory.boolValue else {
            try fm.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard rename(staging, destination) == 0 else {
                throw CLIError("Cannot move the results into \(destination): \(String(cString: strerror(errno))).")
            }
            return
        }
        let workingDirectory = URL(fileURLWithPath: fm.currentDirectoryPath).resolvingSymlinksInPath()
        let holdsWorkingDirectory = workingDirectory.path == destination
            || isInside(workingDirectory, folder: URL(fileURLWithPath: destination))
        if !holdsWorkingDirectory {
            try keepOtherFiles(of: destination, in: staging)
            if let permissions = try? fm.attributesOfItem(atPath: destination)[.posixPermissions] {
                try? fm.setAttributes([.posixPermissions: permissions], ofItemAtPath: staging)
            }
            if syn_rename_exchange(staging, destination) == 0 { return }
        }
        try moveFiles(from: staging, to: destination)
    }

    /// Hard-links (or, across devices, copies) into `staging` every file of `folder` that the
    /// run did not write, at the same relative path, so that the swapped-in folder keeps them.
    private static func keepOtherFiles(of folder: String, in staging: String) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: folder) {
            let old = folder + "/" + name, new = staging + "/" + name
            var oldIsDirectory: ObjCBool = false, newIsDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: old, isDirectory: &oldIsDirectory)
            let staged = fm.fileExists(atPath: new, isDirectory: &newIsDirectory)
            let oldIsLink = (try? fm.destinationOfSymbolicLink(atPath: old)) != nil
            if oldIsDirectory.boolValue && !oldIsLink {
                if staged && !newIsDirectory.boolValue { continue }            // the run wrote a file there
                if !staged { try fm.createDirectory(atPath: new, withIntermediateDirectories: false) }
                try keepOtherFiles(of: old, in: new)
            } else if !staged && (try? fm.attributesOfItem(atPath: new)) == nil {
                if link(old, new) != 0 { try fm.copyItem(atPath: old, toPath: new) }
            }
        }
    }

    /// Moves every file below `source` to the same place below `destination`, one rename each.
    private static func moveFiles(from source: String, to destination: String) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: source).sorted() {
            let from = source + "/" + name, to = destination + "/" + name
            var isDirectory: ObjCBool = false
            _ = fm.fileExists(atPath: from, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                try fm.createDirectory(atPath: to, withIntermediateDirectories: true)
                try moveFiles(from: from, to: to)
            } else if rename(from, to) != 0 {
                throw CLIError("Cannot move the new \(name) into \(destination): \(String(cString: strerror(errno))).")
            }
        }
    }

    /// Whether `file` lies inside `folder` (at any depth).
    private static func isInside(_ file: URL, folder: URL) -> Bool {
        let f = file.resolvingSymlinksInPath().pathComponents, d = folder.resolvingSymlinksInPath().pathComponents
        return f.count > d.count && Array(f.prefix(d.count)) == d
    }
}

/// Ctrl-C and SIGTERM: remove the staging folders of the runs in progress, then exit with
/// 128 + the signal's number, as a shell expects.
enum Interruption {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var folders: Set<String> = []
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func register(_ folder: String) {
        lock.lock()
        defer { lock.unlock() }
        if sources.isEmpty { install() }
        folders.insert(folder)
    }

    static func unregister(_ folder: String) {
        lock.lock()
        defer { lock.unlock() }
        folders.remove(folder)
    }

    /// Signal sources on a background queue: the main thread may be busy training.
    private static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                lock.lock()
                let pending = folders
                lock.unlock()
                for folder in pending { try? FileManager.default.removeItem(atPath: folder) }
                FileHandle.standardError.write(Data("\nsynapse: stopped; the earlier results are unchanged\n".utf8))
                // _exit, not exit: the main thread is still running (training), and exit's
                // atexit handlers and static destructors would run under it and can crash.
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}

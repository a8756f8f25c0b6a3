// Reading and writing whole files, for every module. Reads name the file and say plainly what
// is wrong (missing, a folder, not readable); writes are atomic — the bytes go to a temporary
// file beside the destination, which is then renamed over it, so a crash or a full disk never
// leaves half a file where a good one was.

import Foundation

/// Whole-file reads and atomic writes whose errors name the file.
public enum FileIO {
    /// The bytes of the file at `path` (memory-mapped when the system allows).
    public static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "no such file")
        }
        if isDirectory.boolValue {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "is a folder, not a file")
        }
        // A device, a pipe or a socket (/dev/zero, /dev/stdin) has no end to read to, or none
        // that a second read finds again.
        if let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType, type != .typeRegular {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "is not a regular file (a device, a pipe or a socket); give a file")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw SynapseError.invalidFile(path: path, location: nil,
                                           reason: "cannot be read (\(error.localizedDescription))")
        }
    }

    /// Writes `data` to `path` atomically (a temporary file, then a rename).
    public static func write(_ data: Data, to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be written: the folder \(folder) does not exist")
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SynapseError.invalidFile(path: path, location: nil,
                                           reason: "cannot be written (\(error.localizedDescription))")
        }
    }
}

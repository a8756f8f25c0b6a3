import Foundation
@testable import SynapseImage

/// The committed images and the pixels Pillow decodes from them
/// (scripts/fixtures/make_image_fixtures.py).
enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    /// One entry of images.json.
    struct Reference {
        var file: String
        var height: Int, width: Int, channels: Int
        /// Pillow's samples (16-bit colour as Pillow reads it: the high byte).
        var pillow: [UInt16]
        /// The samples written into a PNG, at their full depth; nil for JPEGs.
        var truth: [UInt16]?
        var bitDepth: Int?
    }

    static let references: [Reference] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: path("images.json")))
        let json = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (json["images"] as! [[String: Any]]).map { entry in
            func samples(_ key: String) -> [UInt16]? { (entry[key] as? [NSNumber])?.map { UInt16($0.intValue) } }
            return Reference(
                file: entry["file"] as! String, height: entry["height"] as! Int, width: entry["width"] as! Int,
                channels: entry["channels"] as! Int, pillow: samples("pillow")!, truth: samples("truth"),
                bitDepth: entry["bitDepth"] as? Int)
        }
    }()

    static func reference(_ file: String) -> Reference { references.first { $0.file == file }! }
}

/// A scratch folder removed by the caller.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-image-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

// The little of HDF5 that Keras's weights files use: groups, and float datasets of any rank
// read as float32 (HDF5 converts other numeric types). Every call is checked; a failure is a
// SynapseError.invalidFile naming the file and the object, never a crash. The library's own
// error printing is switched off: its messages are replaced by ours.

import CSynapseHDF5
import Foundation
import SynapseTensor

/// An HDF5 file open for reading or newly created for writing.
final class HDF5File {
    let path: String
    /// Names the file in errors (a .keras archive's path and its entry).
    let displayName: String
    private let id: hid_t

    private static let quiet: Void = synapse_h5_quiet()

    /// Opens `path` for reading.
    init(reading path: String, displayName: String) throws {
        _ = HDF5File.quiet
        self.path = path
        self.displayName = displayName
        id = H5Fopen(path, synapse_h5f_acc_rdonly(), synapse_h5p_default())
        guard id >= 0 else { throw SynapseError.invalidFile(path: displayName, location: nil, reason: "is not an HDF5 file, or is damaged") }
    }

    /// Creates (or truncates) `path` for writing.
    init(creating path: String, displayName: String) throws {
        _ = HDF5File.quiet
        self.path = path
        self.displayName = displayName
        id = H5Fcreate(path, synapse_h5f_acc_trunc(), synapse_h5p_default(), synapse_h5p_default())
        guard id >= 0 else { throw SynapseError.invalidFile(path: displayName, location: nil, reason: "cannot be created") }
    }

    deinit { H5Fclose(id) }

    private func fail(_ reason: String) -> SynapseError { .invalidFile(path: displayName, location: nil, reason: reason) }

    /// Whether a link exists at `path` ("a/b/c"), checking each step.
    func exists(_ path: String) -> Bool {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + part
            guard H5Lexists(id, prefix, synapse_h5p_default()) > 0 else { return false }
        }
        return true
    }

    /// The float32 values and the shape of the dataset at `path`.
    func read(_ path: String) throws -> (shape: [Int], values: [Float]) {
        guard exists(path) else { throw fail("has no dataset '\(path)'") }
        let dataset = H5Dopen2(id, path, synapse_h5p_default())
        guard dataset >= 0 else { throw fail("has '\(path)', which is not a dataset") }
        defer { H5Dclose(dataset) }
        let space = H5Dget_space(dataset)
        guard space >= 0 else { throw fail("dataset '\(path)' has no readable shape") }
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 0, rank <= 8 else { throw fail("dataset '\(path)' has a rank Synapse cannot read (\(rank))") }
        var dims = [hsize_t](repeating: 0, count: Swift.max(rank, 1))
        guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else { throw fail("dataset '\(path)' has no readable shape") }
        let shape = dims.prefix(rank).map { Int(clamping: $0) }
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= 1 << 28 else { throw fail("dataset '\(path)' of shape \(shape) is too large for a weight") }
            count = product
        }
        var values = [Float](repeating: 0, count: count)
        if count > 0 {
            let status = values.withUnsafeMutableBytes {
                H5Dread(dataset, synapse_h5t_native_float(), synapse_h5s_all(), synapse_h5s_all(), synapse_h5p_default(), $0.baseAddress)
            }
            guard status >= 0 else { throw fail("dataset '\(path)' cannot be read as numbers (damaged, or not numeric)") }
        }
        return (shape, values)
    }

    /// Creates the groups of `path` ("a/b/c") that do not exist yet.
    func makeGroups(_ path: String) throws {
        var prefix = ""
        for part in path.split(separator: "/") {
            prefix += (prefix.isEmpty ? "" : "/") + part
            if H5Lexists(id, prefix, synapse_h5p_default()) > 0 { continue }
            let group = H5Gcreate2(id, prefix, synapse_h5p_default(), synapse_h5p_default(), synapse_h5p_default())
            guard group >= 0 else { throw fail("cannot get group '\(prefix)'") }
            H5Gclose(group)
        }
    }

    /// Writes a little-endian float32 dataset at `path` (its parent groups are made).
    func write(_ path: String, shape: [Int], values: [Float]) throws {
        if let cut = path.lastIndex(of: "/") { try makeGroups(String(path[..<cut])) }
        var dims = shape.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(shape.count), &dims, nil)
        guard space >= 0 else { throw fail("cannot describe dataset '\(path)' of shape \(shape)") }
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, path, synapse_h5t_ieee_f32le(), space, synapse_h5p_default(), synapse_h5p_default(), synapse_h5p_default())
        guard dataset >= 0 else { throw fail("cannot create dataset '\(path)'") }
        defer { H5Dclose(dataset) }
        let status = values.withUnsafeBytes {
            H5Dwrite(dataset, synapse_h5t_native_float(), synapse_h5s_all(), synapse_h5s_all(), synapse_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw fail("cannot write dataset '\(path)'") }
    }

    /// Writes a scalar 64-bit integer dataset (the optimizer's iteration count).
    func writeInteger(_ path: String, _ value: Int64) throws {
        if let cut = path.lastIndex(of: "/") { try makeGroups(String(path[..<cut])) }
        let space = H5Screate_simple(0, nil, nil)
        guard space >= 0 else { throw fail("cannot describe dataset '\(path)'") }
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, path, synapse_h5t_std_i64le(), space, synapse_h5p_default(), synapse_h5p_default(), synapse_h5p_default())
        guard dataset >= 0 else { throw fail("cannot create dataset '\(path)'") }
        defer { H5Dclose(dataset) }
        var v = value
        guard H5Dwrite(dataset, synapse_h5t_std_i64le(), synapse_h5s_all(), synapse_h5s_all(), synapse_h5p_default(), &v) >= 0 else {
            throw fail("cannot write dataset '\(path)'")
        }
    }

    /// The strings of attribute `name` on the object at `path` ("/" for the file), or nil when the
    /// attribute is missing or not text.
    func strings(_ name: String, at path: String = "/") -> [String]? {
        final class Box { var values: [String] = [] }
        let box = Box()
        let count = withExtendedLifetime(box) {
            synapse_h5_read_strings(id, path, name, Unmanaged.passUnretained(box).toOpaque()) { context, text, length in
                guard let context, let text else { return }
                let bytes = UnsafeRawBufferPointer(start: text, count: length)
                Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().values.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return count < 0 ? nil : box.values
    }

    /// Writes `values` as the UTF-8 string attribute `name` of the object at `path` ("/" for the
    /// file): a scalar string when `scalar`, else a list (h5py reads both as str).
    func writeStrings(_ name: String, _ values: [String], at path: String = "/", scalar: Bool = false) throws {
        var pointers: [UnsafePointer<CChar>?] = values.map { UnsafePointer(strdup($0)) }
        defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        let count = values.count
        let status = values.isEmpty ? synapse_h5_write_strings(id, path, name, nil, 0, scalar ? 1 : 0)
            : pointers.withUnsafeMutableBufferPointer { synapse_h5_write_strings(id, path, name, $0.baseAddress, count, scalar ? 1 : 0) }
        guard status >= 0 else { throw fail("cannot write attribute '\(name)' of '\(path)'") }
    }
}

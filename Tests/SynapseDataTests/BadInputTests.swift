import Foundation
import Testing
@testable import SynapseData

/// Hostile files and arguments end in a SynapseError that says where, never in a trap.
@Suite struct BadInputTests {
    /// A version 1.0 .npy file with this header text (padded as NumPy pads it) and body.
    func npy(_ header: String, body: [UInt8] = []) -> [UInt8] {
        var text = header
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let n = text.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(text.utf8) + body
    }

    func npyError(_ bytes: [UInt8]) -> SynapseError? {
        #expect(throws: SynapseError.self) { try NumPy.decode(bytes, path: "x.npy") }
    }

    @Test func npyEmptyDescrIsAnErrorAtTheHeader() {
        let error = npyError(npy("{'descr': '', 'fortran_order': False, 'shape': (2,), }"))
        #expect(error == .invalidFile(path: "x.npy", location: .byteOffset(10),
                                      reason: "the data type '' is not supported (bool, integers, float16/32/64)"))
    }

    @Test func npyNegativeDimensionIsAnError() {
        let error = npyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }"))
        guard case let .invalidFile(path, location, reason)? = error else { return }
        #expect(path == "x.npy")
        #expect(location == .byteOffset(10))
        #expect(reason.contains("'-2'"))
    }

    @Test func npyNonNumericDimensionIsAnError() {
        let error = npyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }"))
        #expect(error?.description.contains("'x'") == true)
    }

    @Test func npyShapeWhoseProductOverflowsIsAnError() {
        let huge = "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"
        let error = npyError(npy(huge))
        #expect(error?.description.contains("more elements than can be addressed") == true)
        // The element count fits, the byte count (× 8) does not.
        let bytes = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(Int.max / 4),), }"
        #expect(npyError(npy(bytes))?.description.contains("more bytes than can be addressed") == true)
    }

    @Test func npyEmptyShapeDimensionLoadsAsEmpty() throws {
        let t = try NumPy.decode(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }"), path: "x.npy")
        #expect(t.shape == [0, 3])
    }

    /// One ustar header with this size field, then `body`.
    func tar(sizeField: String, body: [UInt8]) -> [UInt8] {
        var tar = [UInt8](repeating: 0, count: 512)
        let name = Array("data_batch_1.bin".utf8)
        tar.replaceSubrange(0..<name.count, with: name)
        let size = Array(sizeField.utf8)
        tar.replaceSubrange(124..<(124 + size.count), with: size)
        tar[156] = UInt8(ascii: "0")
        return tar + body
    }

    @Test func tarNegativeEntrySizeIsAnError() {
        #expect(throws: SynapseError.invalidFile(path: "x.tar", location: .byteOffset(124), reason: "bad tar entry size '-1000'")) {
            try Datasets.tarEntries(tar(sizeField: "-1000", body: Array(repeating: 0, count: 1536)), path: "x.tar")
        }
    }

    @Test func tarHugeEntrySizeIsTruncatedNotAnOverflow() {
        let error = #expect(throws: SynapseError.self) {
            try Datasets.tarEntries(tar(sizeField: "77777777777", body: Array(repeating: 0, count: 1536)), path: "x.tar")
        }
        #expect(error?.description.contains("x.tar") == true)
    }

    @Test func stratifyByAColumnWithAMissingValueNamesTheRow() throws {
        let frame = try DataFrame(["x": [1, 2, 3, 4, 5, 6], "y": [0, 1, .nan, 1, 0, 1]])
        #expect(throws: SynapseError.invalidArgument("column 'y', row 2: the value is missing, so the rows cannot be stratified by column 'y'")) {
            try trainTestSplit(frame, testSize: 0.5, seed: 1, stratifyBy: "y")
        }
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.csv").path
        try Data("x,y\n1,0\n2,1\n3,\n4,1\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SynapseError.self) { try trainTestSplit(DataFrame(csvFile: path), testSize: 0.5, seed: 1, stratifyBy: "y") }
        #expect(error == .invalidFile(path: path, location: .line(4, column: "y"),
                                      reason: "the value is missing, so the rows cannot be stratified by column 'y'"))
    }

    @Test func stratifyByTextOrFractionalLabels() throws {
        let frame = try DataFrame(csvText: "x,y,z\n1,a,0.5\n2,b,1.5\n3,a,0.5\n4,b,1.5\n5,a,0.5\n6,b,1.5\n")
        for column in ["y", "z"] {
            let (train, test) = try trainTestSplit(frame, testSize: 2, seed: 3, stratifyBy: column)
            #expect(Set(try test.column(column).numbersOrTexts) .count == 2)
            #expect(train.rowCount == 4)
        }
    }

    @Test func stratifiedSplitNeedsEveryClassOnBothSides() throws {
        let labels = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2]
        #expect(throws: SynapseError.invalidArgument("a stratified test part of 2 rows cannot hold the 3 classes; use a larger test size")) {
            try trainTestSplitIndices(count: 10, testSize: 2, seed: 1, stratify: labels)
        }
        #expect(throws: SynapseError.invalidArgument("a stratified training part of 2 rows cannot hold the 3 classes; use a smaller test size")) {
            try trainTestSplitIndices(count: 10, testSize: 8, seed: 1, stratify: labels)
        }
        let (train, test) = try trainTestSplitIndices(count: 10, testSize: 3, seed: 1, stratify: labels)
        #expect(Set(test.map { labels[$0] }) == [0, 1, 2])
        #expect(Set(train.map { labels[$0] }) == [0, 1, 2])
    }

    func scalerFile(_ json: String) throws -> (dir: URL, path: String) {
        let dir = try temporaryDirectory()
        let path = dir.appendingPathComponent("scaler.json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return (dir, path)
    }

    @Test func savedStandardScalerWithStatisticsOfDifferentLengthsIsAnInvalidFile() throws {
        let (dir, path) = try scalerFile(#"{"mean": [1, 2, 3], "scale": [1, 2]}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: SynapseError.invalidFile(path: path, location: nil, reason:
            "is not a usable saved StandardScaler: 'scale' has 2 values but 'mean' has 3; each holds one value per feature")) {
            try StandardScaler.load(from: path)
        }
        let (dir2, zero) = try scalerFile(#"{"mean": [1], "scale": [0]}"#)
        defer { try? FileManager.default.removeItem(at: dir2) }
        let error = #expect(throws: SynapseError.self) { try StandardScaler.load(from: zero) }
        #expect(error?.description.contains("value 0 of 'scale' is 0.0") == true)
    }

    @Test func savedMinMaxScalerIsCheckedOnLoad() throws {
        let (dir, path) = try scalerFile(#"{"featureRange": [0, 1], "dataMin": [0, 0], "dataMax": [1]}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: SynapseError.invalidFile(path: path, location: nil, reason:
            "is not a usable saved MinMaxScaler: 'dataMax' has 1 values but 'dataMin' has 2; each holds one value per feature")) {
            try MinMaxScaler.load(from: path)
        }
        let (dir2, flat) = try scalerFile(#"{"featureRange": [2, 2], "dataMin": [0], "dataMax": [1]}"#)
        defer { try? FileManager.default.removeItem(at: dir2) }
        #expect(throws: SynapseError.invalidFile(path: flat, location: nil, reason:
            "is not a usable saved MinMaxScaler: the feature range 2.0...2.0 must have a finite minimum smaller than its maximum")) {
            try MinMaxScaler.load(from: flat)
        }
    }

    @Test func savedRobustScalerIsCheckedOnLoad() throws {
        let (dir, path) = try scalerFile(#"{"quantileRange": [25, 75], "center": [0], "scale": [1, 1]}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: SynapseError.self) { try RobustScaler.load(from: path) }
        let (dir2, wide) = try scalerFile(#"{"quantileRange": [-5, 75], "center": [0], "scale": [1]}"#)
        defer { try? FileManager.default.removeItem(at: dir2) }
        #expect(throws: SynapseError.invalidFile(path: wide, location: nil, reason:
            "is not a usable saved RobustScaler: the quantile range -5.0...75.0 must lie within 0...100 (percentiles)")) {
            try RobustScaler.load(from: wide)
        }
    }

    @Test func savedScalersStillRoundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows: [[Double]] = [[1, 10], [2, 30], [4, 20], [8, 0]]
        var standard = StandardScaler(), minMax = MinMaxScaler(featureRange: -1...1), robust = RobustScaler(quantileRange: 10...90)
        try standard.fit(rows: rows); try minMax.fit(rows: rows); try robust.fit(rows: rows)
        let paths = ["s", "m", "r"].map { dir.appendingPathComponent("\($0).json").path }
        try standard.save(to: paths[0]); try minMax.save(to: paths[1]); try robust.save(to: paths[2])
        #expect(try StandardScaler.load(from: paths[0]) == standard)
        #expect(try MinMaxScaler.load(from: paths[1]) == minMax)
        #expect(try RobustScaler.load(from: paths[2]) == robust)
        // Unfitted scalers save and load too.
        try MinMaxScaler().save(to: paths[1])
        #expect(try MinMaxScaler.load(from: paths[1]) == MinMaxScaler())
    }

    @Test func robustScalerQuantileRangeOutside0To100IsAnInvalidArgument() {
        for range in [-1.0...75, 25...101, 150...200] {
            var scaler = RobustScaler(quantileRange: range)
            #expect(throws: SynapseError.invalidArgument("the quantile range \(range) must lie within 0...100 (percentiles)")) {
                try scaler.fit(rows: [[1], [2], [3]])
            }
        }
        var edges = RobustScaler(quantileRange: 0...100)
        #expect(throws: Never.self) { try edges.fit(rows: [[1], [2], [3]]) }
    }

    @Test func minMaxScalerFeatureRangeWithEqualEndsIsAnInvalidArgument() {
        var scaler = MinMaxScaler(featureRange: 3...3)
        #expect(throws: SynapseError.invalidArgument("the feature range 3.0...3.0 must have a finite minimum smaller than its maximum")) {
            try scaler.fit(rows: [[1], [2]])
        }
    }
}

extension Column {
    /// The values as text, for comparing classes whatever the column's type.
    var numbersOrTexts: [String] { (0..<count).map { text(at: $0) ?? "" } }
}

/// Transforms keep a column's dtype as Pandas does.
@Suite struct DtypeTests {
    @Test func fillingMissingKeepsFloat64() throws {
        // pd.read_csv(...)["rooms"] is float64 (it has a NaN); fillna(0) keeps float64.
        let frame = try DataFrame(csvText: "rooms,n\n2,1\n,2\n3,3\n")
        #expect(frame["rooms"]?.type == .float64)
        let filled = try frame.fillingMissing(with: 0)
        #expect(filled["rooms"]?.type == .float64)
        #expect(filled["rooms"]?.text(at: 1) == "0.0")
        #expect(filled["n"]?.type == .int64)
    }

    @Test func applyingKeepsFloat64AndWidensInt64OnlyWhenNeeded() throws {
        let frame = try DataFrame(csvText: "x,n\n1.5,1\n2.5,2\n")
        #expect(try frame.applying({ $0 * 2 }, to: "x")["x"]?.type == .float64)   // [3.0, 5.0] stays float64
        #expect(try frame.applying({ $0 * 2 }, to: "n")["n"]?.type == .int64)
        #expect(try frame.applying({ $0 / 4 }, to: "n")["n"]?.type == .float64)
    }
}

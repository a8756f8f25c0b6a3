import Foundation
import Testing
import SynapseTensor

@Suite struct StatisticsTests {
    @Test func meanAndStandardDeviationSkipMissingValues() {
        #expect(Statistics.mean([1, 2, .nan, 3]) == 2)
        #expect(Statistics.std([1, 2, 3, 4]) == (5.0 / 3).squareRoot())         // sample, as Pandas
        #expect(Statistics.std([1, 2, 3, 4], ddof: 0) == 1.25.squareRoot())     // population, as NumPy
        #expect(Statistics.mean([]).isNaN)
    }

    @Test func quantilesInterpolateLinearly() {
        #expect(Statistics.quantiles([4, 1, 3, 2], [0, 0.25, 0.5, 1]) == [1, 1.75, 2.5, 4])
    }

    @Test func pearsonIsPairwiseCompleteAndNaNForAConstantColumn() {
        #expect(Statistics.pearson([1, 2, 3, .nan], [2, 4, 6, 100]) == 1)
        #expect(Statistics.pearson([1, 2, 3], [3, 2, 1]) == -1)
        #expect(Statistics.pearson([1, 2, 3], [5, 5, 5]).isNaN)
    }
}

@Suite struct FileIOTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-fileio-\(UUID())").path

    @Test func writesAtomicallyAndReadsBack() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileIO.write(Data("first".utf8), to: folder + "/a.txt")
        try FileIO.write(Data("second".utf8), to: folder + "/a.txt")
        #expect(String(decoding: try FileIO.read(folder + "/a.txt"), as: UTF8.self) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["a.txt"])  // no temporary left
    }

    @Test func errorsNameTheFileAndTheProblem() throws {
        #expect(throws: SynapseError.invalidFile(path: "/nonexistent/x.csv", location: nil, reason: "no such file")) {
            try FileIO.read("/nonexistent/x.csv")
        }
        #expect(throws: SynapseError.invalidFile(path: "/tmp", location: nil, reason: "is a folder, not a file")) {
            try FileIO.read("/tmp")
        }
        #expect(throws: SynapseError.invalidFile(path: "/nonexistent/x.csv", location: nil,
                                                 reason: "cannot be written: the folder /nonexistent does not exist")) {
            try FileIO.write(Data(), to: "/nonexistent/x.csv")
        }
    }
}

// gzip input that must not be trusted: the size trailer (ISIZE) and the expansion ratio. The
// reader streams the output and stops at a bound (Gzip.defaultLimit, or the caller's).
import Foundation
import Testing
@testable import SynapseData

@Suite struct GzipBoundTests {
    /// A small gzip file whose ISIZE trailer claims 0x7200_0000 bytes (1.9 GB).
    func lyingTrailer() throws -> [UInt8] {
        var file = try Gzip.compress(Array(String(repeating: "synapse ", count: 40).utf8))
        file.replaceSubrange((file.count - 4)..., with: [0x00, 0x00, 0x00, 0x72])
        return file
    }

    @Test func aLyingSizeTrailerIsAnErrorNotAnAllocation() throws {
        // The first reader reserved ISIZE + 1 bytes before inflating anything: 1.9 GB for this
        // file. Now the stream is read, and zlib's length check rejects the trailer.
        let file = try lyingTrailer()
        #expect(file.count < 100)
        do {
            _ = try Gzip.decompress(file, path: "liar.gz", limit: 1 << 20)
            Issue.record("a wrong ISIZE was accepted")
        } catch {
            #expect("\(error)".contains("liar.gz") && "\(error)".contains("corrupt gzip data"))
        }
    }

    @Test func aBombStopsAtTheLimit() throws {
        // 4 MiB of zeros deflate to about 4 KB (the ratio deflate allows reaches 1032:1).
        let bomb = try Gzip.compress([UInt8](repeating: 0, count: 4 << 20), level: 9)
        #expect(bomb.count < 8 << 10)
        do {
            _ = try Gzip.decompress(bomb, path: "bomb.gz", limit: 1 << 20)
            Issue.record("the bomb expanded beyond the limit")
        } catch {
            #expect("\(error)".contains("bomb.gz") && "\(error)".contains("expands beyond 1048576 bytes"))
        }
        #expect(try Gzip.decompress(bomb, path: "bomb.gz", limit: 4 << 20).count == 4 << 20)
    }

    @Test func membersAndZlibStreamsStillDecompress() throws {
        let twoMembers = try Gzip.compress(Array("first\n".utf8)) + Gzip.compress(Array("second\n".utf8))
        #expect(try Gzip.decompress(twoMembers, path: "two.gz") == Array("first\nsecond\n".utf8))
        let large = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7 ^ $0 >> 5) }
        #expect(try Gzip.decompress(Gzip.compress(large), path: "large.gz") == large)
    }
}

// The course's pages and its tests agree: every line of every Swift snippet in docs/learn/ is,
// in order, in LearnTests.swift (DocSnippetCheck's rule: indentation, blank lines and trailing
// comments aside; the `import Synapse` too), whose tests run it and check the numbers the page
// states; every chapter has a snippet and a figure, and links to the glossary.

import Foundation
import Testing

@Suite struct LearnDocTests {
    static let folder = repositoryRoot.appendingPathComponent("docs/learn")

    static func chapters() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".md") && $0.first!.isNumber }.sorted()
    }

    static func snippets(in page: String) -> [[String]] {
        DocSnippetCheck.swiftBlocks(page).map { $0.lines.filter { !$0.hasPrefix("import ") } }
    }

    @Test func theCourseHasItsNineChaptersAndTheGlossary() throws {
        #expect(try Self.chapters().count == 9)
        #expect(FileManager.default.fileExists(atPath: Self.folder.appendingPathComponent("glossary.md").path))
    }

    @Test func everySnippetIsATestBodyWordForWord() throws {
        let tests = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/SynapseTests/LearnTests.swift"), encoding: .utf8)
        let testLines = DocSnippetCheck.sourceLines(tests)
        for chapter in try Self.chapters() {
            let page = try String(contentsOf: Self.folder.appendingPathComponent(chapter), encoding: .utf8)
            let snippets = Self.snippets(in: page)
            #expect(!snippets.isEmpty, "\(chapter) has no Swift snippet")
            for snippet in snippets {
                let missing = DocSnippetCheck.firstMissingLine(snippet, in: testLines)
                #expect(missing == nil, "\(chapter): a snippet is not in LearnTests.swift as written: `\(missing ?? "")`")
            }
        }
    }

    @Test func everyChapterLinksTheGlossaryAndShowsAFigure() throws {
        for chapter in try Self.chapters() {
            let page = try String(contentsOf: Self.folder.appendingPathComponent(chapter), encoding: .utf8)
            #expect(page.contains("](glossary.md"), "\(chapter) does not link the glossary")
            #expect(page.contains("![") && (page.contains("](figures/") || page.contains("](../plots/")), "\(chapter) has no figure")
        }
    }

    @Test func everyFigureIsSmallAndShownByAChapter() throws {
        let figures = Self.folder.appendingPathComponent("figures")
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".md") }
            .map { try String(contentsOf: Self.folder.appendingPathComponent($0), encoding: .utf8) }.joined()
        let files = try FileManager.default.contentsOfDirectory(atPath: figures.path).filter { $0.hasSuffix(".svg") }
        #expect(files.count >= 10)
        for file in files {
            let size = try FileManager.default.attributesOfItem(atPath: figures.appendingPathComponent(file).path)[.size] as! Int
            #expect(size < 64 << 10, "\(file) is \(size) bytes; a course figure stays under 64 KB")
            #expect(pages.contains("(figures/\(file))"), "no chapter shows figures/\(file)")
        }
    }
}

// Every link and file name in README.md and docs/ points at something in the repository: the
// targets of Markdown links and images (relative to the page; web addresses aside), the
// headings their #anchors name, and the repository paths written in backticks (`docs/NN.md`,
// `Sources/...`, `Tests/...`, `scripts/...`; relative to the repository root).

import Foundation
import Testing

/// The repository's root folder, found from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// README.md and every Markdown file under docs/, as paths relative to the root.
func documentationPages() -> [String] {
    var pages = ["README.md"]
    let docs = repositoryRoot.appendingPathComponent("docs")
    if let walker = FileManager.default.enumerator(atPath: docs.path) {
        for case let path as String in walker where path.hasSuffix(".md") { pages.append("docs/" + path) }
    }
    return pages.sorted()
}

/// Every match of `pattern`'s first capture group in `text`.
func captures(_ pattern: String, in text: String) -> [String] {
    let regex = try! NSRegularExpression(pattern: pattern)
    return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
        Range(match.range(at: 1), in: text).map { String(text[$0]) }
    }
}

/// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens.
func anchor(ofHeading heading: String) -> String {
    String(heading.lowercased().compactMap { c -> Character? in
        if c == " " { return "-" }
        return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
    })
}

@Suite struct DocLinkTests {
    @Test func thePagesAreFound() {
        let pages = documentationPages()
        #expect(pages.contains("docs/NN.md") && pages.contains("docs/learn/README.md"), "\(pages)")
    }

    @Test func everyLinkPointsAtAFileOrHeadingThatExists() throws {
        var broken: [String] = []
        for page in documentationPages() {
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent(page), encoding: .utf8)
            let folder = repositoryRoot.appendingPathComponent(page).deletingLastPathComponent()
            for link in captures(#"\]\(([^)\s]+)\)"#, in: text) {
                if link.hasPrefix("http://") || link.hasPrefix("https://") || link.hasPrefix("mailto:") { continue }
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? repositoryRoot.appendingPathComponent(page)
                                              : folder.appendingPathComponent(parts[0]).standardizedFileURL
                guard FileManager.default.fileExists(atPath: target.path) else {
                    broken.append("\(page): \(link)")
                    continue
                }
                if parts.count == 2, target.pathExtension == "md" {
                    let headings = try String(contentsOf: target, encoding: .utf8).split(separator: "\n")
                        .filter { $0.hasPrefix("#") }.map { anchor(ofHeading: $0.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)) }
                    if !headings.contains(parts[1]) { broken.append("\(page): \(link) (no such heading)") }
                }
            }
        }
        #expect(broken.isEmpty, "\(broken.joined(separator: "\n"))")
    }

    @Test func everyRepositoryPathInBackticksExists() throws {
        var missing: [String] = []
        for page in documentationPages() {
            let text = try String(contentsOf: repositoryRoot.appendingPathComponent(page), encoding: .utf8)
            for raw in captures(#"`((?:docs|Sources|Tests|scripts|Benchmarks|Fuzz)/[^`\s]*)"#, in: text) {
                let path = String(raw.reversed().drop { ".,;:)".contains($0) }.reversed())
                // Patterns and placeholders (`Sources/.../*.swift`, `docs/<name>.md`) name no one file.
                if path.contains(where: { "*…<{".contains($0) }) || path.contains("...") { continue }
                if !FileManager.default.fileExists(atPath: repositoryRoot.appendingPathComponent(path).path) {
                    missing.append("\(page): \(path)")
                }
            }
        }
        #expect(missing.isEmpty, "\(missing.joined(separator: "\n"))")
    }

    @Test func theCheckSeesABrokenPath() {
        // The patterns themselves: a link and a backticked path are found.
        #expect(captures(#"\]\(([^)\s]+)\)"#, in: "see [x](docs/nope.md) and ![f](figures/a.svg)") == ["docs/nope.md", "figures/a.svg"])
        #expect(captures(#"`((?:docs|Sources|Tests|scripts|Benchmarks|Fuzz)/[^`\s]*)"#, in: "in `Sources/A.swift` or `scripts/x.sh ARG`")
            == ["Sources/A.swift", "scripts/x.sh"])
        #expect(anchor(ofHeading: "Notation") == "notation" && anchor(ofHeading: "2. Activation functions") == "2-activation-functions")
    }
}

import Foundation
import Testing
import Synapse

/// A Pandas workflow written the way docs/DATA.md teaches it, with the public API only (no
/// `@testable`): read, filter, derive, group with several aggregates, merge two frames, pivot,
/// clean, sort, write. Every number is compared with Pandas's own result for the same steps
/// (scripts/fixtures/make_frame_fixtures.py, the "workflow" entry of pandas_frame_ops.json).
@Suite struct PandasWorkflowTests {
    static let reference: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SynapseDataTests/Fixtures/pandas_frame_ops.json")
        let all = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        return all["workflow"] as! [String: Any]
    }()

    /// Same columns, row labels and values as Pandas's frame (numbers to 1e-9 relative; null is missing).
    func expectFrame(_ got: DataFrame, _ key: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let want = Self.reference[key] as! [String: Any]
        #expect(got.columns == want["columns"] as! [String], "\(key): columns", sourceLocation: sourceLocation)
        #expect(got.index ?? (0..<got.rowCount).map(String.init) == want["index"] as! [String], "\(key): index", sourceLocation: sourceLocation)
        let data = want["data"] as! [String: [Any]]
        for name in got.columns {
            let column = try got.column(name)
            let expected = data[name] ?? []
            #expect(column.count == expected.count, "\(key)[\(name)]: length", sourceLocation: sourceLocation)
            for (row, value) in expected.enumerated() where row < column.count {
                switch value {
                case let text as String:
                    #expect(column.text(at: row) == text, "\(key)[\(name)][\(row)]", sourceLocation: sourceLocation)
                case let number as NSNumber:
                    let x = try column.numbers()[row], y = number.doubleValue
                    #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(key)[\(name)][\(row)]: \(x) vs \(y)", sourceLocation: sourceLocation)
                default:
                    #expect(column.isna()[row], "\(key)[\(name)][\(row)] should be missing", sourceLocation: sourceLocation)
                }
            }
        }
    }

    @Test func readFilterDeriveGroupMergePivotWrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-workflow-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let salesPath = folder.appendingPathComponent("sales.csv").path
        try (Self.reference["sales_csv"] as! String).write(toFile: salesPath, atomically: true, encoding: .utf8)

        var sales = try DataFrame(csvFile: salesPath)
        let cities = try DataFrame(csvText: Self.reference["cities_csv"] as! String, name: "cities.csv")
        sales["revenue"] = try sales["units"] * sales["price"]
        try expectFrame(sales, "sales")

        let busy = try sales[try (sales["units"] .> 5) & (sales["product"] .== "tea")]
        try expectFrame(busy, "busy")

        let perCity = try sales.groupBy("city")[["units", "revenue"]].agg([.sum, .mean, .max])
        try expectFrame(perCity, "per_city")
        #expect(perCity.indexName == "city")

        var merged = try sales.merge(cities, on: "city", how: .left)
        merged["revenue_per_person"] = try merged["revenue"] / merged["population"]
        try expectFrame(merged, "merged")

        let pivot = try sales.pivotTable(values: "revenue", index: "city", columns: "product", aggfunc: .sum)
        try expectFrame(pivot, "pivot")

        let cleaned = try sales.dropna().sorted(by: "revenue", ascending: false)
        try expectFrame(cleaned, "cleaned")
        let cleanedPath = folder.appendingPathComponent("cleaned.csv").path
        try cleaned.writeCSV(to: cleanedPath)
        #expect(try String(contentsOfFile: cleanedPath, encoding: .utf8) == Self.reference["cleaned_csv"] as! String)
    }
}

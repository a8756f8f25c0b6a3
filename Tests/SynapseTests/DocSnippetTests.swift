import Foundation
import Testing
import Synapse

/// The snippets of docs/DATA.md and docs/TENSOR.md, run. `DocSnippetCheck` (below) asserts that
/// every line of every ```swift block in those pages appears, in order, in this file, so a
/// snippet cannot drift from the code that runs it; the tests add their checks between the
/// lines. A block introduced by `<!-- excerpt: PATH -->` is a quotation of PATH and is checked
/// against that file instead.
@Suite struct DocSnippetTests {
    static let salesCSV = """
        city,month,product,units,price
        Oslo,1,tea,12,3.5
        Oslo,1,coffee,30,4.0
        Oslo,2,tea,,3.5
        Bergen,1,tea,7,3.0
        Bergen,2,coffee,25,4.5
        Bergen,2,tea,9,3.0
        Tromsø,1,coffee,4,5.0
        """

    /// sales.csv in a folder of its own, and a path beside it for output.
    static func salesFile() throws -> (path: String, outputPath: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("sales.csv").path
        try salesCSV.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, folder.appendingPathComponent("sales-clean.csv").path)
    }

    static func remove(_ paths: String...) {
        for path in paths { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
    }

    // MARK: docs/DATA.md

    @Test func dataReadSelectAndDerive() throws {
        let (path, outputPath) = try Self.salesFile()
        defer { Self.remove(path, outputPath) }

        // pd.read_csv, head, info, shape
        var sales = try DataFrame(csvFile: path)
        print(sales.head(3))
        print(sales.info())
        print(sales.shape, sales.columns, sales.index ?? [], sales.indexName ?? "none")
        #expect(sales.shape == (rows: 7, columns: 5) && sales.columns == ["city", "month", "product", "units", "price"])
        let small = try DataFrame(columns: [Column(name: "x", numbers: [1, 2]), Column(name: "k", texts: ["a", nil])])
        let fromDictionary = try DataFrame(["a": [1, 2, 3], "b": [4, 5, 6]])
        #expect(small.rowCount == 2 && fromDictionary.columns == ["a", "b"])

        // select and drop columns
        let units = try sales.column("units")
        let prices = try sales[["product", "price"]]
        let numeric = sales.numericColumns()
        let withoutCity = try sales.dropping(["city"])
        #expect(units.presentCount == 6 && prices.columns == ["product", "price"] && numeric.columns.count == 3)
        #expect(withoutCity.columns.first == "month")

        // derive columns: arithmetic, assign
        sales["revenue"] = try sales["units"] * sales["price"]
        try sales.assign("unit_share", try units / units.sum())
        let discounted = try sales.assigning("sale_price", try sales["price"] * 0.9)
        #expect(try sales.column("revenue").numbers().prefix(2) == [42, 120])
        #expect(discounted.columns.last == "sale_price")

        // filter rows with masks
        let big = try sales[try sales["units"] .> 10]
        let teaInOslo = try sales[try (sales["product"] .== "tea") & (sales["city"] .== "Oslo")]
        let northern = try sales[try sales.column("city").isin(["Tromsø", "Bergen"])]
        let missingUnits = try sales.column("units").isna()
        let everyOther = try sales.rows(where: [true, false, true, false, true, false, true])
        print(units.presentCount, missingUnits.trueCount, missingUnits.any, missingUnits.all)
        #expect(everyOther.rowCount == 4)
        #expect(big.rowCount == 3 && teaInOslo.rowCount == 2 && northern.rowCount == 4)
        #expect(missingUnits.trueCount == 1 && missingUnits.any && !missingUnits.all)

        // rows by position and by label
        let firstTwo = sales.iloc[0..<2]
        let picked = try sales.iloc[[4, 0]]
        let byCity = try sales.settingIndex("city")
        let bergen = try byCity.loc["Bergen"]
        let alphabetical = byCity.sortedByIndex()
        let numbered = byCity.resetIndex()
        #expect(alphabetical.index?.first == "Bergen" && numbered.columns.first == "city")
        #expect(firstTwo.rowCount == 2 && picked.rowCount == 2 && bergen.rowCount == 3)

        // a European export: semicolons, decimal commas, thousands dots, "n/a" for missing
        let european = try DataFrame(csvText: "Stadt;Umsatz\nWien;1.234,5\nGraz;n/a\n", name: "umsatz.csv",
                                     options: CSVReadOptions(delimiter: ";", decimal: ",", thousands: ".", naValues: ["n/a"]))
        #expect(try european.column("Umsatz").numbers()[0] == 1234.5 && european.missingCounts()[1].count == 1)

        // write CSV
        try sales.writeCSV(to: outputPath)
        #expect(try DataFrame(csvFile: outputPath).columns.count == 7)
    }

    @Test func dataStatisticsGroupsAndPivots() throws {
        let (path, outputPath) = try Self.salesFile()
        defer { Self.remove(path, outputPath) }
        var sales = try DataFrame(csvFile: path)
        sales["revenue"] = try sales["units"] * sales["price"]

        // statistics of one column, and of every numeric column
        let units = try sales.column("units")
        print(try units.sum(), try units.mean(), try units.std(), try units.variance())
        print(try units.min(), try units.max(), try units.median(), try units.quantile(0.9))
        print(units.unique(), units.nunique(), units.valueCounts())
        let summary = sales.agg([.sum, .mean, .max])
        print(sales.describe(), sales.corr(), sales.missingCounts())
        let productCounts = try sales.valueCounts("product", normalize: true)
        #expect(try units.sum() == 87 && units.nunique() == 6)
        #expect(summary.rowCount == 3 && productCounts.columns == ["product", "proportion"])

        // group by one key or several, with one aggregate or several
        let perCity = try sales.groupBy("city").sum()
        let revenuePerCity = try sales.groupBy("city")["revenue"].mean()
        let perCityAndMonth = try sales.groupBy(["city", "month"]).mean()
        let flat = try sales.groupBy("city", asIndex: false).max()
        let sizes = try sales.groupBy("product").size()
        let several = try sales.groupBy("city")[["units", "revenue"]].agg([.sum, .mean])
        let perColumn = try sales.groupBy("city").agg(["units": .sum, "price": .mean])
        #expect(perCity.indexName == "city" && perCity.index == ["Bergen", "Oslo", "Tromsø"])
        #expect(try revenuePerCity.numbers("revenue") == [(21 + 112.5 + 27) / 3, (42 + 120) / 2, 20])
        #expect(perCityAndMonth.columns.prefix(2) == ["city", "month"] && flat.columns.first == "city")
        #expect(try sizes.numbers("size") == [3, 4])
        #expect(several.columns == ["units_sum", "units_mean", "revenue_sum", "revenue_mean"])
        #expect(perColumn.columns == ["units", "price"])

        // a pivot table: cities down, months across
        let table = try sales.pivotTable(values: "units", index: "city", columns: "month", aggfunc: .sum)
        #expect(table.columns == ["1", "2"] && table.index == ["Bergen", "Oslo", "Tromsø"])
    }

    @Test func dataCleanSortAndCombine() throws {
        let (path, outputPath) = try Self.salesFile()
        defer { Self.remove(path, outputPath) }
        let sales = try DataFrame(csvFile: path)

        // missing values
        let complete = try sales.dropna()
        let someUnits = try sales.dropna(subset: ["units"], how: .any)
        let zeros = try sales.fillna(0)
        let filled = try sales.fillna(["units": 0, "city": "unknown"])
        let present = try sales.column("units").notna()
        let anyPresent = try sales.dropna(how: .all)
        #expect(anyPresent.rowCount == 7)
        #expect(complete.rowCount == 6 && someUnits.rowCount == 6 && present.trueCount == 6)
        #expect(try zeros.column("units").presentCount == 7 && filled.missingCounts().allSatisfy { $0.count == 0 })

        // rename, change type, map, sort, sample
        let renamed = try sales.rename(columns: ["units": "qty"])
        let asFloats = try sales.astype("month", .float64)
        let asText = try asFloats.astype("month", .object).astype("month", .int64)
        let flags = try DataFrame(csvText: "done\n1\n0\n").astype("done", .bool)
        #expect(try asText.column("month").type == .int64 && flags.column("done").type == .bool)
        let doubled = try sales.applying({ $0 * 2 }, to: "price")
        let shouting = try sales.applying({ $0?.uppercased() }, toText: "city")
        let cents = try sales.column("price").map { $0 * 100 }
        let upper = try sales.column("product").mapTexts { $0?.uppercased() }
        let byRevenue = try sales.sortValues(by: ["city", "units"], ascending: [true, false])
        let cheapestFirst = try sales.sorted(by: "price")
        let some = try sales.sample(n: 3, seed: 7)
        #expect(try renamed.columns.contains("qty") && asFloats.column("month").type == .float64)
        #expect(try doubled.column("price").numbers().first == 7 && shouting.column("city").text(at: 0) == "OSLO")
        #expect(try cents.numbers().first == 350 && upper.text(at: 1) == "COFFEE")
        #expect(try byRevenue.column("city").text(at: 0) == "Bergen")
        #expect(try cheapestFirst.column("price").numbers().first == 3)
        #expect(some.rowCount == 3)

        // concat, merge, join
        let cities = try DataFrame(csvText: "city,country\nOslo,Norway\nBergen,Norway\nStockholm,Sweden\n")
        let twice = try DataFrame.concat([sales.head(2), sales.tail(2)])
        let renumbered = try DataFrame.concat([sales.head(2), sales.tail(2)], ignoreIndex: true)
        let side = try DataFrame.concat([sales.selecting(["city"]), sales.selecting(["units"])], axis: .columns)
        let withCountry = try sales.merge(cities, on: "city", how: .left)
        let joined = try sales.settingIndex("city").join(cities.settingIndex("city"), how: .inner)
        #expect(twice.index == ["0", "1", "5", "6"] && renumbered.index == nil && side.columns == ["city", "units"])
        #expect(try withCountry.column("country").text(at: 6) == nil && joined.rowCount == 6)
        #expect(joined.resetIndex().columns.first == "city")

        // to a tensor for a model
        let x = try sales.toTensor(columns: ["month", "price"])
        let y = try sales.toTensor(column: "price")
        #expect(x.shape == [7, 2] && y.shape == [7])
    }

    @Test func dataTourFromAFrameToAModelsInputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let scalerPath = folder.appendingPathComponent("scaler.json").path

        let frame = Datasets.breastCancer()                  // ships with Synapse
        print(frame.describe())                              // count, mean, std, min, 25%, 50%, 75%, max
        let x = try frame.dropping(["benign_0__mal_1"]).toTensor()
        let y = try frame.toTensor(column: "benign_0__mal_1")
        let split = try trainTestSplit(x, y, testSize: 0.25, seed: 101)
        var scaler = StandardScaler()
        let xTrain = try scaler.fitTransform(split.xTrain)
        let xTest = try scaler.transform(split.xTest)
        try scaler.save(to: scalerPath)
        let yPred = try xTest.checked[0..., 0] .> 0            // a stand-in for a model's predictions
        print(try classificationReport(split.yTest, yPred))
        #expect(xTrain.shape == [426, 30] && xTest.shape == [143, 30])
        #expect(try StandardScaler.load(from: scalerPath).transform(split.xTest).scalars == xTest.scalars)

        let digits = try MNISTSample.load()                  // Datasets.mnist() reads the full set
        let labels = try toCategorical(digits.train.y)
        #expect(labels.shape == [2000, 10])

        let series = Tensor.arange(0, 48).reshaped(to: [-1, 1])
        let generator = try TimeseriesGenerator(data: series, targets: series, length: 12, batchSize: 1)
        let lastTwelve = series[36...]
        let forecast = try recursiveForecast(lastWindow: lastTwelve, steps: 6) { window in
            try window.checked[0..., 11...].reshaped(to: [1, 1]) + 1      // a stand-in model: the next value
        }
        #expect(generator.count == 36 && forecast.scalars == [48, 49, 50, 51, 52, 53])
    }

    /// The seed's time-series steps: read with a date index, check, slice, resample, plot over
    /// the dates (on a generated monthly series).
    @Test func dataDatedSeries() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-dated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "DATE,Production\n"
        for month in 0..<48 { text += String(format: "%04d-%02d-01,%d\n", 2009 + month / 12, month % 12 + 1, 60 + month) }
        let path = folder.appendingPathComponent("elec_equip.csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let figurePath = folder.appendingPathComponent("elec.svg").path

        let elec = try DataFrame(csvFile: path,
                                 options: CSVReadOptions(indexColumn: "DATE", parseDates: ["DATE"]))
        print(elec.head())                        // the DATE index printed as Pandas prints it
        print(elec.dateIndex ?? [])               // [Date]? — 2009-01-01 ... (UTC)
        print(elec.inferredFrequency ?? "none")   // .month (Pandas's infer_freq: "MS"); nil with a gap
        try elec.checkRegular()                   // throws at the first gap, repeat or step back
        let recent = try elec.rows(from: "2010-01", to: "2012")   // df.loc["2010-01":"2012"], both ends whole
        let year2010 = try elec.rows(year: 2010)                  // df.loc["2010"]
        let yearly = try elec.resampled(.year, aggregation: .mean)            // df.resample("YE").mean()
        let quarterStarts = try elec.resampled(.quarter, aggregation: .sum, label: .start)  // resample("QS").sum()
        #expect(elec.head().description.hasPrefix("            Production\nDATE                  \n2009-01-01          60"))
        #expect(try elec.inferredFrequency == .month && elec.checkRegular() == .month)
        #expect(recent.rowCount == 36 && quarterStarts.rowCount == 16)
        #expect(try year2010.numbers("Production") == (72...83).map(Double.init))
        #expect(try yearly.numbers("Production") == [65.5, 77.5, 89.5, 101.5])
        #expect(try quarterStarts.numbers("Production").prefix(2) == [183, 192])

        let figure = Figure(width: 800, height: 320)
        let axes = figure.addAxes()
        try axes.plot(elec, column: "Production")             // dates on the x axis, "DATE" as its label
        try axes.plot(yearly, column: "Production", marker: .circle, label: "yearly mean")
        try figure.writeSVG(to: figurePath)
        #expect(axes.xIsDate && axes.xLabel == "DATE")
        #expect(axes.legendEntries.map(\.label) == ["Production", "yearly mean"])
        let svg = try String(contentsOfFile: figurePath, encoding: .utf8)
        for month in ["2010-01", "2011-01", "2012-01"] { #expect(svg.contains(">\(month)</text>"), "a tick labelled \(month)") }
        #expect(throws: SynapseError.self) { try axes.plot(elec, column: "price") }
    }

    // MARK: docs/TENSOR.md

    @Test func tensorShapesAndIndexing() throws {
        let t = Tensor.arange(0, 6).reshaped(to: [2, 3])
        print(t.shape)          // [2, 3]
        print(t.scalars)        // [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        print(t[index: 1, 2])   // 5.0
        print(t[1])             // [3. 4. 5.]   (the second row, rank 1)
        print(t[0..., 1...])    // [[1. 2.] [4. 5.]]   (NumPy's t[:, 1:])
        print(t[1, 0..<2])      // [3. 4.]             (NumPy's t[1, 0:2]; the integer drops the axis)
        #expect(t.shape == [2, 3] && t[index: 1, 2] == 5)
        #expect(t[1].scalars == [3, 4, 5] && t[0..., 1...].scalars == [1, 2, 4, 5] && t[1, 0..<2].scalars == [3, 4])

        let row = Tensor([10, 20, 30])
        let column = Tensor([[1], [2]])
        print(t + row)          // [2, 3]: the row added to every row
        print(t + column)       // [2, 3]: the column added to every column
        #expect((t + row).scalars == [10, 21, 32, 13, 24, 35] && (t + column).scalars == [1, 2, 3, 5, 6, 7])

        // Shapes from user data: the checked forms throw instead of stopping the program.
        do {
            let product = try t.checked.matmul(Tensor.ones([4, 2]))
            print(product)
        } catch {
            print(error)        // Shape mismatch: matmul: shapes [2, 3] and [4, 2] do not align (inner dimensions 3 and 4)
        }
        let flat = try t.checked.reshaped(to: [-1])
        let sum = try t.checked.adding(column)
        let corner = try t.checked[1, 2...]
        #expect(flat.shape == [6] && sum.shape == [2, 3] && corner.scalars == [5])
        #expect(throws: SynapseError.self) { try t.checked.matmul(Tensor.ones([4, 2])) }
    }

    @Test func tensorGradients() throws {
        // y = w·x + b and a squared error, differentiated by backward()
        let w = Tensor([[0.5], [-1.0]]).requiringGradient()
        let b = Tensor([0.1]).requiringGradient()
        let x = Tensor([[1, 2], [3, 4]])
        let target = Tensor([[1], [0]])
        let loss = ((x.matmul(w) + b - target) * (x.matmul(w) + b - target)).mean()
        try loss.backward()
        print(w.gradient!, b.gradient!)         // ∂loss/∂w, ∂loss/∂b
        let again = ((x.matmul(w) + b - target) * (x.matmul(w) + b - target)).mean()
        let same = gradients(of: again, wrt: [w, b])  // returned instead of stored in .gradient
        #expect(w.gradient!.scalars == same[0].scalars && b.gradient!.scalars == same[1].scalars)

        // Gradients accumulate: clear them before the next backward pass.
        zeroGradients(of: [w, b])                       // or w.zeroGradient(), b.zeroGradient()
        let twice = (w * w).sum()
        try twice.backward(retainingGraph: true)        // keep the graph for a second pass
        try twice.backward()                            // adds: 2 · 2w
        #expect(w.gradient!.scalars == [2, -4])

        let updated = withoutGradients { w - 0.1 * w.gradient! }   // an update, not recorded
        #expect(!updated.requiresGradient)

        // Check a function's gradients against finite differences.
        let check = gradientCheck(at: [Tensor.randomNormal([3, 4], seed: 1)]) { inputs in tanh(inputs[0]) * inputs[0] }
        print(check)                                    // gradient check passed: max error ...
        let bigSum = gradientCheck(at: [Tensor.randomNormal([64, 8], seed: 2)], mode: .relative) { inputs in
            (inputs[0] * inputs[0]).sum() * 100
        }
        #expect(check.passed && bigSum.passed)
    }

    @Test func tensorStorageThreadsAndRandomNumbers() {
        print(BufferPool.shared.statistics)             // hits, misses, frees, bytes
        let limit = BufferPool.shared.limit             // SYNAPSE_POOL_BYTES, 512 MiB by default
        BufferPool.shared.empty()                       // hand the cached buffers back
        #expect(limit > 0)

        var partial = [Double](repeating: 0, count: 8)
        partial.withUnsafeMutableBufferPointer { slots in
            Parallel.forEach(count: 8_000, grain: 1_000) { chunk, range in
                slots[chunk] = Double(range.count)     // each chunk writes its own slot
            }
        }
        #expect(partial.reduce(0, +) == 8_000)

        Random.seed(42)                                 // the global generator
        let a = Tensor.randomNormal([2, 2])
        let b = Tensor.randomNormal([2, 2], seed: 7)    // a private stream
        var generator = SeededGenerator(seed: 7)
        let c = Tensor.randomNormal([2, 2], using: &generator)
        #expect(b.scalars == c.scalars && a.shape == [2, 2])
    }
}

/// Checks that the docs' snippets are the code that runs (see `DocSnippetTests`).
@Suite struct DocSnippetCheck {
    /// A line as compared: without surrounding white space or a trailing `// comment`.
    static func normalized(_ line: Substring) -> String {
        var text = line.trimmingCharacters(in: .whitespaces)
        var inString = false
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if c == "\"" { inString.toggle() }
            if !inString, text[index...].hasPrefix("//") {
                text = String(text[..<index]).trimmingCharacters(in: .whitespaces)
                break
            }
            index = text.index(after: index)
        }
        return text
    }

    /// The lines of a Swift source, normalized as snippet lines are.
    static func sourceLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { normalized($0) }
    }

    /// The ```swift blocks of a Markdown file, each with the excerpt path that precedes it, if any.
    static func swiftBlocks(_ markdown: String) -> [(lines: [String], excerpt: String?, startLine: Int)] {
        var blocks: [(lines: [String], excerpt: String?, startLine: Int)] = []
        var current: [String]?
        var excerpt: String?, pendingExcerpt: String?, start = 0
        for (number, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current != nil {
                if trimmed == "```" {
                    blocks.append((current!, excerpt, start))
                    current = nil
                } else {
                    current!.append(String(line))
                }
            } else if trimmed == "```swift" {
                current = []
                excerpt = pendingExcerpt
                start = number + 1
                pendingExcerpt = nil
            } else if trimmed.hasPrefix("<!-- excerpt:") {
                pendingExcerpt = trimmed.dropFirst("<!-- excerpt:".count).replacingOccurrences(of: "-->", with: "")
                    .trimmingCharacters(in: .whitespaces)
            } else if !trimmed.isEmpty {
                pendingExcerpt = nil
            }
        }
        return blocks
    }

    /// The first line of `block` (normalized, blank lines skipped) that cannot be found in
    /// `source` after the previous one, or nil when every line is found in order.
    static func firstMissingLine(_ block: [String], in source: [String]) -> String? {
        var position = 0
        for line in block.map({ normalized($0[...]) }) where !line.isEmpty {
            guard let found = source[position...].firstIndex(of: line) else { return line }
            position = found + 1
        }
        return nil
    }

    @Test(arguments: ["docs/DATA.md", "docs/TENSOR.md"])
    func everySnippetRunsInTheTestSuite(_ page: String) throws {
        let markdown = try String(contentsOf: repositoryRoot.appendingPathComponent(page), encoding: .utf8)
        let tests = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { Self.normalized($0) }
        let blocks = Self.swiftBlocks(markdown)
        #expect(!blocks.isEmpty)
        for block in blocks {
            var source = tests
            if let excerpt = block.excerpt {
                source = try String(contentsOf: repositoryRoot.appendingPathComponent(excerpt), encoding: .utf8)
                    .split(separator: "\n", omittingEmptySubsequences: false).map { Self.normalized($0) }
            }
            let missing = Self.firstMissingLine(block.lines, in: source)
            #expect(missing == nil, "\(page), the block at line \(block.startLine): `\(missing ?? "")` is not in \(block.excerpt ?? "DocSnippetTests.swift") (in this order)")
        }
    }

    /// The names of the calls in the Synapse column of a Markdown table: identifiers before
    /// `(`, `[` or `:` and after `.`, inside code spans, less argument labels and keywords.
    static func calls(inTableOf section: String) -> [(name: String, span: String)] {
        let skip: Set<String> = ["try", "let", "var", "true", "false", "in", "nil", "as", "by", "n", "s", "columns", "to",
                                 "on", "how", "subset", "axis", "normalize", "ascending", "values", "index", "aggfunc",
                                 "options", "name", "numbers", "texts", "seed", "aggregation", "ignoreIndex", "suffixes",
                                 "asIndex", "csvFile", "indexColumn", "parseDates", "toText", "includeIndex", "column", "k", "label"]
        var found: [(String, String)] = []
        for line in section.split(separator: "\n") where line.hasPrefix("|") && !line.hasPrefix("|---") && !line.hasPrefix("| Pandas") {
            let cells = line.replacingOccurrences(of: "\\|", with: "¦").split(separator: "|", omittingEmptySubsequences: false)
            guard cells.count > 2 else { continue }
            for span in cells[2].split(separator: "`").enumerated().filter({ $0.offset % 2 == 1 }).map({ String($0.element) }) {
                let calls = captures(#"([A-Za-z_][A-Za-z0-9_]*)\s*[\(\[:]"#, in: span)
                let members = captures(#"\.([a-z][A-Za-z0-9_]*)"#, in: span)
                for name in calls + members where !skip.contains(name) { found.append((name, span)) }
            }
        }
        return found
    }

    @Test func everyCallInTheDataTableIsInASnippet() throws {
        let markdown = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/DATA.md"), encoding: .utf8)
        let table = markdown.components(separatedBy: "## Pandas → Synapse")[1].components(separatedBy: "\n## ")[0]
        let snippets = Self.swiftBlocks(markdown).flatMap(\.lines).joined(separator: "\n")
        let words = Set(snippets.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        let calls = Self.calls(inTableOf: table)
        #expect(calls.count > 100)
        for (name, span) in calls {
            #expect(words.contains(name), "docs/DATA.md names `\(name)` (in `\(span)`) but no snippet calls it")
        }
    }

    @Test func theCheckFindsALineThatDrifted() {
        let source = ["let a = 1", "print(a)"]
        #expect(Self.firstMissingLine(["let a = 1   // one", "", "print(a)"], in: source) == nil)
        #expect(Self.firstMissingLine(["print(a)", "let a = 1"], in: source) == "let a = 1")
        #expect(Self.firstMissingLine(["let a = 2"], in: source) == "let a = 2")
        #expect(Self.normalized("  let url = \"https://x\" // note") == "let url = \"https://x\"")
    }
}

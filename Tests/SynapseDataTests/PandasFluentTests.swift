import Foundation
import Testing
@testable import SynapseData

/// The Pandas calls a user guesses, against Pandas's own results
/// (scripts/fixtures/make_frame_fixtures.py → Fixtures/pandas_frame_ops.json).
@Suite struct PandasFluentTests {
    static let reference = try! Fixture.json("pandas_frame_ops.json")
    var ref: [String: Any] { Self.reference }
    var df: DataFrame { try! frame(from: ref["input"]) }
    var left: DataFrame { try! frame(from: ref["left"]) }
    var right: DataFrame { try! frame(from: ref["right"]) }

    /// A frame from a fixture: text columns where the values are strings, numbers otherwise.
    func frame(from any: Any?) throws -> DataFrame {
        let spec = any as! [String: Any]
        let data = spec["data"] as! [String: Any]
        return try DataFrame(columns: (spec["columns"] as! [String]).map { name in
            let values = data[name] as! [Any]
            if values.contains(where: { $0 is String }) { return Column(name: name, texts: values.map { $0 as? String }) }
            return Column(name: name, numbers: doubles(values))
        })
    }

    /// Same columns, row labels and values (numbers to 1e-9 relative, NaN for null) as Pandas's.
    func expectFrame(_ got: DataFrame, _ any: Any?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let want = any as! [String: Any]
        #expect(got.columns == want["columns"] as! [String], "\(what): columns", sourceLocation: sourceLocation)
        #expect(got.index ?? (0..<got.rowCount).map(String.init) == want["index"] as! [String], "\(what): index", sourceLocation: sourceLocation)
        if let name = want["index_name"] as? String { #expect(got.indexName == name, "\(what): index name", sourceLocation: sourceLocation) }
        let data = want["data"] as! [String: Any]
        for name in got.columns where data[name] != nil {
            expectColumn(got[name]!, data[name], "\(what)[\(name)]", sourceLocation: sourceLocation)
        }
    }

    func expectColumn(_ got: Column, _ any: Any?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let want = any as! [Any]
        if want.contains(where: { $0 is String }) || got.values == .texts([]) || !got.isNumeric {
            let texts = (0..<got.count).map { got.text(at: $0) }
            #expect(texts == want.map { $0 as? String }, "\(what)", sourceLocation: sourceLocation)
            return
        }
        let x = (try? got.numbers()) ?? []
        let y = doubles(want)
        #expect(x.count == y.count && zip(x, y).allSatisfy { close($0, $1, relative: 1e-9) }, "\(what): \(x) vs \(y)", sourceLocation: sourceLocation)
    }

    func bools(_ any: Any?) -> [Bool] { (any as! [Any]).map { ($0 as! NSNumber).boolValue } }

    // MARK: Column arithmetic and masks

    @Test func columnArithmeticMatchesPandas() throws {
        let want = ref["arithmetic"] as! [String: Any]
        let x = try df.column("x"), y = try df.column("y"), z = try df.column("z")
        let got: [String: Column] = [
            "x/y": try df["x"] / df["y"], "x+y": try x + y, "x-z": try x - z, "x*z": try x * z,
            "x-1": try x - 1, "2*x": try 2 * x, "y/4": try y / 4, "10/x": try 10 / x,
        ]
        expectColumn(try 10 / df["x"], want["10/x"], "10 / df['x']")
        expectColumn(try df["x"] * df["z"], want["x*z"], "df['x'] * df['z']")
        for (name, column) in got { expectColumn(column, want[name], name) }
    }

    @Test func arithmeticKeepsPandasDtypes() throws {
        let y = try df.column("y")
        #expect(try (y + y).type == .int64)
        #expect(try (y * 3).type == .int64)
        #expect(try (y / 2).type == .float64)
        #expect(try (y + 0.5).type == .float64)
        #expect(try (df.column("x") + 1).type == .float64)
    }

    @Test func comparisonsGiveMasksAsPandas() throws {
        let want = ref["comparison"] as! [String: Any]
        let x = try df.column("x"), z = try df.column("z")
        let got: [String: Mask] = [
            "x>2": try x .> 2, "x<2": try x .< 2, "x>=2": try x .>= 2, "x<=2": try x .<= 2,
            "x==2": try x .== 2, "x!=2": try x .!= 2, "x>z": try x .> z,
            "(x>1)&(z<4)": try (x .> 1) & (z .< 4), "(x>6)|(z<1)": try (x .> 6) | (z .< 1),
            "~(x>2)": try !(x .> 2), "k==a": try df["k"] .== "a", "x>z ": try df["x"] .> df["z"],
        ]
        #expect(try (x .> 6).any && !(x .> 7).any && ((x .> 0) | x.isna()).all)
        for (name, mask) in got {
            #expect(mask.values == bools(want[name.trimmingCharacters(in: .whitespaces)]), "\(name)")
        }
    }

    @Test func maskSelectsRowsKeepingLabels() throws {
        let mask = try (df["x"] .> 1) & (df["z"] .< 4)
        expectFrame(try df[mask], ref["mask_rows"], "df[mask]")
    }

    @Test func assigningAColumnOfArithmetic() throws {
        var frame = df
        try frame.assign("r", try frame["x"] / frame["y"])
        expectFrame(frame, ref["assigned"], "df['r'] = df.x / df.y")
        #expect(try df.assigning("r", try df["x"] / df["y"]) == frame)
        var subscripted = df
        subscripted["r"] = try subscripted["x"] / subscripted["y"]
        #expect(subscripted == frame)
    }

    // MARK: Column statistics

    @Test func columnStatisticsMatchPandas() throws {
        let want = ref["statistics"] as! [String: [String: Any]]
        for name in ["x", "y", "z"] {
            let c = try df.column(name), w = want[name]!
            let got: [String: Double] = [
                "sum": try c.sum(), "mean": try c.mean(), "std": try c.std(), "min": try c.min(), "max": try c.max(),
                "median": try c.median(), "q10": try c.quantile(0.1), "q25": try c.quantile(0.25), "q90": try c.quantile(0.9),
                "nunique": Double(c.nunique()),
            ]
            for (statistic, value) in got {
                let expected = (w[statistic] as! NSNumber).doubleValue
                #expect(close(value, expected, relative: 1e-12), "\(name).\(statistic): \(value) vs \(expected)")
            }
        }
    }

    @Test func uniqueKeepsFirstAppearanceAndTheType() throws {
        let want = ref["unique"] as! [String: Any]
        for name in ["k", "x", "k2"] { expectColumn(try df.column(name).unique(), want[name], "\(name).unique()") }
        #expect(try df.column("k2").unique().type == .int64)
        #expect(try df.column("k").nunique() == ref["nunique_k"] as! Int)
    }

    @Test func valueCountsIsAFrameSortedAsPandas() throws {
        let want = ref["value_counts"] as! [String: Any]
        for name in ["k", "x", "k2"] { expectFrame(try df.valueCounts(name), want[name], "\(name).value_counts()") }
        #expect(try df.valueCounts("k2")["k2"]?.type == .int64)
        #expect(try df.valueCounts("k2")["count"]?.type == .int64)
        expectFrame(try df.valueCounts("k", normalize: true), ref["value_counts_normalized"], "value_counts(normalize=True)")
    }

    @Test func frameAggregatesEveryNumericColumn() throws {
        expectFrame(try df[["x", "y", "z"]].agg([.sum, .mean, .median, .std, .min, .max, .count]), ref["frame_agg"], "df.agg([...])")
    }

    // MARK: groupBy

    @Test func groupByOneKeyEveryAggregate() throws {
        let want = ref["groupby_k"] as! [String: Any]
        let groups = try df.selecting(["k", "x", "y", "z"]).groupBy("k")
        let got: [String: DataFrame] = [
            "sum": groups.sum(), "mean": groups.mean(), "min": groups.min(), "max": groups.max(), "std": groups.std(),
            "count": groups.count(), "first": groups.first(), "last": groups.last(), "median": groups.median(),
            "size": groups.size(),
        ]
        for (name, frame) in got { expectFrame(frame, want[name], "groupby('k').\(name)()") }
        #expect(groups.sum().indexName == "k")
        #expect(groups.sum()["y"]?.type == .int64)
    }

    @Test func groupByThenColumnsAsPandas() throws {
        expectFrame(try df.groupBy("k")["x"].sum(), ref["groupby_k_x_sum"], "groupby('k')['x'].sum()")
        expectFrame(try df.groupBy("k")[["y", "z"]].mean(), ref["groupby_k_yz_mean"], "groupby('k')[['y', 'z']].mean()")
    }

    @Test func groupBySeveralKeysKeepsThemAsColumns() throws {
        let want = ref["groupby_k_k2"] as! [String: Any]
        let groups = try df.groupBy(["k", "k2"])
        let got: [String: DataFrame] = ["sum": groups.sum(), "mean": groups.mean(), "min": groups.min(),
                                        "max": groups.max(), "count": groups.count()]
        for (name, frame) in got { expectFrame(frame, want[name], "groupby(['k', 'k2']).\(name)()") }
    }

    @Test func groupByAggOfSeveral() throws {
        let groups = try df.selecting(["k", "x", "y"]).groupBy("k")
        expectFrame(groups.agg([.sum, .mean, .max]), ref["groupby_agg"], "agg(['sum', 'mean', 'max'])")
        expectFrame(try df.groupBy("k").agg(["x": .sum, "y": .mean]), ref["groupby_agg_dict"], "agg({'x': 'sum', 'y': 'mean'})")
    }

    // MARK: Missing values, sorting

    @Test func dropnaAndFillnaAsPandas() throws {
        expectFrame(try df.dropna(), ref["dropna"], "dropna()")
        expectFrame(try df.dropna(subset: ["x"]), ref["dropna_subset_x"], "dropna(subset=['x'])")
        expectFrame(try df.selecting(["x", "z"]).dropna(how: .all), ref["dropna_how_all_xz"], "dropna(how='all')")
        expectFrame(try df.selecting(["x", "y", "z"]).fillna(0), ref["fillna_0"], "fillna(0)")
        expectFrame(try df.fillna(["x": 0, "z": -1, "k": "none"]), ref["fillna_dict"], "fillna({...})")
    }

    @Test func sortValuesBySeveralColumns() throws {
        expectFrame(try df.sortValues(by: ["k", "x"], ascending: [true, false]), ref["sort_k_x"], "sort_values(['k', 'x'])")
        expectFrame(try df.sortValues(by: ["k2", "y"], ascending: [false, true]), ref["sort_k2_y"], "sort_values(['k2', 'y'])")
    }

    // MARK: Combining

    @Test func concatAlongRowsAndColumns() throws {
        expectFrame(try DataFrame.concat([df.head(2), df.tail(2)]), ref["concat_rows"], "concat rows")
        expectFrame(try DataFrame.concat([left, right], ignoreIndex: true), ref["concat_rows_ignore"], "concat ignore_index")
        expectFrame(try DataFrame.concat([df.selecting(["k", "x"]), df.selecting(["y"])], axis: .columns),
                    ref["concat_columns"], "concat axis=1")
    }

    @Test(arguments: [MergeKind.inner, .left, .right, .outer])
    func mergeMatchesPandas(_ how: MergeKind) throws {
        let want = (ref["merge"] as! [String: Any])[how.rawValue]
        expectFrame(try left.merge(right, on: "key", how: how), want, "merge how=\(how.rawValue)")
    }

    @Test(arguments: [MergeKind.inner, .left, .right, .outer])
    func joinOnRowLabelsMatchesPandas(_ how: MergeKind) throws {
        var labelledLeft = try frame(from: ref["join_left"]), labelledRight = try frame(from: ref["join_right"])
        labelledLeft.index = (ref["join_left"] as! [String: Any])["index"] as? [String]
        labelledRight.index = (ref["join_right"] as! [String: Any])["index"] as? [String]
        let want = (ref["join"] as! [String: Any])[how.rawValue]
        expectFrame(try labelledLeft.join(labelledRight, how: how, suffixes: ("_l", "_r")), want, "join how=\(how.rawValue)")
        #expect(throws: SynapseError.self) { try labelledLeft.join(labelledRight) }     // 'v' in both, no suffixes
    }

    @Test func joinOnRowNumbers() throws {
        let got = try df.selecting(["x"]).head(3).join(right.selecting(["w"]), how: .outer)
        expectFrame(got, ref["join_rows"], "join on row numbers, outer")
    }

    @Test func pivotTableMatchesPandas() throws {
        expectFrame(try df.pivotTable(values: "x", index: "k", columns: "k2", aggfunc: .mean), ref["pivot_mean"], "pivot mean")
        expectFrame(try df.pivotTable(values: "y", index: "k", columns: "k2", aggfunc: .sum), ref["pivot_sum"], "pivot sum")
    }

    // MARK: Access, conversion

    @Test func ilocAndLocSelectRows() throws {
        #expect(df.iloc[1..<3].index == ["1", "2"])
        #expect(try df.iloc[[4, 0]]["y"]?.values == .numbers([50, 10]))
        let grouped = try df.groupBy("k").sum()
        #expect(try grouped.loc["b"]["y"]?.values == .numbers([70]))
        #expect(throws: SynapseError.self) { try df.iloc[8] }
        #expect(throws: SynapseError.self) { try grouped.loc["zz"] }
    }

    @Test func sampleIsReproducibleAndDistinct() throws {
        let a = try df.sample(n: 5, seed: 7), b = try df.sample(n: 5, seed: 7)
        #expect(a == b)
        #expect(Set(a.index!).count == 5)
    }

    @Test func astypeRenameMapAndMissingMasks() throws {
        let converted = try df.astype("y", .float64).astype("k2", .object)
        #expect(converted["y"]?.type == .float64)
        #expect(converted["k2"]?.values == .texts(["1", "1", "2", "1", "1", "2", "1", "2"]))
        #expect(try converted.astype("k2", .int64)["k2"] == df["k2"])
        #expect(try df.rename(columns: ["x": "ex"]).columns == ["k", "k2", "ex", "y", "z"])
        #expect(try df.column("y").map { $0 * 2 }.values == .numbers([20, 40, 60, 80, 100, 120, 140, 160]))
        #expect(try df[df.column("x").isna()].index == ["2"])
        #expect(try df[df.column("k").notna()].rowCount == 7)
        #expect(try df[df.column("k").isin(["b", "c"])].index == ["1", "3", "4", "7"])
        #expect(try df[["y", "x"]].columns == ["y", "x"])
    }

    // MARK: Errors name the column

    @Test func errorsNameTheColumn() throws {
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        #expect(message { try df.column("nope") + df.column("x") }.contains("'nope'"))
        #expect(message { try df.column("k") + df.column("x") }.contains("'k'"))
        #expect(message { try df.column("k") .> 1 }.contains("'k'"))
        #expect(message { try df.column("x") + left.column("v") }.contains("'v'"))
        #expect(message { try df.assigning("w", try left.column("v")) }.contains("'w'"))
        #expect(message { try df.column("k").sum() }.contains("'k'"))
        #expect(message { try df.groupBy("nope") }.contains("'nope'"))
        #expect(message { try df.astype("k", .float64) }.contains("'a'"))
        #expect(message { try df.fillna(["k": 0]) }.contains("'k'"))
        #expect(message { try df.pivotTable(values: "k", index: "k2", columns: "k2", aggfunc: .sum) }.contains("'k'"))
        #expect(message { try df["nope"] / df["x"] }.contains("does not exist"))
    }
}

/// `df["c"] = column` cannot throw (a setter); a column of the wrong length stops the program
/// with a message that names both lengths and the throwing form, in every build.
@Suite struct ColumnSetterTests {
    @Test func aColumnOfTheWrongLengthStopsWithAMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var frame = try DataFrame(columns: [Column(name: "a", numbers: [1, 2, 3])])
            frame["b"] = Column(name: "b", numbers: [1, 2])
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("column 'b' has 2 rows, the frame 3; `try df.assign(name, column)` throws this instead of stopping"), "\(stderr)")
    }

    @Test func assignThrowsTheSameMistake() throws {
        var frame = try DataFrame(columns: [Column(name: "a", numbers: [1, 2, 3])])
        #expect(throws: SynapseError.shapeMismatch("column 'b' has 2 rows, the frame 3")) {
            try frame.assign("b", Column(name: "b", numbers: [1, 2]))
        }
    }
}

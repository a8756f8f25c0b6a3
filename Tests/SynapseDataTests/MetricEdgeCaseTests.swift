import Foundation
import Testing
@testable import SynapseData

/// Metric edge cases against scikit-learn 1.x (values and raises noted beside each check).
@Suite struct MetricEdgeCaseTests {
    @Test func classificationReportReportsTheGivenLabelsInOrder() throws {
        // classification_report([0,1,0,1], [0,1,1,1], labels=[0,1,2], target_names=["a","b","c"])
        let report = try classificationReport([0, 1, 0, 1], [0, 1, 1, 1], labels: [0, 1, 2], targetNames: ["a", "b", "c"])
        #expect(report == "              precision    recall  f1-score   support\n\n           a       1.00      0.50      0.67         2\n           b       0.67      1.00      0.80         2\n           c       0.00      0.00      0.00         0\n\n    accuracy                           0.75         4\n   macro avg       0.56      0.50      0.49         4\nweighted avg       0.83      0.75      0.73         4\n")
        // classification_report([0,1,0,1,2], [0,1,1,1,2], labels=[1,0]): a micro avg row instead of accuracy.
        let subset = try classificationReport([0, 1, 0, 1, 2], [0, 1, 1, 1, 2], labels: [1, 0])
        #expect(subset == "              precision    recall  f1-score   support\n\n           1       0.67      1.00      0.80         2\n           0       1.00      0.50      0.67         2\n\n   micro avg       0.75      0.75      0.75         4\n   macro avg       0.83      0.75      0.73         4\nweighted avg       0.83      0.75      0.73         4\n")
        let tensor = try classificationReport(Tensor(shape: [4], scalars: [0, 1, 0, 1]), Tensor(shape: [4], scalars: [0, 1, 1, 1]),
                                              labels: [0, 1, 2], targetNames: ["a", "b", "c"])
        #expect(tensor == report)
        #expect(throws: SynapseError.invalidArgument("labels [0, 0] name a label more than once")) {
            try classificationReport([0, 1], [0, 1], labels: [0, 0])
        }
    }

    @Test func binaryScoresAreZeroWhenThePositiveLabelOccursNowhere() throws {
        // precision_score / recall_score / f1_score([0,0,0], [0,0,0]) == 0.0 (with a warning)
        #expect(try precisionScore([0, 0, 0], [0, 0, 0]) == 0)
        #expect(try recallScore([0, 0, 0], [0, 0, 0]) == 0)
        #expect(try f1Score([0, 0, 0], [0, 0, 0]) == 0)
        // precision_score([0,2,0], [0,0,0]) raises: pos_label=1 is not a valid label.
        #expect(throws: SynapseError.self) { try precisionScore([0, 2, 0], [0, 0, 0]) }
    }

    @Test func regressionMetricsRejectEmptyAndNaNInput() {
        let metrics: [(String, ([Double], [Double]) throws -> Double)] = [
            ("mae", meanAbsoluteError), ("mse", meanSquaredError), ("rmse", rootMeanSquaredError),
            ("r2", r2Score), ("explained variance", explainedVarianceScore), ("mape", meanAbsolutePercentageError),
        ]
        for (name, metric) in metrics {
            #expect(throws: SynapseError.invalidArgument("a regression metric needs at least one value; y_true and y_pred are empty"), "\(name)") {
                try metric([], [])
            }
            #expect(throws: SynapseError.invalidArgument("y_true contains NaN at index 1; regression metrics need finite values"), "\(name)") {
                try metric([1, .nan, 3], [1, 2, 3])
            }
            #expect(throws: SynapseError.invalidArgument("y_pred contains NaN at index 0; regression metrics need finite values"), "\(name)") {
                try metric([1, 2, 3], [.nan, 2, 3])
            }
        }
    }

    @Test func r2OfOneValueIsNaNAsScikitLearn() throws {
        // r2_score([1.0], [2.0]) and r2_score([1.0], [1.0]) are nan; explained_variance_score([1.0], [2.0]) is 1.0.
        #expect(try r2Score([1], [2]).isNaN)
        #expect(try r2Score([1], [1]).isNaN)
        #expect(try explainedVarianceScore([1], [2]) == 1)
    }
}

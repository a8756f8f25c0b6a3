// Regression metrics with scikit-learn's definitions, for truth y and prediction ŷ of n values:
//   MAE  = (1/n) Σ |y - ŷ|          MSE = (1/n) Σ (y - ŷ)^2        RMSE = sqrt(MSE)
//   R²   = 1 - Σ (y - ŷ)^2 / Σ (y - ȳ)^2
//   explained variance = 1 - Var(y - ŷ) / Var(y)                 (population variances)
//   MAPE = (1/n) Σ |y - ŷ| / max(|y|, ε), ε = 2.22e-16 (a fraction, not a percentage)
// When y is constant, R² and explained variance are 1 for a perfect prediction and 0 otherwise
// (scikit-learn's force_finite = True). R² of fewer than two values is NaN (scikit-learn warns
// and returns nan). Every metric throws on empty input and on a NaN or infinite value in either
// array, as scikit-learn raises "Input contains NaN".
import Foundation

/// Mean absolute error.
public func meanAbsoluteError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
    try checkRegressionInput(yTrue, yPred)
    return zip(yTrue, yPred).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(yTrue.count)
}

/// Mean squared error.
public func meanSquaredError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
    try checkRegressionInput(yTrue, yPred)
    return zip(yTrue, yPred).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(yTrue.count)
}

/// Root mean squared error.
public func rootMeanSquaredError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
    try meanSquaredError(yTrue, yPred).squareRoot()
}

/// Coefficient of determination R².
public func r2Score(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
    try checkRegressionInput(yTrue, yPred)
    guard yTrue.count >= 2 else { return .nan }
    let mean = yTrue.reduce(0, +) / Double(yTrue.count)
    let residual = zip(yTrue, yPred).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    let total = yTrue.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    if total == 0 { return residual == 0 ? 1 : 0 }
    return 1 - residual / total
}

/// Explained variance score.
public func explainedVarianceScore(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
    try checkRegressionInput(yTrue, yPred)
    let errors = zip(yTrue, yPred).map { $0 - $1 }
    let numerator = Statistics.std(errors, ddof: 0)
    let denominator = Statistics.std(yTrue, ddof: 0)
    if denominator == 0 { return numerator == 0 ? 1 : 0 }
    return 1 - (numerator * numerator) / (denominator * denominator)
}

/// Mean absolute percentage error, as a fraction (0.2 means 20 %).
public func meanAbsolutePercentageError(_ yTrue: [Double], _ yPred: [Double]) throws -> Double {
    try checkRegressionInput(yTrue, yPred)
    return zip(yTrue, yPred).reduce(0) { $0 + abs($1.0 - $1.1) / max(abs($1.0), Double.ulpOfOne) } / Double(yTrue.count)
}

/// scikit-learn's input checks: equal lengths, at least one value, and no NaN or infinity.
func checkRegressionInput(_ yTrue: [Double], _ yPred: [Double]) throws {
    try checkLengths(yTrue.count, yPred.count)
    guard !yTrue.isEmpty else { throw SynapseError.invalidArgument("a regression metric needs at least one value; y_true and y_pred are empty") }
    for (name, values) in [("y_true", yTrue), ("y_pred", yPred)] {
        if let i = values.firstIndex(where: { !$0.isFinite }) {
            throw SynapseError.invalidArgument("\(name) contains \(values[i].isNaN ? "NaN" : "infinity") at index \(i); regression metrics need finite values")
        }
    }
}

/// The regression metrics for tensors of any shape, compared value by value.
public func meanSquaredError(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    try meanSquaredError(yTrue.scalars.map(Double.init), yPred.scalars.map(Double.init))
}
public func meanAbsoluteError(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    try meanAbsoluteError(yTrue.scalars.map(Double.init), yPred.scalars.map(Double.init))
}
public func rootMeanSquaredError(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    try rootMeanSquaredError(yTrue.scalars.map(Double.init), yPred.scalars.map(Double.init))
}
public func r2Score(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    try r2Score(yTrue.scalars.map(Double.init), yPred.scalars.map(Double.init))
}
public func explainedVarianceScore(_ yTrue: Tensor, _ yPred: Tensor) throws -> Double {
    try explainedVarianceScore(yTrue.scalars.map(Double.init), yPred.scalars.map(Double.init))
}

// The seed's recursive forecast: from the last window w = (x_{t-L+1}, ..., x_t), predict
// x̂_{t+1} = model(w), then slide: w ← (x_{t-L+2}, ..., x_t, x̂_{t+1}), and repeat n times.
// The model is a closure so SynapseData need not know SynapseNN: pass `{ model.predict($0) }`.

/// Predicts `steps` values ahead, each prediction fed back as the newest input.
/// - Parameters:
///   - lastWindow: [length, features] (or [length]) — the most recent observations, oldest first.
///   - model: takes a [1, length, features] batch and returns one step, `features` values.
/// - Returns: [steps, features] (or [steps] for a 1-D window).
public func recursiveForecast(lastWindow: Tensor, steps: Int, model: (Tensor) throws -> Tensor) throws -> Tensor {
    guard let length = lastWindow.shape.first, length > 0, lastWindow.shape.count <= 2 else {
        throw SynapseError.shapeMismatch("the last window must be [length, features] or [length], got \(lastWindow.shape)")
    }
    let features = lastWindow.shape.count == 2 ? lastWindow.shape[1] : 1
    var window = lastWindow.scalars
    var forecast = [Float]()
    forecast.reserveCapacity(steps * features)
    for step in 0..<max(steps, 0) {
        let prediction = try model(Tensor(shape: [1, length, features], scalars: window))
        guard prediction.scalars.count == features else {
            throw SynapseError.shapeMismatch("step \(step): the model returned shape \(prediction.shape), expected \(features) values")
        }
        forecast += prediction.scalars
        window.removeFirst(features)
        window += prediction.scalars
    }
    return Tensor(shape: lastWindow.shape.count == 2 ? [max(steps, 0), features] : [max(steps, 0)], scalars: forecast)
}

// The figures of the course in docs/learn/, drawn by Synapse itself: `synapse plot course --out
// docs/learn/figures` writes them all (the trained models — the MNIST CNN for one epoch on the
// shipped sample, a small sine LSTM — take a few seconds in a release build). Every number in
// them comes from Synapse's tensors, layers and optimisers, seeded, so a rerun draws the same.

import Foundation
import Synapse

/// The course's figures, by file name (without extension), each made by one function.
public enum LearnFigures {
    /// Every figure of the course, in chapter order.
    public static let all: [(name: String, make: () throws -> Figure)] = [
        ("neuron-boundary", neuronBoundary),
        ("vanishing-gradients", vanishingGradients),
        ("losses", losses),
        ("optimizer-paths", optimizerPaths),
        ("learning-rates", learningRates),
        ("backprop-slope", backpropSlope),
        ("initialisation", initialisation),
        ("training-curves", trainingCurves),
        ("convolution", convolution),
        ("feature-maps", featureMaps),
        ("lstm-gates", lstmGates),
    ]

    /// Writes every figure as `<folder>/<name>.svg`; returns the paths.
    public static func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try all.map { name, make in
            let path = URL(fileURLWithPath: folder).appendingPathComponent(name + ".svg").path
            try make().writeSVG(to: path)
            return path
        }
    }

    static func grid(_ lower: Double, _ upper: Double, _ count: Int) -> [Double] {
        (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
    }

    // MARK: 1. The neuron

    /// A sigmoid neuron a = σ(x·w + b) on the plane: its contours are straight lines
    /// perpendicular to w, and a = 0.5 where x·w + b = 0.
    static func neuronBoundary() -> Figure {
        let (w, b) = ((2.0, -1.0), 0.5)
        let xs = grid(-3, 3, 41)
        let z = xs.map { x2 in xs.map { x1 in 1 / (1 + exp(-(x1 * w.0 + x2 * w.1 + b))) } }
        let figure = Figure(width: 520, height: 440)
        let ax = figure.addAxes()
        ax.contour(x: xs, y: xs, z: z, levels: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], colormap: .coolwarm,
                   lineWidth: 1.5, showsColorBar: true, colorBarLabel: "a = σ(x·w + b)")
        ax.path(x: [0, w.0], y: [0, w.1], color: "black", lineWidth: 2, marker: .none, label: "w = (2, −1)")
        ax.title = "One neuron: a = σ(2x₁ − x₂ + 0.5)"
        ax.setLabels(x: "x₁", y: "x₂")
        ax.equalAspect = true
        return figure
    }

    // MARK: 2. Activations

    /// log₁₀ of the gradient norm of each layer's kernel in a 10-layer network of 32 units,
    /// sigmoid against relu (Glorot start, a batch of 64 standard normal inputs, loss mean(y²)).
    static func vanishingGradients() -> Figure {
        let figure = Figure(width: 560, height: 380)
        let ax = figure.addAxes()
        let x = Tensor.randomNormal([64, 32], seed: 1)
        for (activation, color) in [(ActivationFunction.sigmoid, "C3" as Color), (.relu, "C0" as Color)] {
            let layers = (0..<10).map { i in Dense(units: 32, activation: activation, seed: UInt64(100 + i)) }
            var h = x
            for layer in layers { h = layer(h) }
            let loss = h.squared().mean()
            let kernels = layers.map { $0.kernel!.value }
            let norms = gradients(of: loss, wrt: kernels).map { g in log10(Double(g.squared().sum().scalar).squareRoot()) }
            ax.plot(x: (1...10).map(Double.init), y: norms, color: color, marker: .circle, label: activation.name)
        }
        ax.title = "Gradient reaching each layer (10 layers of 32 units)"
        ax.setLabels(x: "layer (1 = nearest the input)", y: "log₁₀ ‖∂L/∂W‖")
        return figure
    }

    // MARK: 3. Losses

    static func losses() -> Figure {
        let figure = Figure(width: 860, height: 360)
        let (left, right) = { let a = figure.subplots(rows: 1, columns: 2); return (a[0], a[1]) }()
        let errors = grid(-3, 3, 121)
        left.plot(x: errors, y: errors.map { $0 * $0 }, label: "squared error e²")
        left.plot(x: errors, y: errors.map(abs), label: "absolute error |e|")
        left.plot(x: errors, y: errors.map { abs($0) <= 1 ? 0.5 * $0 * $0 : abs($0) - 0.5 }, label: "Huber, δ = 1")
        left.title = "Regression: loss against the error e = ŷ − y"
        left.setLabels(x: "e", y: "loss")
        left.yLimits = (0, 4)
        let p = grid(0.01, 0.99, 99)
        right.plot(x: p, y: p.map { -log($0) }, label: "y = 1: −log p")
        right.plot(x: p, y: p.map { -log(1 - $0) }, label: "y = 0: −log(1 − p)")
        right.title = "Binary cross-entropy against the predicted p"
        right.setLabels(x: "p = ŷ", y: "loss")
        return figure
    }

    // MARK: 4. Gradient descent

    /// The surface of the optimiser chapter: a long, narrow bowl, 10× steeper across than along.
    public static func valley(_ u: Double, _ v: Double) -> Double { 0.1 * u * u + v * v }

    /// `steps` updates of `optimizer` on `valley` from (−4, 1.5): the points visited.
    public static func walk(_ optimizer: Optimizer, steps: Int) -> [(Double, Double)] {
        let point = Weight(name: "point", value: Tensor([-4, 1.5]))
        var visited = [(-4.0, 1.5)]
        for _ in 0..<steps {
            let w = point.value
            let loss = (w.squared() * Tensor([0.1, 1])).sum()
            optimizer.apply(gradients(of: loss, wrt: [w]), to: [point])
            let now = point.value.scalars
            visited.append((Double(now[0]), Double(now[1])))
        }
        return visited
    }

    static func optimizerPaths() -> Figure {
        let us = grid(-4.5, 1.5, 61), vs = grid(-1.75, 1.75, 36)
        let figure = Figure(width: 760, height: 460)
        let ax = figure.addAxes()
        ax.contour(x: us, y: vs, z: vs.map { v in us.map { u in valley(u, v) } },
                   levels: [0.05, 0.2, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], colormap: .gray.reversed, lineWidth: 0.8)
        let runs: [(String, Optimizer)] = [("SGD η = 0.9", SGD(learningRate: 0.9)),
                                           ("momentum η = 0.1, μ = 0.8", SGD(learningRate: 0.1, momentum: 0.8)),
                                           ("RMSprop η = 0.3", RMSprop(learningRate: 0.3)),
                                           ("Adam η = 0.3", Adam(learningRate: 0.3))]
        for (label, optimizer) in runs {
            let points = walk(optimizer, steps: 20)
            ax.path(x: points.map(\.0), y: points.map(\.1), lineWidth: 1.2, marker: .circle, label: label)
        }
        ax.title = "20 steps on L = 0.1u² + v² from (−4, 1.5)"
        ax.setLabels(x: "u", y: "v")
        ax.legendLocation = .lowerRight
        return figure
    }

    /// Plain gradient descent on L(w) = w² from w = 2 with three learning rates.
    static func learningRates() -> Figure {
        let figure = Figure(width: 900, height: 320)
        let curve = grid(-2.6, 2.6, 105)
        for (ax, (rate, verdict)) in zip(figure.subplots(rows: 1, columns: 3), [(0.05, "too small"), (0.3, "about right"), (1.05, "too large")]) {
            ax.plot(x: curve, y: curve.map { $0 * $0 }, color: "0.6")
            var w = [2.0]
            for _ in 0..<6 { w.append(w.last! - rate * 2 * w.last!) }
            ax.path(x: w, y: w.map { $0 * $0 }, color: "C3", lineWidth: 1.2)
            ax.title = "η = \(rate): \(verdict)"
            ax.setLabels(x: "w", y: "L = w²")
            ax.yLimits = (0, 7)
        }
        return figure
    }

    // MARK: 5. Backpropagation

    /// The worked 2-2-1 example's loss as a function of w₅ = W₂[0] alone: its slope at 0.5 is
    /// the gradient backward() gives, −0.9234.
    static func backpropSlope() -> Figure {
        let h1 = 1 / (1 + exp(-0.7)), h2 = 1 / (1 + exp(-1.1))
        func loss(_ w5: Double) -> Double { let e = h1 * w5 - 0.3 * h2 + 0.2 - 1; return e * e }
        let ws = grid(-0.5, 2, 101)
        let figure = Figure(width: 560, height: 380)
        let ax = figure.addAxes()
        ax.plot(x: ws, y: ws.map(loss), label: "L as W₂[0] varies")
        let slope = 2 * (h1 * 0.5 - 0.3 * h2 + 0.2 - 1) * h1
        ax.referenceLine(from: (0, loss(0.5) - 0.5 * slope), to: (1, loss(0.5) + 0.5 * slope), color: "C3",
                         lineStyle: .dashed, label: "slope ∂L/∂W₂[0] = \(String(format: "%.4f", slope))")
        ax.path(x: [0.5], y: [loss(0.5)], color: "C3", marker: .circle)
        ax.title = "The gradient is the slope of the loss"
        ax.setLabels(x: "W₂[0]", y: "L")
        return figure
    }

    // MARK: 6. Initialisation

    /// The standard deviation of the activations, layer by layer, through 10 layers of 256
    /// units, for several starts; a batch of 512 standard normal inputs.
    static func initialisation() -> Figure {
        let figure = Figure(width: 900, height: 360)
        let (left, right) = { let a = figure.subplots(rows: 1, columns: 2); return (a[0], a[1]) }()
        let x = Tensor.randomNormal([512, 256], seed: 3)
        func spread(_ activation: (Tensor) -> Tensor, _ draw: (Int) -> Tensor) -> [Double] {
            var h = x
            return (0..<10).map { i in
                h = activation(h.matmul(draw(i)))
                return Double(h.standardDeviation(alongAxes: 0, 1).scalar)
            }
        }
        let layers = (1...10).map(Double.init)
        left.plot(x: layers, y: spread(tanh) { Tensor.randomNormal([256, 256], seed: UInt64($0)) }, marker: .circle, label: "N(0, 1)")
        left.plot(x: layers, y: spread(tanh) { Tensor.randomNormal([256, 256], seed: UInt64($0)) * 0.01 }, marker: .circle, label: "N(0, 0.01²)")
        left.plot(x: layers, y: spread(tanh) { Initializer.glorotUniform.make([256, 256], seed: UInt64($0)) }, marker: .circle, label: "Glorot")
        left.title = "tanh layers"
        left.setLabels(x: "layer", y: "std of the activations")
        right.plot(x: layers, y: spread(relu) { Initializer.glorotUniform.make([256, 256], seed: UInt64($0)) }, marker: .circle, label: "Glorot")
        right.plot(x: layers, y: spread(relu) { Initializer.heNormal.make([256, 256], seed: UInt64($0)) }, marker: .circle, label: "He")
        right.title = "relu layers"
        right.setLabels(x: "layer", y: "std of the activations")
        return figure
    }

    // MARK: 7. Training

    /// The seed's cancer network, Dense 30-15-1, 100 epochs: the curves of chapter 7.
    static func trainingCurves() throws -> Figure {
        let frame = Datasets.breastCancer()
        let x = try frame.dropping(["benign_0__mal_1"]).toTensor()
        let y = try frame.toTensor(column: "benign_0__mal_1").reshaped(to: [-1, 1])
        let split = try trainTestSplit(x, y, testSize: 0.25, seed: 101)
        var scaler = StandardScaler()
        let xTrain = try scaler.fitTransform(split.xTrain), xTest = try scaler.transform(split.xTest)
        let model = Sequential(seed: 42) {
            Input(shape: [30])
            Dense(30, activation: .relu)
            Dense(15, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: xTrain, y: split.yTrain, epochs: 100, validationData: (xTest, split.yTest), verbose: 0)
        let curves = history.history.filter { $0.key != "learning_rate" }   // constant here: no panel for it
        return Figure.trainingHistory(curves, title: "Dense 30-15-1 on the breast cancer data")
    }

    // MARK: 8. Convolution

    /// The first test digit of the shipped MNIST sample, scaled to 0...1, [1, 28, 28, 1].
    static func digit() throws -> Tensor {
        (try MNISTSample.load().test.x.slice(0..<1) / 255).reshaped(to: [1, 28, 28, 1])
    }

    /// Rows of a [1, h, w, 1] (or [h, w]) tensor, rounded to `levels` grey levels to keep the SVG small.
    static func rows(_ t: Tensor, levels: Double = 12) -> [[Double]] {
        let (h, w) = (t.shape[t.shape.count == 4 ? 1 : 0], t.shape[t.shape.count == 4 ? 2 : 1])
        let values = t.scalars.map(Double.init)
        let top = max(values.max() ?? 1, 1e-9)
        return (0..<h).map { r in (0..<w).map { c in (values[r * w + c] / top * levels).rounded() / levels * top } }
    }

    /// A vertical-edge kernel slid over a digit (one of its places outlined on the input, and the
    /// output it gives there), then 2×2 max pooling.
    static func convolution() throws -> Figure {
        let image = try digit()
        let conv = Conv2D(filters: 1, kernelSize: (3, 3), useBias: false)
        try conv.build(inputShape: [28, 28, 1])
        let kernel: [[Float]] = [[1, 0, -1], [2, 0, -2], [1, 0, -1]]   // Sobel: left minus right
        try conv.kernel!.assign(Tensor(shape: [3, 3, 1, 1], scalars: kernel.flatMap { $0 }))
        let map = conv(image)
        let pooled = MaxPooling2D(2)(relu(map))
        let figure = Figure(width: 1000, height: 290)
        let axes = figure.subplots(rows: 1, columns: 4)
        axes[0].image(grey: rows(image), vmin: 0, vmax: 1)
        axes[0].title = "input 28×28"
        axes[1].heatMap(kernel.map { $0.map(Double.init) }, colormap: .coolwarm, vmin: -2, vmax: 2, annotate: true, decimals: 0,
                        showsColorBar: false)
        axes[1].title = "kernel 3×3"
        axes[1].equalAspect = true
        let values = map.scalars.map(Double.init)
        let limit = max(values.map(abs).max() ?? 1, 1e-9)
        axes[2].image(grey: (0..<26).map { r in (0..<26).map { c in (values[r * 26 + c] / limit * 6).rounded() / 6 * limit } },
                      colormap: .coolwarm, vmin: -limit, vmax: limit)
        axes[2].title = "feature map 26×26"
        // The kernel at the place of the strongest response: the 3×3 patch it covers, and its output.
        let peak = values.indices.max { values[$0] < values[$1] }!
        let (r, c) = (Double(peak / 26), Double(peak % 26))
        axes[0].path(x: [c - 0.5, c + 2.5, c + 2.5, c - 0.5, c - 0.5], y: [r - 0.5, r - 0.5, r + 2.5, r + 2.5, r - 0.5],
                     color: "gold", lineWidth: 2, marker: .none, arrows: false)
        axes[2].path(x: [c - 0.5, c + 0.5, c + 0.5, c - 0.5, c - 0.5], y: [r - 0.5, r - 0.5, r + 0.5, r + 0.5, r - 0.5],
                     color: "gold", lineWidth: 2, marker: .none, arrows: false)
        axes[3].image(grey: rows(pooled), colormap: .gray, vmin: 0)
        axes[3].title = "relu, max pool 2×2: 13×13"
        for ax in axes { ax.showsAxis = false }
        return figure
    }

    /// The seed's MNIST CNN after one epoch on the shipped sample: five of the 32 feature maps
    /// its first layer computes for one test digit.
    static func featureMaps() throws -> Figure {
        let data = try MNISTSample.load()
        let xTrain = (data.train.x / 255).reshaped(to: [-1, 28, 28, 1])
        let yTrain = try toCategorical(data.train.y, numClasses: 10)
        let conv = Conv2D(32, kernelSize: 4, activation: .relu)
        let model = Sequential(seed: 42) {
            Input(shape: [28, 28, 1])
            conv
            MaxPooling2D(2)
            Flatten()
            Dense(128, activation: .relu)
            Dense(10, activation: .softmax)
        }
        try model.compile(optimizer: "adam", loss: "categorical_crossentropy", metrics: ["accuracy"])
        try model.fit(x: xTrain, y: yTrain, epochs: 1, batchSize: 32, verbose: 0)
        let maps = conv(try digit())                                   // [1, 25, 25, 32]
        let figure = Figure(width: 600, height: 440)
        figure.title = "First-layer feature maps of the MNIST CNN (trained one epoch)"
        let axes = figure.subplots(rows: 2, columns: 3)
        axes[0].image(grey: rows(try digit()), vmin: 0, vmax: 1)
        axes[0].title = "input"
        let values = maps.scalars
        // The five filters that respond most to this digit.
        func channel(_ filter: Int) -> [Float] { stride(from: filter, to: values.count, by: 32).map { values[$0] } }
        let response = (0..<32).map { channel($0).reduce(0, +) }
        let strongest = (0..<32).sorted { response[$0] > response[$1] }.prefix(5)
        for (ax, filter) in zip(axes.dropFirst(), strongest) {
            let map = Tensor(shape: [25, 25], scalars: channel(filter))
            ax.image(grey: rows(map, levels: 3), colormap: Colormap.viridis, vmin: 0)
            ax.title = "filter \(filter)"
        }
        for ax in axes { ax.showsAxis = false }
        return figure
    }

    // MARK: 9. Recurrence

    /// An LSTM(8) → Dense(1) trained on windows of 20 steps of sin(x); its gates, computed from
    /// its weights step by step (Keras's order i, f, c, o), over 120 steps of the series: the
    /// gates of the unit whose cell state moves most, and every unit's cell state.
    static func lstmGates() throws -> Figure {
        let series = (0..<501).map { Float(sin(0.1 * Double($0))) }
        let length = 20, count = series.count - length
        let x = Tensor(shape: [count, length, 1], scalars: (0..<count).flatMap { series[$0..<($0 + length)] })
        let y = Tensor(shape: [count, 1], scalars: (0..<count).map { series[$0 + length] })
        let lstm = LSTM(8)
        let model = Sequential(seed: 7) { Input(shape: [length, 1]); lstm; Dense(1) }
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "mse")
        try model.fit(x: x, y: y, epochs: 15, batchSize: 16, verbose: 0)

        let u = 8
        let (w, uMatrix, b) = (lstm.kernel!.value.scalars, lstm.recurrentKernel!.value.scalars, lstm.bias!.value.scalars)
        func sigmoid(_ v: Float) -> Float { 1 / (1 + exp(-v)) }
        var (h, c) = ([Float](repeating: 0, count: u), [Float](repeating: 0, count: u))
        var gates = Array(repeating: (i: [Double](), f: [Double](), o: [Double]()), count: u)
        var cells: [[Double]] = Array(repeating: [], count: u)
        let steps = 120
        for t in 0..<steps {
            var a = [Float](repeating: 0, count: 4 * u)
            for k in 0..<(4 * u) {
                a[k] = series[t] * w[k] + b[k]
                for j in 0..<u { a[k] += h[j] * uMatrix[j * 4 * u + k] }
            }
            for j in 0..<u {
                let (i, f, g, o) = (sigmoid(a[j]), sigmoid(a[u + j]), Foundation.tanh(a[2 * u + j]), sigmoid(a[3 * u + j]))
                c[j] = f * c[j] + i * g
                h[j] = o * Foundation.tanh(c[j])
                gates[j].i.append(Double(i))
                gates[j].f.append(Double(f))
                gates[j].o.append(Double(o))
                cells[j].append(Double(c[j]))
            }
        }
        // The unit whose cell state swings widest: its gates open and close with the wave.
        let unit = (0..<u).max { (cells[$0].max()! - cells[$0].min()!) < (cells[$1].max()! - cells[$1].min()!) }!
        let time = (0..<steps).map(Double.init)
        let figure = Figure(width: 900, height: 640)
        let axes = figure.subplots(rows: 3, columns: 1)
        axes[0].plot(x: time, y: series.prefix(steps).map(Double.init), color: "0.3", label: "x_t = sin(0.1t)")
        axes[0].title = "Input"
        axes[1].plot(x: time, y: gates[unit].i, color: "C0", label: "input gate i")
        axes[1].plot(x: time, y: gates[unit].f, color: "C1", label: "forget gate f")
        axes[1].plot(x: time, y: gates[unit].o, color: "C2", label: "output gate o")
        axes[1].title = "Gates of unit \(unit) of a trained LSTM(8)"
        axes[1].yLimits = (0, 1)
        for (j, cell) in cells.enumerated() { axes[2].plot(x: time, y: cell, lineWidth: 1, label: j == 0 ? "c_t, each unit" : nil) }
        axes[2].title = "Cell states c_t"
        axes[2].xLabel = "step t"
        return figure
    }
}

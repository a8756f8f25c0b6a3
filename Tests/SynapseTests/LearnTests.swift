// The course in docs/learn/: every chapter's snippet, run as written, with checks of the
// numbers the chapter states. LearnDocTests checks that each snippet in the chapters is
// word for word one of these bodies (indentation aside).

import Foundation
import Testing
import Synapse

@Suite struct LearnTests {
    /// docs/learn/01-neuron.md
    @Test func aNeuronIsAWeightedSumThroughAnActivation() throws {
        // One sample with three features (a row), and a layer of two neurons.
        let x = Tensor([[1, 2, 3]])                                   // [1, 3]
        let layer = Dense(2, activation: .sigmoid)
        try layer.build(inputShape: [3])
        try layer.kernel!.assign(Tensor([[0.1, -0.2], [0.4, 0], [-0.3, 0.5]]))   // W [3, 2]: one column per neuron
        try layer.bias!.assign(Tensor([0.1, -0.1]))

        // By hand: z = x·W + b, then a = σ(z), one value per neuron.
        let z = x.matmul(layer.kernel!.value) + layer.bias!.value     // [[0.1, 1.2]]
        let a = sigmoid(z)
        print(a)                                                      // [[0.525 0.7685]]
        print(layer(x))                                               // the layer computes the same

        #expect(z.scalars.map { Double($0) }.elementsEqual([0.1, 1.2]) { abs($0 - $1) < 1e-6 })
        #expect(abs(Double(a.scalars[0]) - 0.52498) < 1e-4 && abs(Double(a.scalars[1]) - 0.76852) < 1e-4)
        #expect(zip(a.scalars, layer(x).scalars).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// docs/learn/02-activations.md
    @Test func backwardMultipliesByTheActivationsDerivative() throws {
        // backward() multiplies by the derivative; for the sigmoid, σ′(x) = σ(x)(1 − σ(x)), never above 1/4.
        var x = Tensor([-4, -1, 0, 1, 4])
        x.requiresGradient = true
        let y = sigmoid(x)
        try y.sum().backward()
        print(x.gradient!)                 // [0.0177 0.1966 0.25 0.1966 0.0177]
        print(y * (1 - y))                 // the formula gives the same

        // relu′ is 1 wherever the unit is on: a gradient passes through unchanged.
        var r = Tensor([-1, 2, 3])
        r.requiresGradient = true
        try relu(r).sum().backward()
        print(r.gradient!)                 // [0 1 1]

        let formula = (y * (1 - y)).scalars
        #expect(zip(x.gradient!.scalars, formula).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(Double(x.gradient!.scalars[2]) - 0.25) < 1e-6 && abs(Double(x.gradient!.scalars[0]) - 0.017663) < 1e-5)
        #expect(r.gradient!.scalars == [0, 1, 1])
    }

    /// docs/learn/03-losses.md
    @Test func lossesByHandEqualTheLossObjects() throws {
        let yTrue = Tensor([[1], [0], [1]])
        let p = Tensor([[0.9], [0.2], [0.6]])                 // predicted probabilities of class 1

        // Binary cross-entropy by hand, −mean(y·log p + (1 − y)·log(1 − p)), and as the loss object.
        let byHand = -(yTrue * log(p) + (1 - yTrue) * log(1 - p)).mean()
        print(byHand, BinaryCrossentropy()(yTrue, p))         // 0.2798 0.2798
        // Mean squared error, mean((y − ŷ)²).
        print(MeanSquaredError()(yTrue, p))                   // (0.01 + 0.04 + 0.16) / 3 = 0.07

        // Softmax with cross-entropy on the logits: the gradient is softmax(z) − y.
        let oneHot = Tensor([[1, 0, 0]])
        var logits = Tensor([[2, 1, 0]])
        logits.requiresGradient = true
        let loss = CategoricalCrossentropy(fromLogits: true)(oneHot, logits)
        try loss.backward()
        print(loss)                                           // −log 0.6652 = 0.4076
        print(logits.gradient!)                               // [[-0.3348 0.2447 0.09]]
        print(softmax(logits, alongAxis: -1) - oneHot)        // the same

        #expect(abs(Double(byHand.scalar) - 0.279766) < 1e-4)
        #expect(abs(Double(BinaryCrossentropy()(yTrue, p).scalar) - 0.279766) < 1e-4)
        #expect(abs(Double(MeanSquaredError()(yTrue, p).scalar) - 0.07) < 1e-5)
        #expect(abs(Double(loss.scalar) - 0.407606) < 1e-4)
        let expected = (softmax(logits, alongAxis: -1) - oneHot).scalars
        #expect(zip(logits.gradient!.scalars, expected).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    /// docs/learn/04-gradient-descent.md
    @Test func gradientDescentWalksDownhill() throws {
        // Minimise L(w) = (w − 3)² by hand: w ← w − η·∂L/∂w, where ∂L/∂w = 2(w − 3).
        var w = Tensor([0])
        w.requiresGradient = true
        let learningRate: Float = 0.1
        for _ in 0..<50 {
            zeroGradients(of: [w])
            let loss = (w - 3).squared().sum()
            try loss.backward()
            withoutGradients { w -= w.gradient! * learningRate }
        }
        print(w)              // [3.] (2.99996: each step multiplies the distance to 3 by 1 − 2η = 0.8)

        // The same with an optimizer, which owns the update rule (and its slots: Adam's m and v).
        let point = Weight(name: "w", value: Tensor([0]))
        let adam = Adam(learningRate: 0.1)
        for _ in 0..<300 {
            let loss = (point.value - 3).squared().sum()
            adam.apply(gradients(of: loss, wrt: [point.value]), to: [point])
        }
        print(point.value)    // [3.]

        // Adam's first step against the paper's Algorithm 1, with ε = ε̂/√(1 − β₂ᵗ) (here t = 1).
        let weight = Weight(name: "v", value: Tensor([1]))
        Adam(learningRate: 0.1).apply([Tensor([0.5])], to: [weight])    // g = 0.5; β₁ = 0.9, β₂ = 0.999, ε̂ = 1e-7
        let (m, v) = (0.1 * 0.5, 0.001 * 0.5 * 0.5)                      // the moments after one step from zero
        let (mHat, vHat) = (m / (1 - 0.9), v / (1 - 0.999))              // corrected: g and g² again
        let epsilon = 1e-7 / (1 - 0.999).squareRoot()
        print(weight.value, 1 - 0.1 * mHat / (vHat.squareRoot() + epsilon))   // [0.9] 0.9000006: a first step of η, whatever g's size

        #expect(abs(Double(w.scalars[0]) - (3 - 3 * pow(0.8, 50))) < 1e-4)
        #expect(abs(Double(point.value.scalars[0]) - 3) < 0.05)
        #expect(abs(Double(weight.value.scalars[0]) - (1 - 0.1 * mHat / (vHat.squareRoot() + epsilon))) < 1e-6)
    }

    /// docs/learn/05-backpropagation.md
    @Test func theWorkedTwoTwoOneExampleMatchesBackward() throws {
        // The worked example: x = [1, 2], a hidden layer of two sigmoid units, one linear output, y = 1.
        let x = Tensor([[1, 2]]), y = Tensor([[1]])
        let hidden = Dense(2, activation: .sigmoid), output = Dense(1)
        try hidden.build(inputShape: [2])
        try output.build(inputShape: [2])
        try hidden.kernel!.assign(Tensor([[0.1, 0.2], [0.3, 0.4]]))   // W₁
        try hidden.bias!.assign(Tensor([0, 0.1]))                      // b₁
        try output.kernel!.assign(Tensor([[0.5], [-0.3]]))             // W₂
        try output.bias!.assign(Tensor([0.2]))                         // b₂

        let loss = MeanSquaredError()(y, output(hidden(x)))            // (ŷ − y)²
        try loss.backward()
        print(loss)                                 // 0.4775
        print(output.kernel!.value.gradient!)       // ∂L/∂W₂ = [[-0.9234] [-1.0368]]
        print(output.bias!.value.gradient!)         // ∂L/∂b₂ = [-1.382]
        print(hidden.kernel!.value.gradient!)       // ∂L/∂W₁ = [[-0.1532 0.0777] [-0.3064 0.1554]]
        print(hidden.bias!.value.gradient!)         // ∂L/∂b₁ = [-0.1532 0.0777]

        // The same gradient of W₁ from finite differences, compared element by element.
        let check = gradientCheck(at: [Tensor([[0.1, 0.2], [0.3, 0.4]])], mode: .relative) { inputs in
            let h = sigmoid(x.matmul(inputs[0]) + Tensor([0, 0.1]))
            return (h.matmul(Tensor([[0.5], [-0.3]])) + 0.2 - y).squared().mean()
        }
        print(check)                                // gradient check passed: max error ...

        func close(_ t: Tensor, _ expected: [Double], _ tolerance: Double = 1e-4) -> Bool {
            t.scalars.count == expected.count && zip(t.scalars, expected).allSatisfy { abs(Double($0) - $1) < tolerance }
        }
        // The hand-computed numbers of docs/learn/05-backpropagation.md.
        #expect(close(loss, [0.477459]))
        #expect(close(output.kernel!.value.gradient!, [-0.923414, -1.036836]))
        #expect(close(output.bias!.value.gradient!, [-1.381968]))
        #expect(close(hidden.kernel!.value.gradient!, [-0.153200, 0.077682, -0.306400, 0.155364]))
        #expect(close(hidden.bias!.value.gradient!, [-0.153200, 0.077682]))
        #expect(check.passed, "\(check)")
        #expect(check.maxError < 1e-3, "\(check)")
    }

    /// docs/learn/06-initialisation.md
    @Test func initialisersHaveTheVarianceTheirFormulaSays() throws {
        // Glorot uniform draws U(−l, l), l = √(6 / (fanIn + fanOut)): variance l²/3 = 2 / (fanIn + fanOut).
        let glorot = Initializer.glorotUniform.make([256, 128], seed: 1)
        print(glorot.variance(alongAxes: 0, 1), 2.0 / (256 + 128))     // about 0.0052 and 0.0052
        // He normal: variance 2 / fanIn, for relu layers.
        let he = Initializer.heNormal.make([256, 128], seed: 1)
        print(he.variance(alongAxes: 0, 1), 2.0 / 256)                // about 0.0078 and 0.0078

        // Why: through 10 relu layers of 256 units, He keeps the activations' spread; with Glorot each layer loses half the variance.
        var (hHe, hGlorot) = (Tensor.randomNormal([512, 256], seed: 2), Tensor.randomNormal([512, 256], seed: 2))
        for layer in 0..<10 {
            hHe = relu(hHe.matmul(Initializer.heNormal.make([256, 256], seed: UInt64(layer))))
            hGlorot = relu(hGlorot.matmul(Initializer.glorotUniform.make([256, 256], seed: UInt64(layer))))
        }
        print(hHe.standardDeviation(alongAxes: 0, 1), hGlorot.standardDeviation(alongAxes: 0, 1))   // about 0.97 and 0.02

        #expect(abs(Double(glorot.variance(alongAxes: 0, 1).scalar) - 2.0 / 384) < 3e-4)
        #expect(abs(Double(he.variance(alongAxes: 0, 1).scalar) - 2.0 / 256) < 4e-4)
        #expect(Double(hHe.standardDeviation(alongAxes: 0, 1).scalar) > 0.5)
        #expect(Double(hGlorot.standardDeviation(alongAxes: 0, 1).scalar) < 0.1)
    }

    /// docs/learn/07-training.md
    @Test func theCancerNetworkLearns() throws {
        // The seed's workflow 3 in its plainest form: data, split, scale, model, compile, fit, evaluate.
        let frame = Datasets.breastCancer()
        let x = try frame.dropping(["benign_0__mal_1"]).toTensor()
        let y = try frame.toTensor(column: "benign_0__mal_1").reshaped(to: [-1, 1])
        let (xTrain, xTest, yTrain, yTest) = try trainTestSplit(x, y, testSize: 0.25, seed: 101)
        var scaler = StandardScaler()
        let xTrainScaled = try scaler.fitTransform(xTrain)             // the training rows' mean and std ...
        let xTestScaled = try scaler.transform(xTest)                  // ... applied to the test rows

        let model = Sequential(seed: 42) {
            Input(shape: [30])
            Dense(30, activation: .relu)       // 30·30 + 30 = 930 parameters
            Dense(15, activation: .relu)       // 30·15 + 15 = 465
            Dense(1, activation: .sigmoid)     // 15 + 1 = 16: P(malignant)
        }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        // 426 training rows in batches of 32: 14 gradient steps per epoch.
        let history = try model.fit(x: xTrainScaled, y: yTrain, epochs: 50, batchSize: 32,
                                    validationData: (xTestScaled, yTest), verbose: 0)
        print(history.history["loss"]!.first!, history.history["loss"]!.last!)   // from about 0.56 to about 0.015
        print(try model.evaluate(x: xTestScaled, y: yTest))                      // accuracy about 0.99 on the 143 test rows

        #expect(model.countParams() == 1411)
        let losses = history.history["loss"]!
        #expect(losses.last! < losses.first! / 4)
        #expect(try model.evaluate(x: xTestScaled, y: yTest)["accuracy"]! > 0.93)
    }

    /// docs/learn/08-convolution.md
    @Test func aKernelSlidesOverTheImage() throws {
        // A 4×6 image, bright on the left half, and a 3×3 kernel that answers "left minus right".
        let image = Tensor(shape: [1, 4, 6, 1], scalars: [1, 1, 1, 0, 0, 0,
                                                          1, 1, 1, 0, 0, 0,
                                                          1, 1, 1, 0, 0, 0,
                                                          1, 1, 1, 0, 0, 0])
        let conv = Conv2D(filters: 1, kernelSize: (3, 3), useBias: false)
        try conv.build(inputShape: [4, 6, 1])
        try conv.kernel!.assign(Tensor(shape: [3, 3, 1, 1], scalars: [1, 0, -1,
                                                                       2, 0, -2,
                                                                       1, 0, -1]))
        // Each output is the sum of a 3×3 patch times the kernel: (4 − 3) + 1 = 2 rows, (6 − 3) + 1 = 4 columns.
        let map = conv(image)
        print(map.reshaped(to: [2, 4]))                 // [[0 4 4 0] [0 4 4 0]]: the edge lights up
        // Max pooling keeps the largest value of each 2×2 block.
        let pooled = MaxPooling2D(2)(map)
        print(pooled.reshaped(to: [1, 2]))              // [[4 4]]

        #expect(map.shape == [1, 2, 4, 1])
        #expect(map.scalars == [0, 4, 4, 0, 0, 4, 4, 0])
        #expect(pooled.shape == [1, 1, 2, 1] && pooled.scalars == [4, 4])
    }

    /// docs/learn/09-recurrence.md
    @Test func aSimpleRNNIsALoopOverSteps() throws {
        // A SimpleRNN of 2 units over 3 steps of 1 feature: h_t = tanh(x_t·W + h_{t−1}·U + b), h_0 = 0.
        let rnn = SimpleRNN(2, returnSequences: true)
        try rnn.build(inputShape: [3, 1])
        let (w, u, b) = (Tensor([[0.5, -1]]), Tensor([[1, 0], [0.5, 0.5]]), Tensor([0, 0.1]))
        try rnn.kernel!.assign(w)
        try rnn.recurrentKernel!.assign(u)
        try rnn.bias!.assign(b)
        let xs = Tensor(shape: [1, 3, 1], scalars: [1, 0, -1])    // [batch, steps, features]

        // The loop by hand: the same W, U and b at every step; the state carries the past forward.
        var h = Tensor.zeros([1, 2])
        for t in 0..<3 {
            let xt = xs.slice(t..<(t + 1), alongAxis: 1).reshaped(to: [1, 1])
            h = tanh(xt.matmul(w) + h.matmul(u) + b)
            print(h)                    // [[0.4621 -0.7163]], then [[0.1036 -0.2526]], then [[-0.4798 0.7503]]
        }
        print(rnn(xs))                  // the layer returns the same three states, [1, 3, 2]

        let layerStates = rnn(xs)
        #expect(layerStates.shape == [1, 3, 2])
        #expect(zip(layerStates.scalars.suffix(2), h.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(abs(Double(layerStates.scalars[0]) - 0.462117) < 1e-4)
    }
}

// The progress output of fit and evaluate, as Keras 3 prints it:
//   verbose 1:  Epoch 3/10
//               12/12 ━━━━━━━━━━━━━━━━━━━━ 0s 2ms/step - accuracy: 0.9531 - loss: 0.1287 - val_accuracy: ...
//               (the bar is redrawn in place with "\r" and shows the ETA while the epoch runs)
//   verbose 2:  Epoch 3/10
//               12/12 - 0s - 2ms/step - accuracy: 0.9531 - loss: 0.1287 - val_accuracy: ...
//   verbose 0:  nothing.

import Foundation

/// How much `fit` prints: 0 nothing, 1 a progress bar, 2 one line per epoch.
public typealias Verbosity = Int

final class ProgressBar {
    let steps: Int, verbose: Verbosity
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let width = 20

    init(steps: Int, verbose: Verbosity) {
        (self.steps, self.verbose) = (steps, verbose)
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Redraws the bar after `step` steps (verbose 1 only; at most every 50 ms).
    func update(_ step: Int, logs: Logs) {
        guard verbose == 1, step < steps else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.05 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let eta = elapsed / Double(max(step, 1)) * Double(steps - step)
        ProgressBar.write("\r" + line(step, timing: "\(Int(eta.rounded()))s", logs: logs) + "\u{1B}[K")
    }

    /// The final line of the epoch.
    func finish(logs: Logs) {
        guard verbose > 0 else { return }
        let elapsed = Date().timeIntervalSince(start)
        let perStep = Self.duration(elapsed / Double(max(steps, 1))) + "/step"
        if verbose == 1 {
            ProgressBar.write("\r" + line(steps, timing: "\(Int(elapsed.rounded()))s \(perStep)", logs: logs) + "\u{1B}[K\n")
        } else {
            ProgressBar.write("\(steps)/\(steps) - \(Int(elapsed.rounded()))s - \(perStep)" + Self.metrics(logs) + "\n")
        }
    }

    private func line(_ step: Int, timing: String, logs: Logs) -> String {
        let filled = steps == 0 ? width : width * step / steps
        let bar = String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
        let counter = String(repeating: " ", count: String(steps).count - String(step).count) + "\(step)/\(steps)"
        return "\(counter) \(bar) \(timing)" + Self.metrics(logs)
    }

    static func metrics(_ logs: Logs) -> String {
        logs.keys.filter { $0 != "learning_rate" }.sorted().map { key in
            " - \(key): " + String(format: "%.4f", logs[key]!)
        }.joined()
    }

    static func duration(_ seconds: Double) -> String {
        seconds >= 1 ? "\(Int(seconds.rounded()))s" : seconds >= 1e-3 ? "\(Int((seconds * 1e3).rounded()))ms" : "\(Int((seconds * 1e6).rounded()))us"
    }
}

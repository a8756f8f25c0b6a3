// Colour maps: a value t in 0...1 maps to a colour by linear interpolation between evenly
// spaced control colours (Matplotlib's LinearSegmentedColormap with equal spacing).
//   index = t·(n − 1),  i = ⌊index⌋,  colour = mix(c[i], c[i+1], index − i)
// 'coolwarm' is Kenneth Moreland's diverging map, the 33-point table Matplotlib uses.

import Foundation

/// A continuous colour map, such as 'coolwarm' for correlations or 'gray' for images.
public struct Colormap: Sendable, Equatable {
    /// The name, as Matplotlib spells it.
    public let name: String
    /// Evenly spaced control colours from t = 0 to t = 1.
    public let controlColors: [Color]

    public init(name: String, controlColors: [Color]) {
        require(controlColors.count >= 2, "A colour map needs at least two colours")
        self.name = name
        self.controlColors = controlColors
    }

    /// The colour at t (clamped to 0...1; NaN gives a light grey, as missing cells).
    public func color(at t: Double) -> Color {
        guard t.isFinite else { return Color(hex: 0xDDDDDD) }
        let clamped = min(max(t, 0), 1)
        let index = clamped * Double(controlColors.count - 1)
        let i = min(Int(index), controlColors.count - 2)
        return Color.mix(controlColors[i], controlColors[i + 1], index - Double(i))
    }

    /// The colour of `value` on a scale from `vmin` to `vmax`.
    public func color(for value: Double, vmin: Double, vmax: Double) -> Color {
        color(at: vmax > vmin ? (value - vmin) / (vmax - vmin) : 0.5)
    }

    /// The same map run backwards ('coolwarm_r').
    public var reversed: Colormap { Colormap(name: name + "_r", controlColors: controlColors.reversed()) }

    /// A map by Matplotlib name ('coolwarm', 'viridis', 'Blues', 'gray', 'Greys', 'Reds'),
    /// with '_r' for reversed; nil when unknown.
    public static func named(_ name: String) -> Colormap? {
        if name.hasSuffix("_r") { return named(String(name.dropLast(2)))?.reversed }
        switch name.lowercased() {
        case "coolwarm": return .coolwarm
        case "viridis": return .viridis
        case "blues": return .blues
        case "reds": return .reds
        case "gray", "grey": return .gray
        case "greys": return .gray.reversed
        default: return nil
        }
    }

    /// Moreland's cool-to-warm diverging map: blue (−1) through grey-white (0) to red (+1).
    public static let coolwarm = Colormap(name: "coolwarm", controlColors: [
        (0.2298057, 0.298717966, 0.753683153), (0.26623388, 0.353094838, 0.801466763),
        (0.30386891, 0.406535296, 0.84495867), (0.342804478, 0.458757618, 0.883725899),
        (0.38301334, 0.50941904, 0.917387822), (0.424369608, 0.558148092, 0.945619588),
        (0.46666708, 0.604562568, 0.968154911), (0.509635204, 0.648280772, 0.98478814),
        (0.552953156, 0.688929332, 0.995375608), (0.596262162, 0.726149107, 0.999836203),
        (0.639176211, 0.759599947, 0.998151185), (0.681291281, 0.788964712, 0.990363227),
        (0.722193294, 0.813952739, 0.976574709), (0.761464949, 0.834302879, 0.956945269),
        (0.798691636, 0.849786142, 0.931688648), (0.833466556, 0.860207984, 0.901068838),
        (0.865395197, 0.86541021, 0.865395561), (0.897787179, 0.848937047, 0.820880546),
        (0.924127593, 0.827384882, 0.774508472), (0.944468518, 0.800927443, 0.726736146),
        (0.958852946, 0.769767752, 0.678007945), (0.96732803, 0.734132809, 0.628751763),
        (0.969954137, 0.694266682, 0.579375448), (0.966811177, 0.650421156, 0.530263762),
        (0.958003065, 0.602842431, 0.481775914), (0.943660866, 0.551750968, 0.434243684),
        (0.923944917, 0.49730856, 0.387970225), (0.89904617, 0.439559467, 0.343229596),
        (0.869186849, 0.378313092, 0.300267182), (0.834620542, 0.312874446, 0.259301199),
        (0.795631745, 0.24128379, 0.220525627), (0.752534934, 0.157246067, 0.184115123),
        (0.705673158, 0.01555616, 0.150232812),
    ].map { Color(red: $0.0, green: $0.1, blue: $0.2) })

    /// Matplotlib's default sequential map, sampled at ten points.
    public static let viridis = Colormap(name: "viridis", controlColors: [
        0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E,
        0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725,
    ].map { Color(hex: $0) })

    /// ColorBrewer's 9-class Blues: white to dark blue (confusion matrices).
    public static let blues = Colormap(name: "Blues", controlColors: [
        0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
    ].map { Color(hex: $0) })

    /// ColorBrewer's 9-class Reds.
    public static let reds = Colormap(name: "Reds", controlColors: [
        0xFFF5F0, 0xFEE0D2, 0xFCBBA1, 0xFC9272, 0xFB6A4A, 0xEF3B2C, 0xCB181D, 0xA50F15, 0x67000D,
    ].map { Color(hex: $0) })

    /// Black (0) to white (1), for grey images.
    public static let gray = Colormap(name: "gray", controlColors: [Color(hex: 0x000000), Color(hex: 0xFFFFFF)])
}

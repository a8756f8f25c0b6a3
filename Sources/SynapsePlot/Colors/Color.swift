// Colours as Matplotlib understands them: CSS names ('skyblue', 'salmon'), one-letter codes
// (b g r c m y k w), Tableau names ('tab:blue'), cycle references ('C0'...'C9'), grey levels
// as a number in a string ('0.5'), and hex (#rgb, #rrggbb, #rrggbbaa).

import Foundation

/// An sRGB colour with opacity, each component in 0...1.
public struct Color: Equatable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from 0xRRGGBB.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255,
                  green: Double((hex >> 8) & 0xFF) / 255,
                  blue: Double(hex & 0xFF) / 255,
                  alpha: alpha)
    }

    /// Parses a Matplotlib colour specification; nil when the text names no colour.
    public init?(parsing spec: String) {
        let text = spec.trimmingCharacters(in: .whitespaces).lowercased()
        if let rgb = Color.oneLetterCodes[text] {
            self = rgb
        } else if let hex = cssNamedColors[text] {
            self.init(hex: hex)
        } else if text.hasPrefix("tab:"), let index = Color.tableauNames.firstIndex(of: String(text.dropFirst(4))) {
            self = ColorCycle.tab10[index]
        } else if text.count == 2, text.hasPrefix("c"), let index = Int(text.dropFirst()) {
            self = ColorCycle.tab10[index]
        } else if text.hasPrefix("#") {
            guard let color = Color.parseHex(String(text.dropFirst())) else { return nil }
            self = color
        } else if let level = Double(text), (0...1).contains(level) {
            self.init(red: level, green: level, blue: level)
        } else {
            return nil
        }
    }

    /// A string literal must name a colour; an unknown name is a programmer error and traps
    /// with the name, as a typo in a literal should. Use `Color(parsing:)` for user input.
    public init(stringLiteral value: String) {
        guard let color = Color(parsing: value) else {
            preconditionFailure("Unknown colour '\(value)': use a CSS name, b/g/r/c/m/y/k/w, C0...C9, tab:<name> or #rrggbb")
        }
        self = color
    }

    /// The same colour with another opacity.
    public func withAlpha(_ alpha: Double) -> Color {
        Color(red: red, green: green, blue: blue, alpha: alpha)
    }

    /// `#rrggbb`, as SVG wants it (opacity is written separately).
    public var hexString: String {
        func byte(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 255).rounded()) }
        return String(format: "#%02x%02x%02x", byte(red), byte(green), byte(blue))
    }

    public var description: String { alpha < 1 ? "\(hexString)@\(alpha)" : hexString }

    /// Relative luminance (WCAG): used to choose black or white text over a filled cell.
    public var luminance: Double {
        func linear(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever reads better on top of this colour.
    public var contrastingText: Color { luminance > 0.4 ? Color(hex: 0x262626) : Color(hex: 0xFFFFFF) }

    /// Linear interpolation in sRGB, as Matplotlib's colour maps do.
    static func mix(_ a: Color, _ b: Color, _ t: Double) -> Color {
        Color(red: a.red + (b.red - a.red) * t,
              green: a.green + (b.green - a.green) * t,
              blue: a.blue + (b.blue - a.blue) * t,
              alpha: a.alpha + (b.alpha - a.alpha) * t)
    }

    // Matplotlib's base colours: note g, c, m, y are the darker 0.5 / 0.75 versions.
    static let oneLetterCodes: [String: Color] = [
        "b": Color(red: 0, green: 0, blue: 1),
        "g": Color(red: 0, green: 0.5, blue: 0),
        "r": Color(red: 1, green: 0, blue: 0),
        "c": Color(red: 0, green: 0.75, blue: 0.75),
        "m": Color(red: 0.75, green: 0, blue: 0.75),
        "y": Color(red: 0.75, green: 0.75, blue: 0),
        "k": Color(red: 0, green: 0, blue: 0),
        "w": Color(red: 1, green: 1, blue: 1),
    ]

    static let tableauNames = ["blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"]

    private static func parseHex(_ digits: String) -> Color? {
        guard digits.allSatisfy(\.isHexDigit) else { return nil }
        switch digits.count {
        case 3:
            let expanded = digits.map { "\($0)\($0)" }.joined()
            return UInt32(expanded, radix: 16).map { Color(hex: $0) }
        case 6:
            return UInt32(digits, radix: 16).map { Color(hex: $0) }
        case 8:
            guard let value = UInt32(digits, radix: 16) else { return nil }
            return Color(hex: value >> 8, alpha: Double(value & 0xFF) / 255)
        default:
            return nil
        }
    }
}

/// The default colour cycle: Matplotlib's 'tab10' (its `axes.prop_cycle` since 2.0).
public enum ColorCycle {
    public static let tab10: [Color] = [
        0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD,
        0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22, 0x17BECF,
    ].map { Color(hex: $0) }

    /// The i-th colour of the cycle, wrapping around.
    public static func color(_ index: Int) -> Color { tab10[((index % 10) + 10) % 10] }
}

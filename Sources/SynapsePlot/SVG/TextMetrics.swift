// Text width estimates for DejaVu Sans, the font the SVGs ask for first (and the one
// rsvg-convert finds on Linux). Widths are the font's advance widths (hmtx table) divided by
// its 2048 units per em, so a string's width is  Σ advance(c) · fontSize.
// Characters outside printable ASCII count as a wide 'M'-like 0.75 em, which over-estimates:
// layout that fits with the estimate fits on screen.

import Foundation

/// Measures text as DejaVu Sans renders it, so layout can keep labels inside their boxes.
public enum TextMetrics {
    /// The font stack written into every SVG: DejaVu Sans first, then common fallbacks
    /// of similar width.
    public static let fontFamily = "DejaVu Sans, Arial, Helvetica, sans-serif"

    /// Width in pixels of `text` at `fontSize` pixels.
    public static func width(_ text: String, fontSize: Double, bold: Bool = false) -> Double {
        let table = bold ? boldAdvances : regularAdvances
        var ems = 0.0
        for scalar in text.unicodeScalars {
            let code = Int(scalar.value)
            ems += (32...126).contains(code) ? table[code - 32] : 0.75
        }
        return ems * fontSize
    }

    /// Height of one line of text (ascent + descent of DejaVu Sans ≈ 1.16 em).
    public static func lineHeight(fontSize: Double) -> Double { fontSize * 1.17 }

    /// The largest font size ≤ `preferred` (and ≥ `minimum`) at which `text` fits `maxWidth`.
    public static func fittingFontSize(_ text: String, maxWidth: Double, preferred: Double,
                                       minimum: Double, bold: Bool = false) -> Double {
        let atOne = width(text, fontSize: 1, bold: bold)
        guard atOne > 0 else { return preferred }
        return max(minimum, min(preferred, maxWidth / atOne))
    }

    /// `text` cut with an ellipsis so that it fits `maxWidth` at `fontSize`; unchanged if it fits.
    public static func truncate(_ text: String, maxWidth: Double, fontSize: Double, bold: Bool = false) -> String {
        if width(text, fontSize: fontSize, bold: bold) <= maxWidth { return text }
        var characters = Array(text)
        while !characters.isEmpty && width(String(characters) + "…", fontSize: fontSize, bold: bold) > maxWidth {
            characters.removeLast()
        }
        return characters.isEmpty ? "" : String(characters) + "…"
    }

    // Advance widths in em of the characters ' ' (32) through '~' (126), DejaVu Sans Book.
    static let regularAdvances: [Double] = [
        0.3179, 0.4009, 0.46, 0.8379, 0.6362, 0.9502, 0.7798, 0.2749, 0.3901, 0.3901, 0.5, 0.8379,
        0.3179, 0.3608, 0.3179, 0.3369, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362, 0.6362,
        0.6362, 0.6362, 0.6362, 0.3369, 0.3369, 0.8379, 0.8379, 0.8379, 0.5308, 1.0, 0.6841, 0.686,
        0.6982, 0.77, 0.6318, 0.5752, 0.7749, 0.752, 0.2949, 0.2949, 0.6558, 0.5571, 0.8628, 0.748,
        0.7871, 0.603, 0.7871, 0.6948, 0.6348, 0.6108, 0.7319, 0.6841, 0.9888, 0.6851, 0.6108,
        0.6851, 0.3901, 0.3369, 0.3901, 0.8379, 0.5, 0.5, 0.6128, 0.6348, 0.5498, 0.6348, 0.6152,
        0.3521, 0.6348, 0.6338, 0.2778, 0.2778, 0.5791, 0.2778, 0.9741, 0.6338, 0.6118, 0.6348,
        0.6348, 0.4111, 0.521, 0.3921, 0.6338, 0.5918, 0.8179, 0.5918, 0.5918, 0.5249, 0.6362,
        0.3369, 0.6362, 0.8379,
    ]

    // The same for DejaVu Sans Bold (titles).
    static let boldAdvances: [Double] = [
        0.3481, 0.4561, 0.521, 0.8379, 0.6958, 1.002, 0.8721, 0.3062, 0.457, 0.457, 0.5229, 0.8379,
        0.3799, 0.415, 0.3799, 0.3652, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958, 0.6958,
        0.6958, 0.6958, 0.6958, 0.3999, 0.3999, 0.8379, 0.8379, 0.8379, 0.5801, 1.0, 0.7739, 0.7622,
        0.7339, 0.8301, 0.6831, 0.6831, 0.8208, 0.8369, 0.3721, 0.3721, 0.7749, 0.6372, 0.9951,
        0.8369, 0.8501, 0.7329, 0.8501, 0.77, 0.7202, 0.6821, 0.812, 0.7739, 1.103, 0.771, 0.7241,
        0.7251, 0.457, 0.3652, 0.457, 0.8379, 0.5, 0.5, 0.6748, 0.7158, 0.5928, 0.7158, 0.6782,
        0.4351, 0.7158, 0.7119, 0.3428, 0.3428, 0.665, 0.3428, 1.042, 0.7119, 0.687, 0.7158, 0.7158,
        0.4932, 0.5952, 0.478, 0.7119, 0.6519, 0.9238, 0.645, 0.6519, 0.582, 0.7119, 0.3652, 0.7119,
        0.8379,
    ]
}

// A synthetic CSV with the 21 columns of King County's kc_house_data.csv (the seed's house
// workflow), for when the real file is absent. Seeded; every value is drawn near the real
// data's ranges, and the price is a noisy function of the features:
//   price = −60,000 + 210·sqft_living + 190,000·waterfront + 45,000·view + 25,000·condition
//           + 95,000·(grade − 7) + 350,000·(lat − 47.3) + 35·sqft_basement − 1,200·(2015 − yr_built)/10
//           + noise (log-normal, about 12 %)
// so a network can learn it and the plots look like the real ones (skewed prices, outliers).

import Foundation
import Synapse

/// Writes a kc_house-shaped CSV.
public enum SyntheticHouseData {
    /// The row count of the real file.
    public static let kcHouseRows = 21_613

    /// The header of kc_house_data.csv.
    public static let columns = ["id", "date", "price", "bedrooms", "bathrooms", "sqft_living", "sqft_lot", "floors",
                                 "waterfront", "view", "condition", "grade", "sqft_above", "sqft_basement", "yr_built",
                                 "yr_renovated", "zipcode", "lat", "long", "sqft_living15", "sqft_lot15"]

    /// The CSV text of `rows` synthetic houses.
    public static func csv(rows: Int, seed: UInt64 = 101) -> String {
        var g = SeededGenerator(seed: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(g.next() >> 11) / Double(1 << 53) }
        func normal(_ mean: Double, _ sd: Double) -> Double {
            let u = max(uniform(0, 1), 1e-12), v = uniform(0, 1)
            return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        func pick(_ weights: [Double]) -> Int {
            var r = uniform(0, weights.reduce(0, +))
            for (i, w) in weights.enumerated() { r -= w; if r <= 0 { return i } }
            return weights.count - 1
        }
        var lines = [columns.joined(separator: ",")]
        lines.reserveCapacity(rows + 1)
        for row in 0..<rows {
            let bedrooms = 1 + pick([9, 128, 454, 318, 74, 13, 4])
            let bathrooms = max(0.75, (Double(bedrooms) * 0.6 + normal(0.3, 0.5) * 2).rounded() / 2 + 0.25 * Double(pick([3, 1])))
            let sqftLiving = max(370, (exp(normal(7.45, 0.42)) + Double(bedrooms) * 90).rounded())
            let sqftLot = max(520, exp(normal(8.99, 0.9)).rounded())
            let floors = [1, 1.5, 2, 2.5, 3][pick([49, 9, 38, 1, 3])]
            let waterfront = uniform(0, 1) < 0.0075 ? 1 : 0
            let view = waterfront == 1 ? 3 + pick([1, 2]) : pick([90, 1.5, 4.5, 2.4, 1.5])
            let condition = 1 + pick([0.1, 0.8, 65, 26, 8])
            let grade = min(13, max(3, Int((6.2 + sqftLiving / 1100 + normal(0, 0.6)).rounded())))
            let basement = uniform(0, 1) < 0.4 ? (sqftLiving * uniform(0.15, 0.45)).rounded() : 0
            let above = sqftLiving - basement
            let yrBuilt = Int(min(2015, max(1900, 2015 - exp(normal(3.5, 0.75)))))
            let yrRenovated = uniform(0, 1) < 0.04 ? Int(uniform(Double(max(yrBuilt, 1934)), 2015)) : 0
            let zipcode = 98001 + Int(uniform(0, 198))
            let lat = min(47.78, max(47.16, normal(47.56, 0.14)))
            let long = min(-121.32, max(-122.52, normal(-122.21, 0.14)))
            let living15 = max(400, (sqftLiving * 0.6 + normal(800, 300)).rounded())
            let lot15 = max(650, (sqftLot * uniform(0.6, 1.1)).rounded())
            let year = uniform(0, 1) < 0.68 ? 2014 : 2015
            let month = year == 2014 ? 5 + Int(uniform(0, 8)) : 1 + Int(uniform(0, 5))
            let day = 1 + Int(uniform(0, 28))
            let date = String(format: "%04d%02d%02dT000000", year, month, day)
            var price: Double = -60_000 + 210 * sqftLiving
            price += 190_000 * Double(waterfront) + 45_000 * Double(view)
            price += 25_000 * Double(condition) + 95_000 * Double(grade - 7)
            price += 350_000 * (lat - 47.3) + 35 * basement
            price -= 1_200 * Double(2015 - yrBuilt) / 10
            price = max(75_000, price) * exp(normal(0, 0.12))
            let id = 1_000_102 + row * 457_301 % 9_899_000_000
            var fields: [String] = [String(id), date, String(format: "%.1f", price.rounded()), String(bedrooms)]
            fields += [String(format: "%.2f", bathrooms), String(Int(sqftLiving)), String(Int(sqftLot))]
            fields += [String(format: "%.1f", floors), String(waterfront), String(view), String(condition)]
            fields += [String(grade), String(Int(above)), String(Int(basement)), String(yrBuilt), String(yrRenovated)]
            fields += [String(zipcode), String(format: "%.4f", lat), String(format: "%.3f", long)]
            fields += [String(Int(living15)), String(Int(lot15))]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `rows` synthetic houses to `path`, atomically.
    public static func write(rows: Int = kcHouseRows, seed: UInt64 = 101, to path: String) throws {
        do {
            try FileIO.write(Data(csv(rows: rows, seed: seed).utf8), to: path)
        } catch {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be written: \(error.localizedDescription)")
        }
    }
}

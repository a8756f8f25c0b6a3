import Testing
import SynapseTensor

@Suite struct StatisticsTests {
    @Test func meanAndStandardDeviationSkipMissingValues() {
        #expect(Statistics.mean([1, 2, .nan, 3]) == 2)
        #expect(Statistics.std([1, 2, 3, 4]) == (5.0 / 3).squareRoot())         // sample, as Pandas
        #expect(Statistics.std([1, 2, 3, 4], ddof: 0) == 1.25.squareRoot())     // population, as NumPy
        #expect(Statistics.mean([]).isNaN)
    }

    @Test func quantilesInterpolateLinearly() {
        #expect(Statistics.quantiles([4, 1, 3, 2], [0, 0.25, 0.5, 1]) == [1, 1.75, 2.5, 4])
    }

    @Test func pearsonIsPairwiseCompleteAndNaNForAConstantColumn() {
        #expect(Statistics.pearson([1, 2, 3, .nan], [2, 4, 6, 100]) == 1)
        #expect(Statistics.pearson([1, 2, 3], [3, 2, 1]) == -1)
        #expect(Statistics.pearson([1, 2, 3], [5, 5, 5]).isNaN)
    }
}

// Seeded shuffling for splits and windows: SynapseTensor's SeededGenerator, so the same seed
// gives the same rows on every machine (numbers differ from NumPy's, so the same seed does not
// pick the same rows as scikit-learn).

/// The generator for a seed, or one drawn from the global generator when nil.
func makeGenerator(_ seed: UInt64?) -> SeededGenerator {
    seed.map { SeededGenerator(seed: $0) } ?? Random.makeGenerator()
}

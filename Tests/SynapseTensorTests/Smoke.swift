import Testing
@testable import SynapseTensor

@Test func moduleLoads() { #expect(Bool(true)) }

import Testing
@testable import SynapsePlot

@Test func moduleLoads() { #expect(Bool(true)) }

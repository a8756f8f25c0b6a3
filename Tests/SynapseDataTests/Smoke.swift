import Testing
@testable import SynapseData

@Test func moduleLoads() { #expect(Bool(true)) }

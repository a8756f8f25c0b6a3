import Testing
@testable import SynapseNN

@Test func moduleLoads() { #expect(Bool(true)) }

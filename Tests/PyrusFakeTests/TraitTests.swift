import Testing

/// The tests of the fake server and of the default Linux transport need the package's traits. Without them those
/// tests are not compiled, so this one fails instead of letting the run pass with them left out.
@Suite struct TraitTests {
    @Test func theTestsRunWithEveryTraitOn() {
        #if !FakeServer
            Issue.record(
                "built without the FakeServer trait: the fake-server tests did not run; use --enable-all-traits")
        #endif
        #if os(Linux) && !AsyncHTTPClient
            Issue.record(
                Comment(
                    rawValue: "built without the AsyncHTTPClient trait: the default transport under test is not the "
                        + "one Linux users get with it; use --enable-all-traits"))
        #endif
    }
}

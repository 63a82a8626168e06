/// The version of PyrusKit, as the top entry of CHANGELOG.md names it: what `api-codegen --version` and
/// `pyrus-fake-server --version` print. `CLITests` checks that the two agree.
public enum PyrusKitVersion {
    /// `0.5.0`.
    public static let current = "0.5.0"
}

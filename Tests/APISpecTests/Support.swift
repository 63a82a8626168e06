import APISpec
import Foundation
import PyrusKitTestSupport

/// Loads a spec from text and returns every diagnostic as printed, or the warnings when it loads.
func diagnostics(of yaml: String) -> [String] {
    do {
        return try Document.load(yaml: yaml, file: "spec.yaml").warnings.map(\.description)
    } catch {
        return error.diagnostics.map(\.description)
    }
}

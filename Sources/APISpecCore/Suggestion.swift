/// Picks the candidate closest to a misspelt name, for "did you mean …?" in diagnostics.
///
/// A hint compares the name with every candidate, so a run that gives one for each of n names among n candidates
/// takes quadratic time: callers give at most `maximumHints`, and names longer than `maximumLength` get none.
package enum Suggestion {
    /// How many hints one load of a spec, or one validation, gives.
    package static let maximumHints = 100
    /// The longest name, in characters, that gets a hint; no one misspells a longer one by hand.
    package static let maximumLength = 100

    /// The closest candidate within an edit distance of a third of the name's length (at least 2), or nil.
    package static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        guard name.utf8.count <= maximumLength * 4 else { return nil }
        let lowered = Array(name.lowercased())
        guard lowered.count <= maximumLength else { return nil }
        let limit = max(2, lowered.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != name && candidate.utf8.count <= maximumLength * 4 {
            let other = Array(candidate.lowercased())
            // The distance is at least the difference in length.
            guard abs(other.count - lowered.count) <= limit else { continue }
            let distance = editDistance(lowered, other)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// " (did you mean 'x'?)" or "".
    package static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The hints of one run (a load, a compilation, a validation): the first `maximumHints` names that ask get one,
    /// the rest "", and only the first ask for their candidates to be listed.
    package struct Budget {
        private var left = Suggestion.maximumHints

        /// A budget of `Suggestion.maximumHints` hints.
        package init() {}

        /// " (did you mean 'x'?)", or "" when there is no close candidate or no hint left.
        package mutating func hint(for name: String, among candidates: @autoclosure () -> [String]) -> String {
            guard left > 0 else { return "" }
            left -= 1
            return Suggestion.hint(for: name, among: candidates())
        }
    }

    private static func editDistance(_ lhs: [Character], _ rhs: [Character]) -> Int {
        if lhs.isEmpty { return rhs.count }
        if rhs.isEmpty { return lhs.count }
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for i in 1...lhs.count {
            current[0] = i
            for j in 1...rhs.count {
                let substitution = previous[j - 1] + (lhs[i - 1] == rhs[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[rhs.count]
    }
}

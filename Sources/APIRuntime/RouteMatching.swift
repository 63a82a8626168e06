import Foundation

extension ServerRequest {
    /// The path parameters if the request matches `template`, else nil.
    ///
    /// A segment is text (`members`), one parameter (`{id}`), or both (`{id}.json`, Google's `{name}:cancel`): a
    /// parameter ends where the text after it next appears, or, when that text ends the segment, where the segment
    /// ends with it. A template with a query string (`/{container}?restype=container&comp=list`, as Azure's
    /// `x-ms-paths` writes one) matches only a request whose query has each of those items.
    public func match(_ template: String) -> [String: String]? {
        let parts = template.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count > 1 {
            for item in parts[1].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.decoded(pair[0])
                let value = pair.count > 1 ? Self.decoded(pair[1]) : ""
                guard query.contains(where: { $0.name == name && $0.value == value }) else { return nil }
            }
        }
        let templateSegments = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        let pathSegments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard templateSegments.count == pathSegments.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(templateSegments, pathSegments) {
            guard expected.contains("{") else {
                guard expected == actual else { return nil }
                continue
            }
            guard Self.match(segment: expected, actual, into: &parameters) else { return nil }
        }
        return parameters
    }

    /// Matches one segment of a template that has parameters, adding their values to `parameters`.
    private static func match(
        segment template: Substring, _ actual: Substring, into parameters: inout [String: String]
    ) -> Bool {
        var remaining = template
        var rest = actual
        var pending: String?  // a parameter whose end is the next text
        while !remaining.isEmpty {
            if remaining.first == "{", let close = remaining.firstIndex(of: "}") {
                // Two parameters with no text between them could split anywhere: no request matches.
                guard pending == nil else { return false }
                pending = String(remaining[remaining.index(after: remaining.startIndex)..<close])
                remaining = remaining[remaining.index(after: close)...]
                continue
            }
            let end = remaining.dropFirst().firstIndex(of: "{") ?? remaining.endIndex
            let text = remaining[..<end]
            remaining = remaining[end...]
            guard let name = pending else {
                guard rest.hasPrefix(text) else { return false }
                rest = rest.dropFirst(text.count)
                continue
            }
            let found: Range<Substring.Index>?
            if remaining.isEmpty {
                found = rest.hasSuffix(text) ? rest.index(rest.endIndex, offsetBy: -text.count)..<rest.endIndex : nil
            } else {
                found = rest.range(of: text)
            }
            guard let found, found.lowerBound > rest.startIndex else { return false }
            parameters[name] = decoded(rest[..<found.lowerBound])
            rest = rest[found.upperBound...]
            pending = nil
        }
        guard let name = pending else { return rest.isEmpty }
        guard !rest.isEmpty else { return false }
        parameters[name] = decoded(rest)
        return true
    }

    /// Percent-decoded text, or the text as it is when it is not valid percent-encoding.
    private static func decoded(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}

import Foundation
import HTTPTypes

extension ServerRequest {
    /// The path parameters if the request matches `template`, else nil.
    ///
    /// A segment is text (`members`), one parameter (`{id}`), or both (`{id}.json`, Google's `{name}:cancel`); a
    /// parameter `{+name}` (RFC 6570's reserved expansion) or `{Key+}` (AWS's greedy label) may span segments
    /// (`projects/p/topics/t`). A template with a query string (`/{container}?restype=container&comp=list`, as
    /// Azure's `x-ms-paths` writes one) matches only a request whose query has each of those items, one with a
    /// fragment (`/#X-Amz-Target=DynamoDB_20120810.PutItem`) only a request with those header fields.
    public func match(_ template: String) -> [String: String]? {
        let pathTemplate = template.prefix { $0 != "?" && $0 != "#" }
        var rest = template[pathTemplate.endIndex...]
        if rest.first == "?" {
            let query = rest.dropFirst().prefix { $0 != "#" }
            for (name, value) in Self.items(query) {
                guard self.query.contains(where: { $0.name == name && $0.value == value }) else { return nil }
            }
            rest = rest[query.endIndex...]
        }
        // A fragment's `name=value` items name header fields (`#X-Amz-Target=DynamoDB_20120810.PutItem`, as the AWS
        // specs of APIs.guru tell apart operations of one path); an item that is not a header name is not sent, nor
        // one without `=` (`#stream`, as Speakeasy writes one), and neither is asked for.
        for item in rest.dropFirst().split(separator: "&") where item.contains("=") {
            guard let (name, value) = Self.items(item).first, let field = HTTPField.Name(name) else { continue }
            guard headers[field] == value else { return nil }
        }
        var parameters: [String: String] = [:]
        var budget = Self.matchBudget
        let tokens = Self.tokens(of: pathTemplate)
        guard Self.match(tokens[...], path[...], into: &parameters, budget: &budget) else { return nil }
        return parameters
    }

    /// `a=1&b`, percent-decoded: `[("a", "1"), ("b", "")]`.
    private static func items(_ text: Substring) -> [(String, String)] {
        text.split(separator: "&").map { item in
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decoded(pair[0]), pair.count > 1 ? decoded(pair[1]) : "")
        }
    }

    /// A piece of a path template: text, or a parameter (`{id}`; `{+name}` and `{Key+}`, whose value may hold `/`).
    /// The generator reads templates alike (`APIOperation.spansSegments`, `parameterName`).
    private enum Token {
        case text(Substring)
        case parameter(String, spansSegments: Bool)
    }

    private static func tokens(of template: Substring) -> [Token] {
        var tokens: [Token] = []
        var rest = template
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { tokens.append(.text(rest[..<open])) }
            // `{+name}` (RFC 6570's reserved expansion) and `{Key+}` (AWS's greedy label) may span segments.
            let name = rest[rest.index(after: open)..<close]
            let spans = name.count > 1 && (name.first == "+" || name.last == "+")
            let bare = !spans ? name : name.first == "+" ? name.dropFirst() : name.dropLast()
            tokens.append(.parameter(String(bare), spansSegments: spans))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { tokens.append(.text(rest)) }
        return tokens
    }

    /// How many places a parameter's value may end that one match tries, in all: a path of many `/` cannot make a
    /// template of several such parameters take quadratic time.
    private static let matchBudget = 256

    /// Matches `path` against `tokens`. A parameter is one or more characters, without `/` unless it spans
    /// segments, and ends where the text after it appears, the first such place that lets the rest match
    /// (`{name}.{ext}` takes `report` of `report.final.pdf`, `{id}.json` takes `4.2` of `4.2.json`); one that spans
    /// segments tries the last places first (`{+name}:cancel` takes `a:b` of `a:b:cancel`). Nothing after it: the
    /// rest of the path.
    private static func match(
        _ tokens: ArraySlice<Token>, _ path: Substring, into parameters: inout [String: String], budget: inout Int
    ) -> Bool {
        guard let first = tokens.first else { return path.isEmpty }
        let rest = tokens.dropFirst()
        switch first {
        case .text(let text):
            guard path.hasPrefix(text) else { return false }
            return match(rest, path.dropFirst(text.count), into: &parameters, budget: &budget)
        case .parameter(let name, let spans):
            let limit = spans ? path.endIndex : (path.firstIndex(of: "/") ?? path.endIndex)
            var ends: [Substring.Index] = []
            switch rest.first {
            case nil: ends = limit == path.endIndex ? [path.endIndex] : []
            case .parameter: return false  // two parameters with nothing between them could split anywhere
            case .text(let text):
                var searched = path
                // `text` is never empty (`tokens(of:)` makes no empty text), so each place found is before the end.
                while let found = searched.range(of: text), found.lowerBound <= limit {
                    ends.append(found.lowerBound)
                    searched = path[path.index(after: found.lowerBound)...]
                }
                if spans { ends.reverse() }
            }
            for end in ends where end > path.startIndex {
                guard budget > 0 else { return false }
                budget -= 1
                parameters[name] = decoded(path[..<end])
                if match(rest, path[end...], into: &parameters, budget: &budget) { return true }
                parameters[name] = nil
            }
            return false
        }
    }

    /// Percent-decoded text, or the text as it is when it is not valid percent-encoding.
    private static func decoded(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}

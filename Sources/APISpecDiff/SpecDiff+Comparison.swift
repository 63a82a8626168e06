// Comparing two surfaces: every change, how it affects callers and deployed clients, in a sentence.
import APICodegen
import APISpecCore
import OpenAPIDocument

struct Comparison {
    let old: Surface
    let new: Surface
    var changes: [SpecDiff.Change] = []
    private let signatures: Signatures

    init(old: Surface, new: Surface) {
        self.old = old
        self.new = new
        signatures = Signatures(old: old, new: new)
    }

    mutating func record(
        _ impact: SpecDiff.Impact, _ declaration: String, _ message: String, old: SourceLocation?,
        new: SourceLocation?
    ) {
        changes.append(SpecDiff.Change(impact: impact, declaration: declaration, message: message, old: old, new: new))
    }

    private var oldSignatures: Set<String> { Set(old.types.keys.map { signatures.of($0, on: .old) }) }

    mutating func compareTypes() {
        let known = oldSignatures
        for name in Set(old.types.keys).union(new.types.keys).sorted() {
            switch (old.types[name], new.types[name]) {
            case (let before?, nil):
                record(.sourceBreaking, name, "type removed", old: before.location, new: nil)
            case (nil, let after?):
                // A type that only moved (an equal inline schema replacing a `$ref`) is not new to anyone.
                if name.contains("."), known.contains(signatures.of(name, on: .new)) { continue }
                record(.additive, name, "type added", old: nil, new: after.location)
            case (let before?, let after?):
                compare(name, before, after)
            case (nil, nil):
                continue
            }
        }
    }

    private mutating func compare(_ name: String, _ before: Surface.TypeInfo, _ after: Surface.TypeInfo) {
        switch (before.shape, after.shape) {
        case (.structure(let oldProperties, let oldOrder), .structure(let newProperties, let newOrder)):
            compareProperties(name, oldProperties, newProperties)
            let kept = oldOrder.filter { newOrder.contains($0) }
            if kept != newOrder.filter({ oldOrder.contains($0) }) {
                record(
                    .sourceBreaking, "\(name).init", "the initializer's parameters are in a new order",
                    old: before.location, new: after.location)
            }
        case (.openEnum(let oldCases), .openEnum(let newCases)):
            for raw in Set(oldCases.keys).union(newCases.keys).sorted() {
                switch (oldCases[raw], newCases[raw]) {
                case (let caseName?, nil):
                    recordCase(name, caseName, added: false, before, after)
                    if old.responseTypes.contains(name) {
                        record(
                            .wireBreaking, "\(name).\(caseName)", "value \"\(raw)\" removed from a response",
                            old: before.location, new: after.location)
                    }
                case (nil, let caseName?):
                    recordCase(name, caseName, added: true, before, after)
                case (let oldName?, let newName?) where oldName != newName:
                    record(
                        .sourceBreaking, "\(name).\(oldName)", "enum case renamed to \(newName)", old: before.location,
                        new: after.location)
                default: continue
                }
            }
        case (.choice(let oldCases), .choice(let newCases)):
            for caseName in Set(oldCases.keys).union(newCases.keys).sorted() {
                switch (oldCases[caseName], newCases[caseName]) {
                case (_?, nil):
                    recordCase(name, caseName, added: false, before, after)
                case (nil, _?):
                    recordCase(name, caseName, added: true, before, after)
                case (let oldType?, let newType?) where oldType != newType:
                    record(
                        .sourceBreaking, "\(name).\(caseName)",
                        "associated value changed from \(oldType) to \(newType)",
                        old: before.location, new: after.location)
                default: continue
                }
            }
        case (.alias(let oldTarget), .alias(let newTarget)):
            if oldTarget != newTarget && signatures.of(oldTarget, on: .old) != signatures.of(newTarget, on: .new) {
                record(
                    .sourceBreaking, name, "now stands for \(newTarget) instead of \(oldTarget)", old: before.location,
                    new: after.location)
            }
        default:
            record(
                .sourceBreaking, name, "changed kind (struct, enum or alias)", old: before.location, new: after.location
            )
        }
    }

    /// An enum case added or removed: either way, switches over the enum stop compiling.
    private mutating func recordCase(
        _ type: String, _ caseName: String, added: Bool, _ before: Surface.TypeInfo, _ after: Surface.TypeInfo
    ) {
        let message = added ? "enum case added: exhaustive switches over \(type) must handle it" : "enum case removed"
        record(.sourceBreaking, "\(type).\(caseName)", message, old: before.location, new: after.location)
    }

    private mutating func compareProperties(
        _ name: String, _ before: [String: Surface.Property], _ after: [String: Surface.Property]
    ) {
        let inRequests = old.requestTypes.contains(name) || new.requestTypes.contains(name)
        let inResponses = old.responseTypes.contains(name) || new.responseTypes.contains(name)
        for json in Set(before.keys).union(after.keys).sorted() {
            switch (before[json], after[json]) {
            case (let property?, nil):
                let declaration = "\(name).\(property.swiftName)"
                record(.sourceBreaking, declaration, "property removed", old: property.location, new: nil)
                if inResponses {
                    record(
                        .wireBreaking, declaration, "response field '\(json)' removed", old: property.location, new: nil
                    )
                }
            case (nil, let property?):
                let declaration = "\(name).\(property.swiftName)"
                if !property.isOptional {
                    record(
                        .sourceBreaking, declaration, "new property the initializer requires", old: nil,
                        new: property.location)
                } else {
                    record(.additive, declaration, "property added", old: nil, new: property.location)
                }
                if inRequests && property.isRequiredOnWire {
                    record(
                        .wireBreaking, declaration, "required request field '\(json)' added", old: nil,
                        new: property.location)
                }
            case (let was?, let now?):
                let declaration = "\(name).\(was.swiftName)"
                if was.swiftName != now.swiftName {
                    record(
                        .sourceBreaking, declaration, "property renamed to \(now.swiftName)", old: was.location,
                        new: now.location)
                }
                // Same name, same type (changes inside it are reported on it); other names, compare structure.
                let sameType =
                    was.type == now.type
                    || signatures.of(was.type, on: .old, scope: name) == signatures.of(now.type, on: .new, scope: name)
                if !sameType {
                    record(
                        .sourceBreaking, declaration, "type changed from \(was.declaredType) to \(now.declaredType)",
                        old: was.location, new: now.location)
                    if inRequests || inResponses {
                        record(
                            .wireBreaking, declaration, "the JSON of '\(json)' changed type", old: was.location,
                            new: now.location)
                    }
                } else if was.isOptional == now.isOptional, was.declaredType != now.declaredType {
                    record(
                        .sourceBreaking, declaration,
                        "declared type changed from \(was.declaredType) to \(now.declaredType)",
                        old: was.location, new: now.location)
                } else if was.isOptional && !now.isOptional {
                    record(
                        .sourceBreaking, declaration,
                        "optional became required (\(was.declaredType) → \(now.declaredType))",
                        old: was.location, new: now.location)
                } else if !was.isOptional && now.isOptional {
                    record(
                        .sourceBreaking, declaration,
                        "required became optional (\(was.declaredType) → \(now.declaredType)): readers must unwrap it",
                        old: was.location, new: now.location)
                }
                if sameType, inRequests, !was.isRequiredOnWire, now.isRequiredOnWire {
                    record(
                        .wireBreaking, declaration, "request field '\(json)' became required", old: was.location,
                        new: now.location)
                }
                if sameType, inResponses, was.isRequiredOnWire, !now.isRequiredOnWire {
                    record(
                        .wireBreaking, declaration, "response field '\(json)' may now be absent", old: was.location,
                        new: now.location)
                }
            case (nil, nil):
                continue
            }
        }
    }

    mutating func compareOperations() {
        // The wire knows an operation by method and path; Swift callers by its declaration.
        let endpoints = Set(new.operations.values.map { $0.httpMethod.uppercased() + " " + $0.path })
        for key in Set(old.operations.keys).union(new.operations.keys).sorted() {
            switch (old.operations[key], new.operations[key]) {
            case (let before?, nil):
                record(.sourceBreaking, before.declaration, "method removed", old: before.location, new: nil)
                let endpoint = before.httpMethod.uppercased() + " " + before.path
                if !endpoints.contains(endpoint) {
                    record(.wireBreaking, before.declaration, "\(endpoint) removed", old: before.location, new: nil)
                }
            case (nil, let after?):
                record(.additive, after.declaration, "method added", old: nil, new: after.location)
            case (let before?, let after?):
                compare(after.declaration, before, after)
            case (nil, nil):
                continue
            }
        }
    }

    private mutating func compare(_ key: String, _ before: Surface.Operation, _ after: Surface.Operation) {
        let locations = (before.location, after.location)
        if before.httpMethod != after.httpMethod || before.path != after.path {
            record(
                .wireBreaking, key,
                "now \(after.httpMethod.uppercased()) \(after.path) instead of \(before.httpMethod.uppercased()) "
                    + "\(before.path)",
                old: locations.0, new: locations.1)
        }
        for name in Set(before.parameters.keys).union(after.parameters.keys).sorted() {
            switch (before.parameters[name], after.parameters[name]) {
            case (let was?, nil):
                record(.sourceBreaking, key, "parameter '\(was.swiftName)' removed", old: locations.0, new: locations.1)
            case (nil, let now?):
                if now.isRequired {
                    record(
                        .sourceBreaking, key, "new parameter '\(now.swiftName)' without a default",
                        old: locations.0, new: locations.1)
                    record(
                        .wireBreaking, key, "new required parameter '\(name)'", old: locations.0, new: locations.1)
                } else {
                    record(
                        .additive, key, "new optional parameter '\(now.swiftName)'", old: locations.0, new: locations.1)
                }
            case (let was?, let now?):
                if was.type != now.type {
                    record(
                        .sourceBreaking, key,
                        "parameter '\(was.swiftName)' changed type from \(was.type) to \(now.type)",
                        old: locations.0, new: locations.1)
                }
                if !was.isRequired && now.isRequired {
                    record(
                        .sourceBreaking, key, "parameter '\(was.swiftName)' became required", old: locations.0,
                        new: locations.1)
                    record(
                        .wireBreaking, key, "parameter '\(name)' became required", old: locations.0, new: locations.1)
                }
            case (nil, nil):
                continue
            }
        }
        switch (before.body, after.body) {
        case (let was?, let now?)
        where was.type != now.type && signatures.of(was.type, on: .old) != signatures.of(now.type, on: .new):
            record(
                .sourceBreaking, key, "request body changed from \(was.type) to \(now.type)", old: locations.0,
                new: locations.1)
        case (nil, let now?):
            record(.sourceBreaking, key, "new request body \(now.type)", old: locations.0, new: locations.1)
            if now.isRequired {
                record(.wireBreaking, key, "a request body is now required", old: locations.0, new: locations.1)
            }
        case (let was?, nil):
            record(.sourceBreaking, key, "request body \(was.type) removed", old: locations.0, new: locations.1)
        default:
            break
        }
        if before.responseType != after.responseType
            && signatures.of(before.responseType, on: .old) != signatures.of(after.responseType, on: .new)
        {
            record(
                .sourceBreaking, key, "returns \(after.responseType) instead of \(before.responseType)",
                old: locations.0, new: locations.1)
        }
        for status in before.statuses.subtracting(after.statuses).sorted() {
            record(.wireBreaking, key, "status \(status) removed", old: locations.0, new: locations.1)
        }
        for status in after.statuses.subtracting(before.statuses).sorted() {
            record(.additive, key, "status \(status) added", old: locations.0, new: locations.1)
        }
        compareSecurity(key, before, after)
        let removedStatuses = before.statuses.subtracting(after.statuses)
        for mediaType in before.mediaTypes.subtracting(after.mediaTypes).sorted()
        where !removedStatuses.contains(where: { mediaType.hasSuffix("(status \($0))") }) {
            record(.wireBreaking, key, "media type \(mediaType) removed", old: locations.0, new: locations.1)
        }
    }
}

extension Comparison {
    /// A deployed client sends every credential of one alternative of the old requirement (none when nothing is
    /// required). That alternative still works when some new alternative asks for no credential it does not send,
    /// compared by what goes on the wire, so a scheme renamed with its header kept changes nothing. An alternative
    /// that no longer works is wire-breaking; a requirement that only accepts more is additive.
    fileprivate mutating func compareSecurity(_ key: String, _ before: Surface.Operation, _ after: Surface.Operation) {
        func alternatives(_ requirement: [[String]], _ surface: Surface) -> [Set<String>] {
            (requirement.isEmpty ? [[]] : requirement).map { Set($0.map { surface.schemes[$0] ?? $0 }) }
        }
        let was = alternatives(before.security, old)
        let now = alternatives(after.security, new)
        guard Set(was) != Set(now) else { return }
        func describe(_ alternatives: [Set<String>]) -> String {
            alternatives.map { $0.isEmpty ? "a request without credentials" : $0.sorted().joined(separator: " and ") }
                .joined(separator: ", or ")
        }
        let broken = was.filter { sent in !now.contains { $0.isSubset(of: sent) } }
        // Accepted now and not before: an alternative that asks for less than every old one.
        let added = now.filter { asked in !was.contains { $0.isSubset(of: asked) } }
        if broken.isEmpty {
            // Only alternatives dropped or added that others cover: nothing a client can notice.
            guard !added.isEmpty else { return }
            record(
                .additive, key, "now also accepts \(describe(added))",
                old: before.location, new: after.location)
        } else {
            record(
                .wireBreaking, key, "no longer accepts \(describe(broken)); it takes \(describe(now))",
                old: before.location, new: after.location)
        }
    }
}

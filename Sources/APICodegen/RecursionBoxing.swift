// Recursive schemas as Swift types that compile: a struct cannot store a value of its own type (`parent: Job?` in
// `Job`), nor an enum an associated value that contains it, unless something on the cycle is stored on the heap.
// Arrays and dictionaries already are; a `oneOf` enum on a cycle becomes `indirect`, and what cycles remain go
// through struct properties, which are stored in an `Indirect` box. Nothing that is not on a cycle changes.

/// Finds the cycles of value containment among declarations and breaks each with as little boxing as it needs.
struct RecursionBoxing {
    /// A declaration, by its place: its qualified name (`Job.Details`) and its path of indices.
    private struct Node {
        var name: String
        var path: [Int]
        var declaration: SwiftDeclaration
    }

    /// What an edge goes through: a struct's property, or an enum's case, or an alias.
    private enum Through: Hashable {
        case property(Int)
        case choiceCase
        case alias
    }

    private var nodes: [Node] = []
    private var index: [String: Int] = [:]
    private var edges: [[(target: Int, through: Through)]] = []

    /// An alternative left out of an enum because it leads back to the enum without reading any part of the value.
    struct DroppedAlternative {
        var choice: SwiftChoice
        var caseName: String
    }

    /// The declarations with `isIndirect` set on every enum on a cycle and `isBoxed` on the struct properties that
    /// the remaining cycles go through.
    ///
    /// An alternative that leads back to its own enum through enums and aliases only (`anyOf: [{$ref: self},
    /// {type: string}]`) would have the enum's decoder call itself on the same value forever; it adds no value the
    /// other alternatives do not, so it is left out and reported in `dropped`.
    static func breakingCycles(
        _ declarations: [SwiftDeclaration], dropped: inout [DroppedAlternative]
    ) -> [SwiftDeclaration] {
        var boxing = RecursionBoxing()
        for (position, declaration) in declarations.enumerated() {
            boxing.collect(declaration, prefix: "", path: [position])
        }
        boxing.connect(declarations)
        let all = Set(boxing.nodes.indices)
        var removals: [Int: Set<String>] = [:]
        for component in boxing.cycles(among: all, ignoring: [], throughProperties: false) {
            for node in component {
                guard case .choice(let choice) = boxing.nodes[node].declaration else { continue }
                let looping = choice.cases.filter { choiceCase in
                    boxing.resolve(choiceCase.type, from: boxing.nodes[node].name).map(component.contains) == true
                }
                // An enum of nothing but itself is refused by the loader; what is left here always has a way out.
                guard !looping.isEmpty, looping.count < choice.cases.count else { continue }
                removals[node] = Set(looping.map(\.name))
                dropped += looping.map { DroppedAlternative(choice: choice, caseName: $0.name) }
            }
        }
        if !removals.isEmpty {
            var result = declarations
            for (node, names) in removals {
                boxing.update(&result, at: boxing.nodes[node].path) { declaration in
                    guard case .choice(var choice) = declaration else { return declaration }
                    choice.cases.removeAll { names.contains($0.name) }
                    return .choice(choice)
                }
            }
            return breakingCycles(result, dropped: &dropped)
        }
        // Enums on a cycle are made indirect; their cases then hold boxed values, so their edges no longer count.
        var indirect: Set<Int> = []
        for component in boxing.cycles(among: all, ignoring: []) {
            for node in component {
                if case .choice = boxing.nodes[node].declaration { indirect.insert(node) }
            }
        }
        var boxed: [Int: Set<Int>] = [:]
        for component in boxing.cycles(among: all, ignoring: indirect) {
            for (node, property) in boxing.backEdges(of: component) { boxed[node, default: []].insert(property) }
        }
        boxing.boundInlineWeight(indirect: &indirect, boxed: &boxed)
        guard !indirect.isEmpty || !boxed.isEmpty else { return declarations }
        var result = declarations
        for node in indirect { boxing.update(&result, at: boxing.nodes[node].path) { Self.makeIndirect($0) } }
        for (node, properties) in boxed {
            boxing.update(&result, at: boxing.nodes[node].path) { Self.box($0, properties) }
        }
        return result
    }

    /// The declarations with every type alias that names itself (`typealias Tree = [String: Tree]`, through
    /// arrays, dictionaries and other aliases), which Swift refuses, made an enum of one case
    /// (`enum Tree { case object([String: Tree]) }`) that codes as the alias would have; each is in `wrapped`.
    static func wrappingAliasCycles(
        _ declarations: [SwiftDeclaration], wrapped: inout [SwiftChoice]
    ) -> [SwiftDeclaration] {
        // Most specs have no alias that names an alias: then there is no cycle, and no graph to build.
        var aliases: [(name: String, target: SwiftType)] = []
        func collectAliases(_ declaration: SwiftDeclaration) {
            switch declaration {
            case .alias(let name, let target, _, _): aliases.append((name, target))
            case .structure(let value): value.nested.forEach(collectAliases)
            case .choice(let value): value.nested.forEach(collectAliases)
            case .openEnum: break
            }
        }
        declarations.forEach(collectAliases)
        let aliasNames = Set(aliases.map(\.name))
        guard aliases.contains(where: { !TypeMapper.typeIdentifiers(in: $0.target).isDisjoint(with: aliasNames) })
        else {
            return declarations
        }
        var boxing = RecursionBoxing()
        for (position, declaration) in declarations.enumerated() {
            boxing.collect(declaration, prefix: "", path: [position])
        }
        for node in boxing.nodes.indices {
            guard case .alias(_, let target, _, _) = boxing.nodes[node].declaration else { continue }
            let enclosing = boxing.nodes[node].name.split(separator: ".").dropLast().joined(separator: ".")
            for name in TypeMapper.typeIdentifiers(in: target).sorted() {
                guard let found = boxing.resolve(.named(name), from: enclosing),
                    case .alias = boxing.nodes[found].declaration
                else { continue }
                boxing.edges[node].append((found, .alias))
            }
        }
        var result = declarations
        for component in boxing.cycles(among: Set(boxing.nodes.indices), ignoring: []) {
            // Aliases of nothing but each other (`anyOf: [{$ref: self}]`) hold no value of any shape: each is a
            // `JSONValue`, as a schema that says nothing is.
            let isBare = component.allSatisfy { node in
                switch boxing.nodes[node].declaration {
                case .alias(_, .named, _, _), .alias(_, .optional(.named), _, _): true
                default: false
                }
            }
            for node in component.sorted() {
                guard
                    case .alias(let name, var target, let documentation, let specPath) = boxing.nodes[node].declaration
                else { continue }
                if isBare { target = .named("JSONValue") }
                let stem =
                    switch target {
                    case .array: "list"
                    case .dictionary: "object"
                    default: "value"
                    }
                let caseName = TypeMapper.typeIdentifiers(in: target).contains(stem) ? stem + "Value" : stem
                let choice = SwiftChoice(
                    name: name, documentation: documentation, isDeprecated: false, specPath: specPath,
                    cases: [SwiftChoiceCase(name: caseName, type: target)], nested: [])
                wrapped.append(choice)
                let replacement: SwiftDeclaration =
                    isBare
                    ? .alias(name: name, target: target, documentation: documentation, specPath: specPath)
                    : .choice(choice)
                boxing.update(&result, at: boxing.nodes[node].path) { _ in replacement }
            }
        }
        return result
    }

    /// The most values of generated types that one value may hold inline, nested structs and enums included.
    ///
    /// Without a cycle nothing has to be boxed, but a chain of schemas each holding the next (`Item3.parent: Item2?`,
    /// a thousand deep in a generated spec) makes each type hold every one after it inline: the sizes, and what the
    /// compiler does to lay them out, grow with the square of the chain (fifty such structs took swift-frontend 36 s
    /// and 3.5 GB). Past this weight a property is boxed as a cycle's is (`Indirect`, same API), and an enum made
    /// `indirect`, so every type's inline size is bounded and compile time stays linear. Real schemas rarely reach it.
    static let maximumInlineWeight = 8

    /// Boxes the heaviest struct properties (and makes enums `indirect`) until no type holds more than
    /// `maximumInlineWeight` values inline; run once the cycles are broken, when what is held inline is a DAG.
    private func boundInlineWeight(indirect: inout Set<Int>, boxed: inout [Int: Set<Int>]) {
        var weight = [Int?](repeating: nil, count: nodes.count)
        func inlineEdges(_ node: Int) -> [(target: Int, through: Through)] {
            guard !indirect.contains(node) else { return [] }
            return edges[node].filter { edge in
                if case .property(let position) = edge.through { return boxed[node]?.contains(position) != true }
                return true
            }
        }
        for start in nodes.indices where weight[start] == nil {
            // Post-order without recursion: a chain is as long as the spec makes it.
            var work: [(node: Int, expanded: Bool)] = [(start, false)]
            var onPath: Set<Int> = []
            while let (node, expanded) = work.popLast() {
                if weight[node] != nil { continue }
                let children = inlineEdges(node)
                if !expanded {
                    onPath.insert(node)
                    work.append((node, true))
                    for child in children where weight[child.target] == nil && !onPath.contains(child.target) {
                        work.append((child.target, false))
                    }
                    continue
                }
                onPath.remove(node)
                let limit = Self.maximumInlineWeight
                switch nodes[node].declaration {
                case .structure:
                    // Heaviest first, then spec order: the same properties are boxed on every run.
                    var held = children.compactMap { edge -> (property: Int, weight: Int)? in
                        guard case .property(let position) = edge.through else { return nil }
                        return (position, weight[edge.target] ?? 1)
                    }.sorted { ($1.weight, $0.property) < ($0.weight, $1.property) }
                    var total = 1 + held.reduce(0) { $0 + $1.weight }
                    while total > limit, let heaviest = held.first {
                        boxed[node, default: []].insert(heaviest.property)
                        total -= heaviest.weight
                        held.removeFirst()
                    }
                    weight[node] = total
                case .choice:
                    let largest = children.map { weight[$0.target] ?? 1 }.max() ?? 0
                    if 1 + largest > limit {
                        indirect.insert(node)
                        weight[node] = 1
                    } else {
                        weight[node] = 1 + largest
                    }
                case .alias:
                    weight[node] = children.map { weight[$0.target] ?? 1 }.max() ?? 1
                case .openEnum:
                    weight[node] = 1
                }
            }
        }
    }

    private static func makeIndirect(_ declaration: SwiftDeclaration) -> SwiftDeclaration {
        guard case .choice(var choice) = declaration else { return declaration }
        choice.isIndirect = true
        return .choice(choice)
    }

    private static func box(_ declaration: SwiftDeclaration, _ properties: Set<Int>) -> SwiftDeclaration {
        guard case .structure(var structure) = declaration else { return declaration }
        for property in properties { structure.properties[property].isBoxed = true }
        return .structure(structure)
    }

    private mutating func collect(_ declaration: SwiftDeclaration, prefix: String, path: [Int]) {
        let name = prefix.isEmpty ? declaration.name : prefix + "." + declaration.name
        index[name] = nodes.count
        nodes.append(Node(name: name, path: path, declaration: declaration))
        edges.append([])
        let nested: [SwiftDeclaration] =
            switch declaration {
            case .structure(let value): value.nested
            case .choice(let value): value.nested
            case .openEnum, .alias: []
            }
        for (position, inner) in nested.enumerated() { collect(inner, prefix: name, path: path + [position]) }
    }

    /// An edge for every type a declaration holds inline: a struct's properties (an optional is inline too;
    /// arrays and dictionaries are not), an enum's associated values, an alias's target.
    private mutating func connect(_ declarations: [SwiftDeclaration]) {
        for node in nodes.indices {
            let scope = nodes[node].name
            switch nodes[node].declaration {
            case .structure(let value):
                for (position, property) in value.properties.enumerated() {
                    if let target = resolve(property.type, from: scope) {
                        edges[node].append((target, .property(position)))
                    }
                }
            case .choice(let value):
                for choiceCase in value.cases {
                    if let target = resolve(choiceCase.type, from: scope) { edges[node].append((target, .choiceCase)) }
                }
            case .alias(_, let target, _, _):
                let enclosing = scope.split(separator: ".").dropLast().joined(separator: ".")
                if let found = resolve(target, from: enclosing) { edges[node].append((found, .alias)) }
            case .openEnum:
                break
            }
        }
    }

    /// The declaration a type names inline, by Swift's lookup: nested names first, then each enclosing scope's.
    func resolve(_ type: SwiftType, from scope: String) -> Int? {
        let name: String
        switch type {
        case .named(let named): name = named
        case .optional(.named(let named)): name = named
        case .array, .dictionary, .optional, .generic: return nil
        }
        var prefix = scope
        while true {
            if let found = index[prefix.isEmpty ? name : prefix + "." + name] { return found }
            if prefix.isEmpty { return nil }
            prefix = prefix.lastIndex(of: ".").map { String(prefix[..<$0]) } ?? ""
        }
    }

    /// The strongly connected components that hold a cycle (more than one node, or one with an edge to itself),
    /// leaving out the edges of the `ignoring` nodes. Iterative Tarjan: a chain of types can be as long as the spec.
    private func cycles(among all: Set<Int>, ignoring: Set<Int>, throughProperties: Bool = true) -> [Set<Int>] {
        var order = [Int](repeating: -1, count: nodes.count)
        var low = [Int](repeating: 0, count: nodes.count)
        var onStack = [Bool](repeating: false, count: nodes.count)
        var stack: [Int] = []
        var counter = 0
        var result: [Set<Int>] = []
        func successors(_ node: Int) -> [Int] {
            guard !ignoring.contains(node) else { return [] }
            return edges[node].compactMap { edge in
                if case .property = edge.through, !throughProperties { return nil }
                return edge.target
            }
        }
        for start in all.sorted() where order[start] < 0 {
            var work: [(node: Int, next: Int)] = [(start, 0)]
            order[start] = counter
            low[start] = counter
            counter += 1
            stack.append(start)
            onStack[start] = true
            while let (node, next) = work.last {
                let targets = successors(node)
                if next < targets.count {
                    work[work.count - 1].next += 1
                    let target = targets[next]
                    if order[target] < 0 {
                        order[target] = counter
                        low[target] = counter
                        counter += 1
                        stack.append(target)
                        onStack[target] = true
                        work.append((target, 0))
                    } else if onStack[target] {
                        low[node] = min(low[node], order[target])
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[node]) }
                guard low[node] == order[node] else { continue }
                var component: Set<Int> = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.insert(member)
                    if member == node { break }
                }
                if component.count > 1 || successors(node).contains(node) { result.append(component) }
            }
        }
        return result
    }

    /// The struct properties to box so that `component` has no cycle left: the edges that close a cycle in a depth
    /// first walk from the first declaration an optional property of the component leads to (in spec order), which
    /// takes properties that must be present before optional ones: a cycle is then closed, and boxed, where a property
    /// is optional when it can be. When a
    /// cycle would close through an alias, every property of the component on a cycle is boxed instead.
    private func backEdges(of component: Set<Int>) -> [(node: Int, property: Int)] {
        func isOptional(_ node: Int, _ through: Through) -> Bool {
            guard case .property(let position) = through, case .structure(let value) = nodes[node].declaration else {
                return false
            }
            let property = value.properties[position]
            return !property.isRequired && property.defaultValue == nil
        }
        func successors(_ node: Int) -> [(target: Int, through: Through)] {
            edges[node].filter { component.contains($0.target) }.sorted {
                (isOptional(node, $0.through) ? 1 : 0) < (isOptional(node, $1.through) ? 1 : 0)
            }
        }
        var result: [(node: Int, property: Int)] = []
        var state: [Int: Bool] = [:]  // true while on the walk's path, false once done
        // Starting where an optional property leads makes that property the one that closes the cycle.
        let optionalTargets = component.flatMap { node in
            edges[node].filter { component.contains($0.target) && isOptional(node, $0.through) }.map(\.target)
        }
        guard let start = optionalTargets.min() ?? component.min() else { return [] }
        var work: [(node: Int, successors: [(target: Int, through: Through)], next: Int)] = [
            (start, successors(start), 0)
        ]
        state[start] = true
        while let top = work.last {
            guard top.next < top.successors.count else {
                state[top.node] = false
                work.removeLast()
                continue
            }
            work[work.count - 1].next += 1
            let edge = top.successors[top.next]
            switch state[edge.target] {
            case true?:
                guard case .property(let property) = edge.through else {
                    return component.flatMap { node in
                        edges[node].compactMap { edge -> (node: Int, property: Int)? in
                            guard component.contains(edge.target), case .property(let property) = edge.through else {
                                return nil
                            }
                            return (node, property)
                        }
                    }
                }
                result.append((top.node, property))
            case false?:
                break
            case nil:
                state[edge.target] = true
                work.append((edge.target, successors(edge.target), 0))
            }
        }
        return result
    }

    /// Applies `change` to the declaration at `path` (indices into nested declarations).
    private func update(
        _ declarations: inout [SwiftDeclaration], at path: [Int], _ change: (SwiftDeclaration) -> SwiftDeclaration
    ) {
        guard let first = path.first else { return }
        if path.count == 1 {
            declarations[first] = change(declarations[first])
            return
        }
        switch declarations[first] {
        case .structure(var value):
            update(&value.nested, at: Array(path.dropFirst()), change)
            declarations[first] = .structure(value)
        case .choice(var value):
            update(&value.nested, at: Array(path.dropFirst()), change)
            declarations[first] = .choice(value)
        case .openEnum, .alias:
            break
        }
    }
}

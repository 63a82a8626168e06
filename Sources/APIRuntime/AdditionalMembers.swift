// The members of a JSON object beyond a generated struct's listed properties (`additionalProperties` written beside
// `properties`), read into and written from a dictionary.

extension Decoder {
    /// The members of the JSON object being decoded whose names no case of `listed` has, each decoded as `Value`.
    ///
    /// Generated structs whose schema writes `additionalProperties` beside `properties` read their other members
    /// this way, after the listed ones.
    /// - Throws: `DecodingError` when the value is not an object, or a member is not a `Value` (its coding path names
    ///   the member).
    public func decodeAdditionalMembers<Value: Decodable, Listed: CodingKey & CaseIterable>(
        beyond listed: Listed.Type
    ) throws -> [String: Value] {
        let names = Set(listed.allCases.map(\.stringValue))
        let container = try self.container(keyedBy: MemberKey.self)
        var members: [String: Value] = [:]
        for key in container.allKeys where !names.contains(key.stringValue) {
            members[key.stringValue] = try container.decode(Value.self, forKey: key)
        }
        return members
    }
}

extension Encoder {
    /// Encodes `members` into the JSON object being encoded, in the order of their names, leaving out each whose
    /// name a case of `listed` has: that member is the listed property's, encoded from it.
    public func encodeAdditionalMembers<Value: Encodable, Listed: CodingKey & CaseIterable>(
        _ members: [String: Value], beyond listed: Listed.Type
    ) throws {
        let names = Set(listed.allCases.map(\.stringValue))
        var container = self.container(keyedBy: MemberKey.self)
        for (name, value) in members.sorted(by: { $0.key < $1.key }) where !names.contains(name) {
            try container.encode(value, forKey: MemberKey(stringValue: name))
        }
    }
}

import OpenAPIRuntime

/// Any JSON value, for schemas that allow anything (the swift-openapi ecosystem's container).
public typealias JSONValue = OpenAPIValueContainer

/// A JSON object with keys that are not known in advance.
public typealias JSONObject = OpenAPIObjectContainer

/// The typed client of the Pyrus REST API (v4) members and roles endpoints.
///
/// Not implemented yet: the generated models, endpoints and client arrive with the codegen issue.
public enum PyrusAPI {}

/// Turns an `APISpec.Document` into Swift source files. Not implemented yet.
public enum APICodegen {}

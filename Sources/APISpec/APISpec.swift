// `import APISpec` brings everything about specs: the OpenAPI document and its loader, the JSON Schema 2020-12
// validator, and the checks that need both (documents' examples, fixtures against operations). Each lives in a
// module of its own so that what needs less builds less: the build plugin's tool imports `OpenAPIDocument` and
// `APICodegen` only.
@_exported import APISpecCore
@_exported import JSONSchemaValidation
@_exported import OpenAPIDocument
@_exported import SpecValidation

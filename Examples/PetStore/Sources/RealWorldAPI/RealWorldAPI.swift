// The client and server protocols generated from PyrusKit's Tests/RealWorldTests/realworld.yaml (array, date, header,
// JSON-content and nested object parameters, form, multipart, text and binary bodies, a discriminated oneOf, null
// alternatives, server variables, an answer per success status, typed response headers, readOnly and writeOnly),
// which pet-store-demo drives against an in-process server.

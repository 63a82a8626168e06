// The client and server protocols generated from PyrusKit's Tests/RealWorldTests/realworld.yaml (array, date and
// header parameters, form, multipart, text and binary bodies, a discriminated oneOf, null alternatives, server
// variables), which pet-store-demo drives against an in-process server.

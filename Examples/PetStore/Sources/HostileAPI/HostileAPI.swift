// The generated client for hostile.yaml is this module's whole content; this file only gives SwiftPM a source to
// find. Nothing here may be needed for the generated code to compile.

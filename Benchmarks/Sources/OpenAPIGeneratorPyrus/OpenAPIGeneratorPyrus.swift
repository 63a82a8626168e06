// The generated client of ../Spec/pyrus-api.yaml, built by swift-openapi-generator's plugin.

// The generated client of ../Spec/pyrus-api.yaml, built by PyrusKit's build-tool plugin.

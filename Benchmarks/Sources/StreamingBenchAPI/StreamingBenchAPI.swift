// The client of PyrusKit's Tests/StreamingTests/streaming.yaml, generated into this target by the build plugin, for
// stream-bench: downloads, uploads and event streams measured in a process of their own.

import InMemoryTracing
import Synchronization
import Tracing

/// swift-distributed-tracing's `InMemoryTracer`, propagating its context as a W3C `traceparent` header
/// (`00-<trace id>-<span id>-01`) as production tracers do, so tests can assert the exact header a client sends and
/// that a server continues the trace it carries. IDs are hexadecimal counters of W3C's lengths.
public struct W3CTestTracer: Tracer {
    /// The in-memory tracer's spans.
    public typealias Span = InMemorySpan

    /// The tracer that records the spans.
    public let recorder: InMemoryTracer

    /// A tracer whose first trace is `…0001` and first span `…0001`.
    public init() {
        let traces = Mutex(0)
        let spans = Mutex(0)
        recorder = InMemoryTracer(
            idGenerator: .init(
                nextTraceID: { Self.hex(Self.next(traces), digits: 32) },
                nextSpanID: { Self.hex(Self.next(spans), digits: 16) }))
    }

    static func next(_ counter: borrowing Mutex<Int>) -> Int {
        counter.withLock { value in
            value += 1
            return value
        }
    }

    static func hex(_ value: Int, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The spans that ended, in the order they ended.
    public var finishedSpans: [FinishedInMemorySpan] { recorder.finishedSpans }

    /// Starts a span of the recording tracer.
    public func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> InMemorySpan {
        recorder.startSpan(
            operationName, context: context(), ofKind: kind, at: instant(), function: function, file: fileID,
            line: line)
    }

    /// The recording tracer's span of `context`, while it runs.
    public func activeSpan(identifiedBy context: ServiceContext) -> InMemorySpan? {
        recorder.activeSpan(identifiedBy: context)
    }

    /// Does what the recording tracer does.
    public func forceFlush() { recorder.forceFlush() }

    /// Writes `traceparent` for the span of `context`.
    public func inject<Carrier, Inject: Injector>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Carrier == Inject.Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: "traceparent", into: &carrier)
    }

    /// Reads `traceparent` into `context`, so that the next span continues that trace.
    public func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Carrier == Extract.Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier) else { return }
        let parts = header.split(separator: "-")
        guard parts.count == 4, parts[1].count == 32, parts[2].count == 16 else { return }
        context.inMemorySpanContext = InMemorySpanContext(
            traceID: String(parts[1]), spanID: String(parts[2]), parentSpanID: nil)
    }
}

extension SpanAttributes {
    /// The attributes as text, for exact comparison: strings as they are, integers in decimal.
    public var texts: [String: String] {
        var result: [String: String] = [:]
        // swift-format-ignore: ReplaceForEachWithForLoop
        forEach { key, value in  // SpanAttributes is not a Sequence: forEach is how it lists itself.
            switch value {
            case .string(let text): result[key] = text
            case .int64(let number): result[key] = String(number)
            default: result[key] = "\(value)"
            }
        }
        return result
    }
}

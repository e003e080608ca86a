package io.cjm.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TraceParentTest {

    private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
    private final Tracer tracer = provider.get("test");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aStoredTraceparentContinuesTheTraceOfTheSpanThatStoredIt() {
        Span capture = tracer.spanBuilder("capture").startSpan();
        String stored;
        try (Scope ignored = capture.makeCurrent()) {
            stored = TraceParent.current();
        } finally {
            capture.end();
        }

        Span delivery = tracer.spanBuilder("deliver").setParent(TraceParent.parent(stored)).startSpan();
        delivery.end();

        assertThat(stored).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        SpanContext parent = Span.fromContext(TraceParent.parent(stored)).getSpanContext();
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getSpanId()).isEqualTo(capture.getSpanContext().getSpanId());
        assertThat(delivery.getSpanContext().getTraceId()).isEqualTo(capture.getSpanContext().getTraceId());
    }

    @Test
    void withoutACurrentSpanNothingIsStored() {
        assertThat(TraceParent.current()).isNull();
    }

    @Test
    void aMissingOrMalformedValueStartsANewTrace() {
        for (String stored : new String[] { null, "", "  ", "not-a-traceparent", "00-0000-0000-01" }) {
            assertThat(Span.fromContext(TraceParent.parent(stored)).getSpanContext().isValid())
                    .as("parent of %s", stored).isFalse();
            assertThat(TraceParent.parent(stored)).isSameAs(Context.root());
        }
    }
}

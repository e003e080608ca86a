package io.cjm.platform.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Keeps every span the service ends, so that a {@code @QuarkusTest} can look at the traces it
 * made. A bean of the test-jar: Quarkus adds every {@code SpanProcessor} bean to the tracer.
 */
@Singleton
@Unremovable // looked up by Quarkus' OpenTelemetry set-up only, never injected
public class RecordedSpans implements SpanProcessor {

    private final ConcurrentLinkedQueue<SpanData> ended = new ConcurrentLinkedQueue<>();

    /** The first ended span that matches, waiting a little for spans that end asynchronously. */
    public SpanData await(String what, Predicate<SpanData> matches) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            Optional<SpanData> found = ended.stream().filter(matches).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("No span " + what + " among " + ended.stream().map(SpanData::getName).toList());
    }

    public List<SpanData> all() {
        return List.copyOf(ended);
    }

    /** Matches a span by name and the value of one string attribute. */
    public static Predicate<SpanData> named(String name, String attribute, String value) {
        return s -> s.getName().equals(name) && value.equals(s.getAttributes().get(AttributeKey.stringKey(attribute)));
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        ended.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}

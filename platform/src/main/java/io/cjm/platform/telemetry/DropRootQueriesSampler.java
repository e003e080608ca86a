package io.cjm.platform.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The services' sampler. It samples as {@code quarkus.otel.traces.sampler} says (parent-based,
 * always on, by default), except that a database query without a parent span is never
 * sampled.
 * <p>
 * Such a query comes from background polling outside any operation: the outbox relay leases
 * due rows every 200 ms, and the metrics gauges and the abandonment check read the database
 * on timers. Each poll would otherwise be a trace of its own, several per second per replica,
 * burying the traces of real work and keeping the exporter busy while the service is idle.
 * The work a poll finds runs in a span of its own (for example {@code OutboxRelay.deliver}),
 * so its queries have a parent and are sampled as usual.
 * <p>
 * Quarkus uses a {@code Sampler} bean in place of the configured sampler; it still drops the
 * health and metrics endpoints on top of this one.
 */
@Singleton
@Unremovable // looked up by Quarkus' OpenTelemetry set-up only, never injected
public class DropRootQueriesSampler implements Sampler {

    private final Sampler delegate;

    @Inject
    DropRootQueriesSampler(
            @ConfigProperty(name = "quarkus.otel.traces.sampler", defaultValue = "parentbased_always_on") String name,
            @ConfigProperty(name = "quarkus.otel.traces.sampler.arg") Optional<String> arg) {
        this(configured(name, arg));
    }

    /** Applies the rule on top of the given sampler. */
    public DropRootQueriesSampler(Sampler delegate) {
        this.delegate = delegate;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && isQuery(attributes)
                && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "DropRootQueries{" + delegate.getDescription() + "}";
    }

    /** A database client span: it has {@code db.*} attributes from its start. */
    private static boolean isQuery(Attributes attributes) {
        return attributes.asMap().keySet().stream().anyMatch(k -> k.getKey().startsWith("db."));
    }

    /** The sampler Quarkus would build from {@code quarkus.otel.traces.sampler} and its argument. */
    static Sampler configured(String name, Optional<String> arg) {
        double ratio = arg.map(Double::parseDouble).orElse(1.0);
        return switch (name) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            default -> Sampler.parentBased(Sampler.alwaysOn());
        };
    }
}

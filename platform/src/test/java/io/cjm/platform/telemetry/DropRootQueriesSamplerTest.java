package io.cjm.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DropRootQueriesSamplerTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final Attributes QUERY = Attributes.of(AttributeKey.stringKey("db.statement"),
            "UPDATE outbox SET leased_until = now()");
    private static final Attributes CALL = Attributes.of(AttributeKey.stringKey("rpc.method"), "Resolve");

    private final Sampler sampler = new DropRootQueriesSampler(Sampler.parentBased(Sampler.alwaysOn()));

    @Test
    void aQueryOutsideAnyOperationIsNotRecorded() {
        assertThat(decision(Context.root(), SpanKind.CLIENT, QUERY)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void aQueryInsideAnOperationIsRecorded() {
        assertThat(decision(sampledParent(), SpanKind.CLIENT, QUERY)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void callsAndOperationsStartTracesAsUsual() {
        assertThat(decision(Context.root(), SpanKind.CLIENT, CALL)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        for (SpanKind kind : List.of(SpanKind.SERVER, SpanKind.INTERNAL, SpanKind.CONSUMER)) {
            assertThat(decision(Context.root(), kind, Attributes.empty())).as(kind.name())
                    .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        }
    }

    @Test
    void theConfiguredSamplerStillDecidesEverythingElse() {
        Sampler off = new DropRootQueriesSampler(
                DropRootQueriesSampler.configured("parentbased_always_off", Optional.empty()));

        assertThat(off.shouldSample(Context.root(), TRACE_ID, "op", SpanKind.SERVER, Attributes.empty(), List.of())
                .getDecision()).isEqualTo(SamplingDecision.DROP);
        assertThat(DropRootQueriesSampler.configured("parentbased_traceidratio", Optional.of("0.25"))
                .getDescription()).contains("0.25");
    }

    private SamplingDecision decision(Context parent, SpanKind kind, Attributes attributes) {
        return sampler.shouldSample(parent, TRACE_ID, "span", kind, attributes, List.of()).getDecision();
    }

    private static Context sampledParent() {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE_ID, "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault())));
    }
}

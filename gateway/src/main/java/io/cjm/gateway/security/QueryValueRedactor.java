package io.cjm.gateway.security;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Keeps personal data out of the request spans: the query string of a request is recorded
 * with its parameter names only, each value replaced by {@code REDACTED}. A lookup such as
 * {@code GET /api/v1/profiles?identifier=email:ana@example.com} would otherwise export the
 * email address in the span's {@code url.query}.
 */
@Singleton
@Unremovable // looked up by Quarkus' OpenTelemetry set-up only, never injected
public class QueryValueRedactor implements SpanProcessor {

    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null && !query.isEmpty()) {
            span.setAttribute(URL_QUERY, redact(query));
        }
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }

    /** {@code a=1&b=x} becomes {@code a=REDACTED&b=REDACTED}; a bare name stays as it is. */
    static String redact(String query) {
        return Arrays.stream(query.split("&"))
                .map(p -> p.contains("=") ? p.substring(0, p.indexOf('=')) + "=REDACTED" : p)
                .collect(Collectors.joining("&"));
    }
}

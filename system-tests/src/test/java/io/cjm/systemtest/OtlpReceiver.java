package io.cjm.systemtest;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for an OpenTelemetry collector: accepts OTLP/HTTP protobuf at {@code /v1/traces}
 * on a free local port and keeps every span the services export, for the tests to look at.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One exported span, with its attributes as text. */
    record ExportedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            Span.SpanKind kind, Map<String, String> attributes, List<String> eventValues,
            Map<String, String> resource) {

        String attribute(String key) {
            return attributes.get(key);
        }

        boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        /** Every attribute value of the span, its events and its resource. */
        List<String> allValues() {
            return java.util.stream.Stream.of(attributes.values().stream(), eventValues.stream(),
                    resource.values().stream()).flatMap(s -> s).toList();
        }

        @Override
        public String toString() {
            return service + " " + name + " (" + kind + ", span " + spanId + ", parent "
                    + (parentSpanId.isEmpty() ? "none" : parentSpanId) + ") " + attributes;
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final ConcurrentLinkedQueue<ExportedSpan> spans = new ConcurrentLinkedQueue<>();

    OtlpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", this::export);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL to give the services as {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
    String endpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    List<ExportedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ExportedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private void export(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            for (ResourceSpans rs : request.getResourceSpansList()) {
                Map<String, String> resource = values(rs.getResource());
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        spans.add(new ExportedSpan(resource.getOrDefault("service.name", ""), hex(s.getTraceId()),
                                hex(s.getSpanId()), hex(s.getParentSpanId()), s.getName(), s.getKind(),
                                values(s.getAttributesList()),
                                s.getEventsList().stream().flatMap(e -> values(e.getAttributesList()).values().stream())
                                        .toList(),
                                resource));
                    }
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static Map<String, String> values(Resource resource) {
        return values(resource.getAttributesList());
    }

    private static Map<String, String> values(List<KeyValue> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            out.put(kv.getKey(), text(kv.getValue()));
        }
        return out;
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpReceiver::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> v.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + text(kv.getValue())).collect(Collectors.joining(",", "{", "}"));
            case BYTES_VALUE -> HEX.formatHex(v.getBytesValue().toByteArray());
            case VALUE_NOT_SET -> "";
        };
    }

    private static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.mapping.SegmentMapper;
import io.cjm.gateway.mapping.SegmentMapper.Call;
import io.cjm.gateway.mapping.SegmentMapper.Mapped;
import io.cjm.gateway.rest.model.CaptureResultBody;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.rest.model.SegmentResponseBody;
import io.cjm.gateway.security.WriteKeyAuthenticator;
import io.cjm.gateway.security.WriteKeyAuthenticator.WriteKeyCaller;
import io.cjm.gateway.service.ClientRateLimits.Limit;
import io.cjm.gateway.service.TokenBucket.Decision;
import io.cjm.gateway.service.WriteKeyRateLimits;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Segment-spec ingestion: the Segment HTTP tracking API's calls, so that Segment (and
 * RudderStack) libraries send to the suite unchanged. Authenticated by a tenant write key,
 * not a bearer token: the key is the user name of HTTP Basic (the password is ignored), or,
 * as the official Java and browser libraries send it, {@code writeKey} in the body. A key
 * only ingests, for its tenant. Each message becomes a touchpoint ({@link SegmentMapper});
 * capture is as for POST /api/v1/touchpoints: per-message results, nothing of a rejected
 * message stored, a resent messageId a duplicate.
 */
@Path("/v1")
@Consumes({ MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN })
@Produces(MediaType.APPLICATION_JSON)
public class SegmentResource {

    /** Segment's limit for one call. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** Segment's limit for a batch, which the official libraries keep to. */
    static final int MAX_BATCH_BYTES = 500 * 1024;
    /** Touchpoints per capture call (touchpoint-service's bound); a larger batch takes several. */
    static final int CAPTURE_CHUNK = 500;

    private final TouchpointClient touchpoints;
    private final WriteKeyAuthenticator keys;
    private final WriteKeyRateLimits limits;
    private final ObjectMapper json;

    SegmentResource(TouchpointClient touchpoints, WriteKeyAuthenticator keys, WriteKeyRateLimits limits,
            ObjectMapper json) {
        this.touchpoints = touchpoints;
        this.keys = keys;
        this.limits = limits;
        this.json = json;
    }

    @POST
    @Path("/track")
    @Operation(summary = "Segment track", description = "A Segment track call; the event name is the touchpoint type.")
    @RequestBody(required = true)
    public Uni<Response> track(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(Call.TRACK, authorization, body);
    }

    @POST
    @Path("/identify")
    @Operation(summary = "Segment identify", description = "A Segment identify call (touchpoint type Identify); "
            + "userId, anonymousId and the email and phone traits become identifiers.")
    @RequestBody(required = true)
    public Uni<Response> identify(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(Call.IDENTIFY, authorization, body);
    }

    @POST
    @Path("/page")
    @Operation(summary = "Segment page", description = "A Segment page call (touchpoint type Page Viewed).")
    @RequestBody(required = true)
    public Uni<Response> page(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(Call.PAGE, authorization, body);
    }

    @POST
    @Path("/screen")
    @Operation(summary = "Segment screen", description = "A Segment screen call (touchpoint type Screen Viewed, "
            + "channel mobile_app).")
    @RequestBody(required = true)
    public Uni<Response> screen(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(Call.SCREEN, authorization, body);
    }

    @POST
    @Path("/group")
    @Operation(summary = "Segment group", description = "A Segment group call (touchpoint type Group).")
    @RequestBody(required = true)
    public Uni<Response> group(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(Call.GROUP, authorization, body);
    }

    @POST
    @Path("/alias")
    @Operation(summary = "Segment alias", description = "A Segment alias call (touchpoint type Alias): previousId "
            + "and userId on one touchpoint, which links them.")
    @RequestBody(required = true)
    public Uni<Response> alias(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(Call.ALIAS, authorization, body);
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Segment batch", description = "{\"batch\": [messages with their type], \"context\", "
            + "\"sentAt\"}, at most 500 KB; 200 with a result per message.")
    @RequestBody(required = true)
    public Uni<Response> batch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(null, authorization, body);
    }

    /** Where the official Java library (analytics-java 3.x) posts its batches: {@code /v1/import/}. */
    @POST
    @Path("/import")
    @Operation(summary = "Segment import", description = "The same as /v1/batch: the path the official Java library "
            + "posts its batches to.")
    @RequestBody(required = true)
    public Uni<Response> importBatch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return ingest(null, authorization, body);
    }

    /** {@code call} null: a batch, each message naming its call in {@code type}. */
    private Uni<Response> ingest(Call call, String authorization, byte[] body) {
        boolean batch = call == null;
        int maxBytes = batch ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES;
        JsonNode root = null;
        ApiProblem unreadable = null;
        try {
            root = JsonBodies.read(json, body, maxBytes);
        } catch (ApiProblem p) {
            if (p.problem().status() == 413) {
                throw p;
            }
            unreadable = p;
        }
        String key = WriteKeyAuthenticator.basicUser(authorization);
        if (key == null && root != null && root.isObject() && root.path("writeKey").isTextual()) {
            key = root.get("writeKey").asText().strip();
        }
        if (key == null || key.isEmpty()) {
            return Uni.createFrom().item(unauthorized("Send a write key of your tenant as the user name of HTTP "
                    + "Basic authentication, or as writeKey in the body"));
        }
        JsonNode parsed = root;
        ApiProblem invalidJson = unreadable;
        return keys.authenticate(key).chain(caller -> {
            if (caller.isEmpty()) {
                return Uni.createFrom().item(unauthorized("The write key is not known, or it was revoked"));
            }
            Span.current().setAttribute("cjm.tenant", caller.get().tenantId());
            Decision decision = limits.tryAcquire(caller.get().tenantId(), caller.get().keyId());
            if (decision != null && !decision.allowed()) {
                return Uni.createFrom().item(tooManyRequests(decision));
            }
            if (invalidJson != null) {
                throw invalidJson;
            }
            return capture(caller.get(), call, parsed).map(answer -> withLimit(answer, decision));
        });
    }

    private Uni<Response> capture(WriteKeyCaller caller, Call call, JsonNode root) {
        boolean batch = call == null;
        List<JsonNode> messages = batch ? batchItems(root) : List.of(root);
        JsonNode context = batch ? root.get("context") : null;
        JsonNode sentAt = batch ? root.get("sentAt") : null;
        Instant now = Instant.now();
        List<Mapped> mapped = messages.stream().map(m -> SegmentMapper.map(m, call, context, sentAt, now)).toList();
        Span.current().setAttribute("cjm.touchpoint.count", mapped.size());
        List<Touchpoint> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        for (int i = 0; i < mapped.size(); i++) {
            if (mapped.get(i).errors().isEmpty()) {
                valid.add(mapped.get(i).touchpoint());
                validIndex.add(i);
            }
        }
        Uni<List<CaptureResult>> captured = Uni.createFrom().item(List.of());
        for (int from = 0; from < valid.size(); from += CAPTURE_CHUNK) {
            List<Touchpoint> chunk = valid.subList(from, Math.min(valid.size(), from + CAPTURE_CHUNK));
            int offset = from;
            captured = captured.chain(so -> touchpoints.capture(caller.tenantId(), chunk).map(results -> {
                List<CaptureResult> all = new ArrayList<>(so);
                results.forEach(r -> all.add(r.toBuilder().setIndex(r.getIndex() + offset).build()));
                return all;
            }));
        }
        return captured.map(results -> answer(batch, mapped, validIndex, results));
    }

    private static List<JsonNode> batchItems(JsonNode root) {
        if (!root.isObject()) {
            throw ApiProblem.invalid("", "a batch is {\"batch\": [...]}");
        }
        JsonNode array = root.get("batch");
        if (array == null || !array.isArray()) {
            throw ApiProblem.invalid("batch", "required: an array of messages");
        }
        if (array.isEmpty()) {
            throw ApiProblem.invalid("batch", "at least one message is required");
        }
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }

    /** 200 with every message's result, or 400 when no message could be taken. */
    private static Response answer(boolean batch, List<Mapped> mapped, List<Integer> validIndex,
            List<CaptureResult> captured) {
        CaptureResultBody[] results = new CaptureResultBody[mapped.size()];
        for (int i = 0; i < mapped.size(); i++) {
            Mapped m = mapped.get(i);
            if (!m.errors().isEmpty()) {
                results[i] = new CaptureResultBody(i, m.touchpoint().getId(), "rejected", m.errors());
            }
        }
        for (CaptureResult r : captured) {
            int i = validIndex.get(r.getIndex());
            Call call = mapped.get(i).call();
            String status = r.getStatus().name().substring("CAPTURE_STATUS_".length()).toLowerCase(Locale.ROOT);
            results[i] = new CaptureResultBody(i, r.getId(), status, r.getErrorsList().stream()
                    .map(e -> new FieldErrorBody(SegmentMapper.segmentField(call, e.getField()), e.getMessage()))
                    .toList());
        }
        List<CaptureResultBody> all = List.of(results);
        if (all.stream().allMatch(r -> r.status().equals("rejected"))) {
            List<FieldErrorBody> errors = all.stream().flatMap(r -> r.errors().stream()
                    .map(e -> new FieldErrorBody(path(batch, r.index(), e.field()), e.message()))).toList();
            throw new ApiProblem(400, "Invalid messages", batch ? "No message of the batch is valid"
                    : "The message is invalid", errors);
        }
        return Response.ok(new SegmentResponseBody(true, all)).build();
    }

    private static String path(boolean batch, int index, String field) {
        if (!batch) {
            return field;
        }
        return "batch[" + index + "]" + (field.isEmpty() ? "" : "." + field);
    }

    /** 401 problem+json asking for Basic credentials: the write key. */
    static Response unauthorized(String detail) {
        return Response.fromResponse(ProblemMapper.respond(Problem.of(401, "Unauthorized", detail)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"cjm write key\"").build();
    }

    private Response tooManyRequests(Decision decision) {
        Span.current().setAttribute("cjm.rate_limited", true);
        Limit limit = limits.limit();
        String detail = "This write key's limit is " + number(limit.rate()) + " requests a second with bursts of "
                + limit.burst() + "; retry in " + decision.retryAfterSeconds() + " s";
        return Response.fromResponse(ProblemMapper.respond(Problem.of(429, "Too many requests", detail)))
                .header("Retry-After", decision.retryAfterSeconds())
                .header("RateLimit-Limit", decision.limit())
                .header("RateLimit-Remaining", 0).build();
    }

    private static Response withLimit(Response response, Decision decision) {
        if (decision == null) {
            return response;
        }
        return Response.fromResponse(response).header("RateLimit-Limit", decision.limit())
                .header("RateLimit-Remaining", decision.remaining()).build();
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}

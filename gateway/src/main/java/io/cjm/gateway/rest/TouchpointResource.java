package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.mapping.TouchpointJsonMapper;
import io.cjm.gateway.mapping.TouchpointJsonMapper.Parsed;
import io.cjm.gateway.rest.model.CaptureResponseBody;
import io.cjm.gateway.rest.model.CaptureResultBody;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.security.CallerTenant;
import io.cjm.proto.touchpoint.v1.CaptureResult;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/** POST /api/v1/touchpoints: one touchpoint, or {"touchpoints": [...]}. */
@Path("/api/v1/touchpoints")
public class TouchpointResource {

    static final int MAX_BYTES = 1024 * 1024;
    static final int MAX_ITEMS = 500;

    private final TouchpointClient touchpoints;
    private final CallerTenant tenant;
    private final ObjectMapper json;

    TouchpointResource(TouchpointClient touchpoints, CallerTenant tenant, ObjectMapper json) {
        this.touchpoints = touchpoints;
        this.tenant = tenant;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("touchpoints-write")
    @Operation(summary = "Send touchpoints", description = "One touchpoint, or {\"touchpoints\":[...]} with at most "
            + "500 items and 1 MiB, each at most 32 KB. 202 with a result per item (accepted, duplicate, rejected); 400 when every item "
            + "is invalid; nothing of a rejected item is stored.")
    @RequestBody(required = true)
    public Uni<Response> capture(byte[] body) {
        String tenantId = tenant.id();
        JsonNode root = JsonBodies.read(json, body, MAX_BYTES);
        boolean batch = root.isObject() && root.has("touchpoints");
        List<JsonNode> items = batch ? batchItems(root) : List.of(root);
        if (!batch && root.isObject() && TouchpointJsonMapper.jsonSize(root) > TouchpointJsonMapper.MAX_ITEM_BYTES) {
            throw new ApiProblem(413, "Payload too large", "A touchpoint is at most "
                    + TouchpointJsonMapper.MAX_ITEM_BYTES + " bytes of JSON", List.of());
        }
        List<Parsed> parsed = items.stream().map(TouchpointJsonMapper::read).toList();
        Span span = Span.current().setAttribute("cjm.touchpoint.count", parsed.size());
        if (parsed.size() == 1 && !parsed.get(0).touchpoint().getId().isEmpty()) {
            span.setAttribute("cjm.touchpoint.id", parsed.get(0).touchpoint().getId());
        }
        List<Touchpoint> valid = new ArrayList<>();
        List<Integer> validIndex = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            if (parsed.get(i).errors().isEmpty()) {
                valid.add(parsed.get(i).touchpoint());
                validIndex.add(i);
            }
        }
        Uni<List<CaptureResult>> captured = valid.isEmpty() ? Uni.createFrom().item(List.of())
                : touchpoints.capture(tenantId, valid);
        return captured.map(results -> answer(batch, parsed, validIndex, results));
    }

    private static List<JsonNode> batchItems(JsonNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!name.equals("touchpoints")) {
                throw ApiProblem.invalid(name, "unknown field; a batch is {\"touchpoints\": [...]}");
            }
        }
        JsonNode array = root.get("touchpoints");
        if (!array.isArray()) {
            throw ApiProblem.invalid("touchpoints", "must be an array");
        }
        if (array.isEmpty()) {
            throw ApiProblem.invalid("touchpoints", "at least one touchpoint is required");
        }
        if (array.size() > MAX_ITEMS) {
            throw ApiProblem.invalid("touchpoints", "at most " + MAX_ITEMS + " touchpoints per request");
        }
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }

    /** 202 with every item's result, or 400 when no item could be taken. */
    private static Response answer(boolean batch, List<Parsed> parsed, List<Integer> validIndex,
            List<CaptureResult> captured) {
        CaptureResultBody[] results = new CaptureResultBody[parsed.size()];
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            if (!p.errors().isEmpty()) {
                results[i] = new CaptureResultBody(i, p.touchpoint().getId(), "rejected", p.errors());
            }
        }
        for (CaptureResult r : captured) {
            int i = validIndex.get(r.getIndex());
            String status = r.getStatus().name().substring("CAPTURE_STATUS_".length()).toLowerCase(Locale.ROOT);
            results[i] = new CaptureResultBody(i, r.getId(), status, r.getErrorsList().stream()
                    .map(e -> new FieldErrorBody(e.getField(), e.getMessage())).toList());
        }
        List<CaptureResultBody> all = List.of(results);
        if (all.stream().allMatch(r -> r.status().equals("rejected"))) {
            List<FieldErrorBody> errors = all.stream().flatMap(r -> r.errors().stream()
                    .map(e -> new FieldErrorBody(path(batch, r.index(), e.field()), e.message()))).toList();
            throw new ApiProblem(400, "Invalid touchpoints", batch ? "No touchpoint of the batch is valid"
                    : "The touchpoint is invalid", errors);
        }
        return Response.accepted(new CaptureResponseBody(all)).build();
    }

    private static String path(boolean batch, int index, String field) {
        if (!batch) {
            return field;
        }
        return "touchpoints[" + index + "]" + (field.isEmpty() ? "" : "." + field);
    }
}

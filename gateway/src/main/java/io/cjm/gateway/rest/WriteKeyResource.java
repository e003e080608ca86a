package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.rest.model.WriteKeyBody;
import io.cjm.gateway.rest.model.WriteKeyListBody;
import io.cjm.gateway.security.CallerSubject;
import io.cjm.gateway.security.CallerTenant;
import io.cjm.proto.touchpoint.v1.WriteKey;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The tenant's write keys, for its admins: the credentials Segment-spec clients send to
 * /v1/track, /v1/batch and the like. A key only ingests; it opens no /api/v1 call.
 */
@Path("/api/v1/write-keys")
@Produces(MediaType.APPLICATION_JSON)
public class WriteKeyResource {

    static final int MAX_BYTES = 64 * 1024;

    private final TouchpointClient touchpoints;
    private final CallerTenant tenant;
    private final CallerSubject subject;
    private final ObjectMapper json;

    WriteKeyResource(TouchpointClient touchpoints, CallerTenant tenant, CallerSubject subject, ObjectMapper json) {
        this.touchpoints = touchpoints;
        this.tenant = tenant;
        this.subject = subject;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Create a write key", description = "{\"name\": \"website\"}. 201 with the key and its "
            + "secret, which is shown this once: only its SHA-256 is stored. Segment-spec clients send the secret "
            + "as the user name of HTTP Basic (or as writeKey in the body).")
    @RequestBody(required = true)
    @APIResponse(responseCode = "201", description = "The key, with its secret",
            content = @Content(schema = @Schema(implementation = WriteKeyBody.class)))
    @APIResponse(responseCode = "400", description = "No valid name",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(byte[] body) {
        String tenantId = tenant.id();
        String name = name(JsonBodies.read(json, body, MAX_BYTES));
        return touchpoints.createWriteKey(tenantId, name, subject.id())
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid write key", field -> field))
                .map(created -> {
                    WriteKeyBody key = body(created.getWriteKey(), created.getSecret());
                    return Response.created(URI.create("/api/v1/write-keys/" + key.id())).entity(key).build();
                });
    }

    @GET
    @RolesAllowed("tenant-admin")
    @Operation(summary = "List write keys", description = "The tenant's write keys, newest first (at most 1,000), "
            + "revoked ones included with revokedAt; never a secret.")
    public Uni<WriteKeyListBody> list() {
        return touchpoints.writeKeys(tenant.id())
                .map(keys -> new WriteKeyListBody(keys.stream().map(k -> body(k, null)).toList()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Revoke a write key", description = "200 with the revoked key. Clients sending it get 401 "
            + "within cjm.gateway.write-keys.cache-ttl (30 s by default). Revoking again changes nothing; another "
            + "tenant's key is 404.")
    public Uni<WriteKeyBody> revoke(@PathParam("id") String id) {
        return touchpoints.revokeWriteKey(tenant.id(), id).map(key -> key.map(k -> body(k, null))
                .orElseThrow(() -> new ApiProblem(404, "Not found", "No write key " + id, List.of())));
    }

    /** {@code {"name": "..."}}: a string; its rules (1 to 100 characters) are touchpoint-service's. */
    private static String name(JsonNode node) {
        List<FieldErrorBody> errors = new ArrayList<>();
        if (!node.isObject()) {
            throw ApiProblem.invalid("", "the body must be a JSON object {\"name\": \"...\"}");
        }
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            if (!f.getKey().equals("name")) {
                errors.add(new FieldErrorBody(f.getKey(), "unknown field"));
            }
        }
        JsonNode name = node.get("name");
        if (name == null || name.isNull()) {
            errors.add(new FieldErrorBody("name", "required"));
        } else if (!name.isTextual()) {
            errors.add(new FieldErrorBody("name", "must be a string"));
        }
        JsonBodies.requireNoErrors("Invalid write key", errors);
        return name.asText();
    }

    static WriteKeyBody body(WriteKey k, String secret) {
        return new WriteKeyBody(k.getId(), k.getName(), k.getPrefix(), time(k.getCreatedAt()), k.getCreatedBy(),
                k.hasRevokedAt() ? time(k.getRevokedAt()) : null, secret);
    }

    private static String time(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
}

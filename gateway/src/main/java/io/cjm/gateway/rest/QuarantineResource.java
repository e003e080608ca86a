package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.mapping.AdminJsonMapper;
import io.cjm.gateway.mapping.ApiMapper;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.rest.model.QuarantinePageBody;
import io.cjm.gateway.rest.model.ReplayRequestBody;
import io.cjm.gateway.rest.model.ReplayResultBody;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The tenant's quarantined touchpoints (set aside after failing downstream too often): the
 * list, newest quarantine first, and for a tenant admin their replay into the pipeline.
 */
@Path("/api/v1/quarantine")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    static final int MAX_LIMIT = 500;
    static final int MAX_BYTES = 64 * 1024;

    private final TouchpointClient touchpoints;
    private final CallerTenant tenant;
    private final ObjectMapper json;

    QuarantineResource(TouchpointClient touchpoints, CallerTenant tenant, ObjectMapper json) {
        this.touchpoints = touchpoints;
        this.tenant = tenant;
        this.json = json;
    }

    @GET
    @RolesAllowed({ "journeys-read", "tenant-admin" })
    @Operation(summary = "List quarantined touchpoints", description = "Newest quarantine first, with the last "
            + "failure and the attempts made; page with limit (1 to 500, default 50) and cursor.")
    public Uni<QuarantinePageBody> list(@QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return touchpoints.quarantined(tenant.id(), limit, cursor)
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid query",
                        field -> field.equals("page_token") ? "cursor" : field))
                .map(ApiMapper::quarantine);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Replay quarantined touchpoints", description = "Lifts the quarantine of the named "
            + "touchpoints (or of all the tenant's, up to 1,000 per call, when touchpointIds is empty or left out) "
            + "and delivers them again from the first attempt. Idempotent: an id that is not quarantined, or not "
            + "the tenant's, is skipped and reported.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReplayRequestBody.class)))
    @APIResponse(responseCode = "200", description = "What was replayed and what was skipped",
            content = @Content(schema = @Schema(implementation = ReplayResultBody.class)))
    @APIResponse(responseCode = "400", description = "Invalid body, one error per field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ReplayResultBody> replay(byte[] body) {
        String tenantId = tenant.id();
        var parsed = AdminJsonMapper.replay(JsonBodies.read(json, body, MAX_BYTES));
        JsonBodies.requireNoErrors("Invalid replay request", parsed.errors());
        return touchpoints.replay(tenantId, parsed.value().touchpointIds())
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid replay request",
                        field -> field.replace("touchpoint_ids", "touchpointIds")))
                .map(ApiMapper::replay);
    }
}

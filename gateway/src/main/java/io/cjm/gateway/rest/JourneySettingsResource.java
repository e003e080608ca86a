package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.client.JourneyClient;
import io.cjm.gateway.mapping.JourneyDefinitionJsonMapper;
import io.cjm.gateway.rest.model.JourneySettingsBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The tenant's friction thresholds; a change re-assembles the tenant's journeys in the background. */
@Path("/api/v1/journey-settings")
@Produces(MediaType.APPLICATION_JSON)
public class JourneySettingsResource {

    static final int MAX_BYTES = 16 * 1024;
    private static final String TITLE = "Invalid journey settings";

    private final JourneyClient journeys;
    private final CallerTenant tenant;
    private final ObjectMapper json;

    JourneySettingsResource(JourneyClient journeys, CallerTenant tenant, ObjectMapper json) {
        this.journeys = journeys;
        this.tenant = tenant;
        this.json = json;
    }

    @GET
    @RolesAllowed({ "tenant-admin", "journeys-read" })
    @Operation(summary = "Read the friction thresholds", description = "The thresholds in force (the defaults, "
            + "version 1, until the tenant changes them). The ETag is the version.")
    public Uni<Response> get() {
        return journeys.settings(tenant.id()).map(s -> Response.ok(JourneyDefinitionJsonMapper.body(s))
                .tag(new EntityTag(String.valueOf(s.getVersion()))).build());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Replace the friction thresholds", description = "Every threshold is required; the "
            + "tenant's journeys are re-assembled with them in the background. If-Match with the ETag read makes "
            + "it conditional (412 when another version is in force). 400 names every invalid field.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = JourneySettingsBody.class)))
    @APIResponse(responseCode = "200", description = "The thresholds in force",
            content = @Content(schema = @Schema(implementation = JourneySettingsBody.class)))
    @APIResponse(responseCode = "400", description = "Invalid thresholds, one error per field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> put(@HeaderParam("If-Match") String ifMatch, byte[] body) {
        String tenantId = tenant.id();
        Integer expected = Preconditions.expectedVersion(ifMatch);
        var parsed = JourneyDefinitionJsonMapper.settings(JsonBodies.read(json, body, MAX_BYTES));
        JsonBodies.requireNoErrors(TITLE, parsed.errors());
        return journeys.updateSettings(tenantId, parsed.value(), expected)
                .onFailure().transform(e -> ApiProblem.withFields(e, TITLE, JourneyDefinitionJsonMapper::restField))
                .onFailure().transform(Preconditions::conflict)
                .map(s -> Response.ok(JourneyDefinitionJsonMapper.body(s))
                        .tag(new EntityTag(String.valueOf(s.getVersion()))).build());
    }
}

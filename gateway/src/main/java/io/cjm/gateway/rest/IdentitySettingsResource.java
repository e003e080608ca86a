package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.client.IdentityClient;
import io.cjm.gateway.mapping.AdminJsonMapper;
import io.cjm.gateway.mapping.ApiMapper;
import io.cjm.gateway.mapping.GrpcFieldErrors;
import io.cjm.gateway.rest.model.IdentitySettingsBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The tenant's identity resolution settings: phone region, gmail rule, custom types, blocked
 * values, priority and merge limits.
 */
@Path("/api/v1/identity/settings")
@Produces(MediaType.APPLICATION_JSON)
public class IdentitySettingsResource {

    static final int MAX_BYTES = 64 * 1024;

    private final IdentityClient identity;
    private final CallerTenant tenant;
    private final ObjectMapper json;

    IdentitySettingsResource(IdentityClient identity, CallerTenant tenant, ObjectMapper json) {
        this.identity = identity;
        this.tenant = tenant;
        this.json = json;
    }

    @GET
    @RolesAllowed({ "tenant-admin", "journeys-read" })
    @Operation(summary = "Read the identity settings", description = "The settings in force, with the defaults "
            + "written out for what the tenant never set.")
    public Uni<IdentitySettingsBody> get() {
        return identity.settings(tenant.id()).map(ApiMapper::settings);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Replace the identity settings", description = "Replaces every setting; a field left out "
            + "gets its default. They apply to touchpoints resolved from now on. 400 names every invalid field, "
            + "for example blockedPatterns[0] or limits.email.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = IdentitySettingsBody.class)))
    @APIResponse(responseCode = "200", description = "The settings in force",
            content = @Content(schema = @Schema(implementation = IdentitySettingsBody.class)))
    @APIResponse(responseCode = "400", description = "Invalid settings, one error per field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<IdentitySettingsBody> put(byte[] body) {
        String tenantId = tenant.id();
        var parsed = AdminJsonMapper.settings(JsonBodies.read(json, body, MAX_BYTES));
        JsonBodies.requireNoErrors("Invalid identity settings", parsed.errors());
        return identity.updateSettings(tenantId, ApiMapper.settingsRequest(parsed.value()))
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid identity settings",
                        GrpcFieldErrors.withoutPrefix("settings.")))
                .map(ApiMapper::settings);
    }
}

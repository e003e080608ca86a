package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.client.IdentityClient;
import io.cjm.gateway.mapping.AdminJsonMapper;
import io.cjm.gateway.mapping.ApiMapper;
import io.cjm.gateway.mapping.GrpcFieldErrors;
import io.cjm.gateway.rest.model.MergeRequestBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.rest.model.ProfileBody;
import io.cjm.gateway.rest.model.SplitRequestBody;
import io.cjm.gateway.rest.model.SplitResultBody;
import io.cjm.gateway.security.CallerSubject;
import io.cjm.gateway.security.CallerTenant;
import io.cjm.gateway.service.ProfileAdminService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Profiles: by id (a merged id answers with its survivor) or by any identifier; and for a
 * tenant admin, merging two profiles, splitting an identifier off one, and erasing one
 * everywhere.
 */
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("journeys-read")
public class ProfileResource {

    /** The admin bodies are small; this is far more than any needs. */
    static final int MAX_ADMIN_BYTES = 64 * 1024;

    private final IdentityClient identity;
    private final ProfileAdminService admin;
    private final CallerTenant tenant;
    private final CallerSubject caller;
    private final ObjectMapper json;

    ProfileResource(IdentityClient identity, ProfileAdminService admin, CallerTenant tenant, CallerSubject caller,
            ObjectMapper json) {
        this.identity = identity;
        this.admin = admin;
        this.tenant = tenant;
        this.caller = caller;
        this.json = json;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a profile", description = "Identifiers, merged ids, the merge log (merges and "
            + "splits, newest first) and the links merge protection refused (conflicts). A merged id answers with "
            + "the surviving profile, with merged true and requestedId the id asked for.")
    public Uni<ProfileBody> get(@PathParam("id") String id) {
        return identity.get(tenant.id(), id).map(p -> ApiMapper.profile(p.orElseThrow(() -> notFound(id))));
    }

    @GET
    @Operation(summary = "Look a profile up by an identifier", description = "identifier=TYPE:VALUE, "
            + "for example email:ana@example.com; the value is normalized as when linking.")
    public Uni<ProfileBody> lookup(@QueryParam("identifier") String identifier) {
        if (identifier == null || identifier.isBlank()) {
            throw ApiProblem.invalid("identifier", "required, as TYPE:VALUE");
        }
        int colon = identifier.indexOf(':');
        if (colon <= 0 || colon == identifier.length() - 1) {
            throw ApiProblem.invalid("identifier", "must be TYPE:VALUE, for example email:ana@example.com");
        }
        String type = identifier.substring(0, colon);
        String value = identifier.substring(colon + 1);
        return identity.lookup(tenant.id(), type, value)
                .map(p -> ApiMapper.profile(p.orElseThrow(() -> notFound(identifier))));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Erase a profile everywhere", description = "Deletes the profile and the ids merged "
            + "into it, with their identifiers (identity-service), touchpoints (touchpoint-service), journeys and "
            + "scores (journey-service, scoring-service). 204 once all are deleted; a repeated DELETE answers 204 "
            + "too. 503 when a service failed after the identity data was erased: the erasure is incomplete, and "
            + "repeating the DELETE completes it.")
    @APIResponse(responseCode = "204", description = "Erased everywhere (now or earlier)")
    @APIResponse(responseCode = "404", description = "No such profile in the tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Erasure incomplete: repeat the DELETE",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> erase(@PathParam("id") String id) {
        return admin.erase(tenant.id(), id, caller.id()).map(erased -> {
            erased.orElseThrow(() -> notFound(id));
            return Response.noContent().build();
        });
    }

    @POST
    @Path("/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Merge two profiles", description = "Merges otherProfileId and this profile, even beyond "
            + "the merge limits; the older profile survives and the other id keeps answering with it. The merge "
            + "is logged with the reason and the caller. 404 when either profile is unknown in the tenant.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = MergeRequestBody.class)))
    @APIResponse(responseCode = "200", description = "The surviving profile",
            content = @Content(schema = @Schema(implementation = ProfileBody.class)))
    public Uni<ProfileBody> merge(@PathParam("id") String id, byte[] body) {
        String tenantId = tenant.id();
        var parsed = AdminJsonMapper.merge(JsonBodies.read(json, body, MAX_ADMIN_BYTES));
        JsonBodies.requireNoErrors("Invalid merge", parsed.errors());
        MergeRequestBody merge = parsed.value();
        return admin.merge(tenantId, id, merge.otherProfileId(), caller.id(), merge.reason())
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid merge", ProfileResource::restField))
                .map(ApiMapper::profile);
    }

    @POST
    @Path("/{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Split an identifier off a profile", description = "The identifier (type and value, "
            + "normalized as when linking) becomes a profile of its own and never links with the profile's other "
            + "identifiers again. 404 when the profile does not hold it; 409 when it is the profile's only one.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = SplitRequestBody.class)))
    @APIResponse(responseCode = "200", description = "Both profiles after the split",
            content = @Content(schema = @Schema(implementation = SplitResultBody.class)))
    public Uni<SplitResultBody> split(@PathParam("id") String id, byte[] body) {
        String tenantId = tenant.id();
        var parsed = AdminJsonMapper.split(JsonBodies.read(json, body, MAX_ADMIN_BYTES));
        JsonBodies.requireNoErrors("Invalid split", parsed.errors());
        SplitRequestBody split = parsed.value();
        return admin.split(tenantId, id, split.type(), split.value(), caller.id(), split.reason())
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid split", ProfileResource::restField))
                .map(ApiMapper::split);
    }

    /** identity-service's field names in the REST request: profile_id is the path's id. */
    static String restField(String protoField) {
        return protoField.equals("profile_id") ? "id" : GrpcFieldErrors.camelCase(protoField);
    }

    static ApiProblem notFound(String what) {
        return new ApiProblem(404, "Not found", "No profile " + what, List.of());
    }
}

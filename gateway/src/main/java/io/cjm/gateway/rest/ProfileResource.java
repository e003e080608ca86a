package io.cjm.gateway.rest;

import io.cjm.gateway.client.IdentityClient;
import io.cjm.gateway.mapping.ApiMapper;
import io.cjm.gateway.rest.model.ProfileBody;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Profiles: by id (a merged id answers with its survivor) or by any identifier. */
@Path("/api/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("journeys-read")
public class ProfileResource {

    private final IdentityClient identity;
    private final CallerTenant tenant;

    ProfileResource(IdentityClient identity, CallerTenant tenant) {
        this.identity = identity;
        this.tenant = tenant;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a profile", description = "A merged id answers with the surviving profile, "
            + "with requestedId and merged set.")
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

    static ApiProblem notFound(String what) {
        return new ApiProblem(404, "Not found", "No profile " + what, List.of());
    }
}

package io.cjm.gateway.rest;

import io.cjm.gateway.client.JourneyClient;
import io.cjm.gateway.client.ScoringClient;
import io.cjm.gateway.mapping.ApiMapper;
import io.cjm.gateway.rest.model.JourneyBody;
import io.cjm.gateway.rest.model.JourneyPageBody;
import io.cjm.gateway.security.CallerTenant;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Journeys: filtered lists, and one journey with its JES breakdown. */
@Path("/api/v1/journeys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("journeys-read")
public class JourneyResource {

    static final int MAX_LIMIT = 500;

    private final JourneyClient journeys;
    private final ScoringClient scoring;
    private final CallerTenant tenant;

    JourneyResource(JourneyClient journeys, ScoringClient scoring, CallerTenant tenant) {
        this.journeys = journeys;
        this.scoring = scoring;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "List journeys", description = "Newest activity first; filter by profileId, type "
            + "(journey definition key) and status (open, completed, failed, abandoned); page with limit and cursor.")
    public Uni<JourneyPageBody> list(@QueryParam("profileId") String profileId, @QueryParam("type") String type,
            @QueryParam("status") String status, @QueryParam("limit") @DefaultValue("50") int limit,
            @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        ListJourneysRequest.Builder request = ListJourneysRequest.newBuilder().setTenantId(tenant.id())
                .setPageSize(limit);
        if (profileId != null) {
            request.setProfileId(profileId);
        }
        if (type != null) {
            request.setType(type);
        }
        if (status != null) {
            JourneyStatus s = ApiMapper.status(status);
            if (s == null) {
                throw ApiProblem.invalid("status", "must be one of open, completed, failed, abandoned");
            }
            request.setStatus(s);
        }
        if (cursor != null) {
            request.setPageToken(cursor);
        }
        return journeys.list(request.build()).map(page -> new JourneyPageBody(
                page.getJourneysList().stream().map(j -> ApiMapper.journey(j, null)).toList(),
                page.getNextPageToken().isEmpty() ? null : page.getNextPageToken()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a journey", description = "Type, status, stage, times, touchpoints, handoffs, "
            + "friction and the JES with its breakdown.")
    public Uni<JourneyBody> get(@PathParam("id") String id) {
        String tenantId = tenant.id();
        return journeys.get(tenantId, id).chain(found -> {
            var journey = found.orElseThrow(() -> new ApiProblem(404, "Not found", "No journey " + id, List.of()));
            return scoring.score(tenantId, id).map(score -> ApiMapper.journey(journey, score.orElse(null)));
        });
    }
}

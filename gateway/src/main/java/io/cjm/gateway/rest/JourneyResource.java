package io.cjm.gateway.rest;

import io.cjm.gateway.client.JourneyClient;
import io.cjm.gateway.client.ScoringClient;
import io.cjm.gateway.mapping.ApiMapper;
import io.cjm.gateway.mapping.JourneyQueryMapper;
import io.cjm.gateway.rest.model.JourneyBody;
import io.cjm.gateway.rest.model.JourneyPageBody;
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

/** Journeys: filtered lists, and one journey with its JES breakdown. */
@Path("/api/v1/journeys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("journeys-read")
public class JourneyResource {

    private final JourneyClient journeys;
    private final ScoringClient scoring;
    private final CallerTenant tenant;

    JourneyResource(JourneyClient journeys, ScoringClient scoring, CallerTenant tenant) {
        this.journeys = journeys;
        this.scoring = scoring;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "List journeys", description = "Newest activity first (then id). Filter by profileId, "
            + "type (journey definition key), status (open, completed, failed, abandoned), stage, the activity "
            + "window from/to (RFC 3339; journeys whose activity overlaps [from, to): last activity at or after "
            + "from, started before to) and the JES range minJes/maxJes (0 to 100, inclusive; journeys without a "
            + "JES are left out when either is set). Page with limit (1 to 500, default 50) and cursor, the "
            + "opaque nextCursor of the previous page. A bad parameter gets 400 naming it.")
    public Uni<JourneyPageBody> list(@QueryParam("profileId") String profileId, @QueryParam("type") String type,
            @QueryParam("status") String status, @QueryParam("stage") String stage, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("minJes") String minJes, @QueryParam("maxJes") String maxJes,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        JourneyQueryMapper.Parsed parsed = JourneyQueryMapper.request(tenant.id(), new JourneyQueryMapper.Params(
                profileId, type, status, stage, from, to, minJes, maxJes, limit, cursor));
        if (!parsed.errors().isEmpty()) {
            throw ApiProblem.invalid("Invalid query", parsed.errors());
        }
        return journeys.list(parsed.request())
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid query", JourneyQueryMapper::restField))
                .map(page -> new JourneyPageBody(
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

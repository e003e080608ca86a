package io.cjm.gateway.rest;

import io.cjm.gateway.client.ScoringClient;
import io.cjm.gateway.mapping.JesSeriesQueryMapper;
import io.cjm.gateway.rest.model.JesSeriesBody;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Analytics over the tenant's journeys: the JES series. */
@Path("/api/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("journeys-read")
public class AnalyticsResource {

    private final ScoringClient scoring;
    private final CallerTenant tenant;

    AnalyticsResource(ScoringClient scoring, CallerTenant tenant) {
        this.scoring = scoring;
        this.tenant = tenant;
    }

    @GET
    @Path("/jes")
    @Operation(summary = "JES over time", description = "The JES of the tenant's journeys whose last activity is "
            + "in [from, to) (RFC 3339, required), per UTC day, ISO week or month (interval, default day) and per "
            + "journey type, channel or stage (groupBy, default type); type keeps one journey type. Each bucket "
            + "has the number of journeys, mean, min, max, median and 90th percentile JES and the outcomes. A "
            + "journey counts once in every channel it touched. At most 1,000 buckets; a bad parameter is 400 "
            + "naming it.")
    public Uni<JesSeriesBody> jes(@QueryParam("groupBy") String groupBy, @QueryParam("interval") String interval,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("type") String type) {
        var parsed = JesSeriesQueryMapper.request(tenant.id(),
                new JesSeriesQueryMapper.Params(groupBy, interval, from, to, type));
        if (!parsed.errors().isEmpty()) {
            throw ApiProblem.invalid("Invalid query", parsed.errors());
        }
        return scoring.series(parsed.request())
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid query", JesSeriesQueryMapper::restField))
                .map(r -> JesSeriesQueryMapper.body(parsed.request(), r));
    }
}

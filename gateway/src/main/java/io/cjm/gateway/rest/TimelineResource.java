package io.cjm.gateway.rest;

import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.rest.model.TimelineBody;
import io.cjm.gateway.security.CallerTenant;
import io.cjm.gateway.service.TimelineService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The agent timeline: everything a profile did and said, newest first, with its journeys. */
@Path("/api/v1/profiles/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("journeys-read")
public class TimelineResource {

    /** The largest page of touchpoints, and the page when limit is left out. */
    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 50;

    private final TimelineService timeline;
    private final CallerTenant tenant;

    TimelineResource(TimelineService timeline, CallerTenant tenant) {
        this.timeline = timeline;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "Read a profile's timeline", description = "What an agent needs before answering: the "
            + "profile, one page of its touchpoints on every channel, newest first (occurredAt, then id, both "
            + "descending), each with its content (text and attachment references), contact-center fields and the "
            + "journey it belongs to (when that journey is listed); every open journey (at most 100) with its "
            + "stage, friction so far and JES; and the 20 most recently active closed journeys (completed, failed, "
            + "abandoned), with their status and JES (moreClosedJourneys says when there may be more: GET "
            + "/journeys?profileId= lists them). A "
            + "merged id answers for the surviving profile, with profile.merged true. Only touchpoints whose "
            + "identity has been resolved appear. Page with limit (1 to 200, default 50) and cursor, the opaque "
            + "nextCursor of the previous page; touchpoints that arrive meanwhile never shift a later page.")
    @APIResponse(responseCode = "200", description = "The timeline page",
            content = @Content(schema = @Schema(implementation = TimelineBody.class)))
    @APIResponse(responseCode = "400", description = "A bad limit or cursor, named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such profile in the tenant",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TimelineBody> get(@PathParam("id") String id,
            @Parameter(description = "Touchpoints per page, 1 to 200 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page; left out for the first page")
            @QueryParam("cursor") String cursor, @Context UriInfo uri) {
        // An empty parameter (?limit= or ?cursor=) arrives here as null, like an absent one;
        // it is a bad parameter, not a left-out one.
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        if (limit == null && query.containsKey("limit")) {
            limit = "";
        }
        if (cursor == null && query.containsKey("cursor")) {
            cursor = "";
        }
        List<FieldErrorBody> errors = new ArrayList<>();
        int size = limit(limit, errors);
        if (cursor != null && cursor.isEmpty()) {
            errors.add(new FieldErrorBody("cursor", "must not be empty; leave it out for the first page"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid("Invalid query", errors);
        }
        return timeline.timeline(tenant.id(), id, size, cursor)
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid query",
                        field -> field.equals("page_token") ? "cursor" : field))
                .map(body -> body.orElseThrow(() -> ProfileResource.notFound(id)));
    }

    private static int limit(String value, List<FieldErrorBody> errors) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldErrorBody("limit", "must be an integer between 1 and " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }
}

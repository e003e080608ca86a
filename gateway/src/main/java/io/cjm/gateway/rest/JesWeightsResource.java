package io.cjm.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.client.RescoreClient;
import io.cjm.gateway.client.ScoringClient;
import io.cjm.gateway.mapping.JesWeightsJsonMapper;
import io.cjm.gateway.rest.model.JesWeightsBody;
import io.cjm.gateway.rest.model.JesWeightsListBody;
import io.cjm.gateway.rest.model.JourneyTypeWeightsBody;
import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The tenant's JES weights per journey type, and changing them (which re-scores the journeys). */
@Path("/api/v1/jes-weights")
@Produces(MediaType.APPLICATION_JSON)
public class JesWeightsResource {

    static final int MAX_BYTES = 16 * 1024;

    private final ScoringClient scoring;
    private final RescoreClient rescore;
    private final CallerTenant tenant;
    private final ObjectMapper json;

    JesWeightsResource(ScoringClient scoring, RescoreClient rescore, CallerTenant tenant, ObjectMapper json) {
        this.scoring = scoring;
        this.rescore = rescore;
        this.tenant = tenant;
        this.json = json;
    }

    @GET
    @RolesAllowed("journeys-read")
    @Operation(summary = "Read the JES weights", description = "The documented defaults, and every journey type "
            + "the tenant set weights for, with its revision and the model version its scores carry.")
    public Uni<JesWeightsListBody> get() {
        return scoring.weights(tenant.id()).map(r -> new JesWeightsListBody(
                JesWeightsJsonMapper.body(r.getDefaults()),
                r.getJourneyTypesList().stream().map(w -> JesWeightsJsonMapper.body(w, null)).toList()));
    }

    @PUT
    @Path("/{journeyType}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("tenant-admin")
    @Operation(summary = "Set the JES weights of a journey type", description = "Replaces the weights of the "
            + "journey type; a weight left out gets its default. Changed weights are a new revision: scores "
            + "computed with them carry the model version jes-1.1+<journeyType>.w<revision>, and every journey of "
            + "the type is re-scored within seconds. Sending the weights in force again changes nothing (and "
            + "re-scores again, so a PUT that failed half-way can simply be repeated). 400 names every bad field.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = JesWeightsBody.class)))
    @APIResponse(responseCode = "200", description = "The weights in force, with how many journeys are re-scored",
            content = @Content(schema = @Schema(implementation = JourneyTypeWeightsBody.class)))
    @APIResponse(responseCode = "400", description = "Invalid weights, one error per field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<JourneyTypeWeightsBody> put(@PathParam("journeyType") String journeyType, byte[] body) {
        String tenantId = tenant.id();
        var parsed = JesWeightsJsonMapper.weights(JsonBodies.read(json, body, MAX_BYTES));
        JsonBodies.requireNoErrors("Invalid JES weights", parsed.errors());
        // Weights first, then the re-scoring: journeys marked before the weights are stored
        // would be scored with the old ones.
        return scoring.updateWeights(tenantId, journeyType, parsed.weights())
                .onFailure().transform(e -> ApiProblem.withFields(e, "Invalid JES weights",
                        JesWeightsJsonMapper::restField))
                .chain(w -> rescore.rescore(tenantId, w.getJourneyType())
                        .map(n -> JesWeightsJsonMapper.body(w, n)));
    }
}

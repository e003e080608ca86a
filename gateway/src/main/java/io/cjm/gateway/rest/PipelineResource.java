package io.cjm.gateway.rest;

import io.cjm.gateway.client.TouchpointClient;
import io.cjm.gateway.mapping.ApiMapper;
import io.cjm.gateway.rest.model.PipelineBody;
import io.cjm.gateway.security.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** How far the tenant's touchpoints went, and how fresh the results are. */
@Path("/api/v1/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("journeys-read")
public class PipelineResource {

    private final TouchpointClient touchpoints;
    private final CallerTenant tenant;

    PipelineResource(TouchpointClient touchpoints, CallerTenant tenant) {
        this.touchpoints = touchpoints;
        this.tenant = tenant;
    }

    @GET
    @Operation(summary = "Pipeline counts", description = "accepted, resolved, assembled, scored, pending, "
            + "quarantined, and oldestPendingSeconds.")
    public Uni<PipelineBody> get() {
        return touchpoints.pipeline(tenant.id()).map(ApiMapper::pipeline);
    }
}

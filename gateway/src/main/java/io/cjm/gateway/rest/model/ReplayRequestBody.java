package io.cjm.gateway.rest.model;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of POST /quarantine/replay. */
@Schema(description = "The quarantined touchpoints to deliver again; empty or left out means all of the tenant's "
        + "(up to 1,000 per call).")
public record ReplayRequestBody(
        @Schema(description = "Touchpoint ids, at most 1,000") List<String> touchpointIds) {
}

package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A journey with its touchpoints, handoffs, friction and JES. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneyBody(String id, String profileId, String type, String category, String status, String stage,
        String startedAt, String lastActivityAt, String endedAt, List<String> touchpointIds, List<HandoffBody> handoffs,
        List<FrictionBody> friction, JesBody jes, Integer definitionVersion) {

    /** A change of channel between consecutive touchpoints. */
    public record HandoffBody(String from, String to, long gapSeconds, String fromTouchpointId,
            String toTouchpointId) {
    }

    /** A friction signal with its evidence. */
    public record FrictionBody(String kind, List<String> touchpointIds, String detail) {
    }

    /** The JES: the score, and when known its model version and breakdown. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JesBody(double score, String modelVersion, String scoredAt, List<FactorBody> breakdown) {
    }

    /** One factor of the JES: its points and the touchpoints behind it. */
    public record FactorBody(String factor, double points, List<String> touchpointIds, String detail) {
    }
}

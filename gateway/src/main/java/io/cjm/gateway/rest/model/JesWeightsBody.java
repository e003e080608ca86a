package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The weights of the JES model (see the scoring-service README). Outcome points and base are
 * signed; every penalty, cap and scale is a positive magnitude. In a PUT a field left out gets
 * its default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "JES weights; in a PUT, a field left out gets its documented default")
public record JesWeightsBody(
        @Schema(description = "Points every journey starts with, 0 to 100 (default 70)") Double base,
        @Schema(description = "Outcome of a completed journey, -100 to 100 (default 15)") Double completedPoints,
        @Schema(description = "Outcome of a failed journey, -100 to 100 (default -20)") Double failedPoints,
        @Schema(description = "Outcome of an abandoned journey, -100 to 100 (default -15)") Double abandonedPoints,
        @Schema(description = "Outcome of an open journey, -100 to 100 (default 0)") Double openPoints,
        @Schema(description = "Per touchpoint beyond the expected number, 0 to 100 (default 2)") Double extraTouchpointPenalty,
        @Schema(description = "The most extra touchpoints cost, 0 to 100 (default 10)") Double extraTouchpointCap,
        @Schema(description = "Longer than the expected duration, 0 to 100 (default 3)") Double overDurationPenalty,
        @Schema(description = "More than twice as long, 0 to 100 (default 6)") Double farOverDurationPenalty,
        @Schema(description = "Per channel handoff, 0 to 100 (default 2)") Double handoffPenalty,
        @Schema(description = "The most handoffs cost, 0 to 100 (default 8)") Double handoffCap,
        @Schema(description = "Per friction signal of another kind, 0 to 100 (default 3)") Double frictionSignalPenalty,
        @Schema(description = "Per signal of these friction kinds, 0 to 100 each (default repeat_contact 4, "
                + "transfer 4); when sent, it replaces the default map") Map<String, Double> frictionKindPenalties,
        @Schema(description = "The most all friction costs, 0 to 100 (default 50)") Double frictionCap,
        @Schema(description = "The CSAT that adds nothing, 1 to 5 (default 3)") Double csatNeutral,
        @Schema(description = "Points per CSAT step, 0 to 100 (default 5)") Double csatPointsPerStep,
        @Schema(description = "The NPS that adds nothing, 0 to 10 (default 7)") Double npsNeutral,
        @Schema(description = "Points per NPS step, 0 to 100 (default 2)") Double npsPointsPerStep,
        @Schema(description = "The most satisfaction adds or costs, 0 to 100 (default 15)") Double satisfactionCap,
        @Schema(description = "Points for a mean sentiment of 1, 0 to 100 (default 15)") Double sentimentScale) {
}

package io.cjm.scoring.domain;

import java.util.List;
import java.util.Objects;

/**
 * One friction signal found in a journey.
 *
 * @param kind the friction kind's wire name, e.g. {@code repeat_contact}
 * @param touchpointIds the touchpoints that show it
 */
public record FrictionInput(String kind, List<String> touchpointIds) {

    public FrictionInput {
        Objects.requireNonNull(kind, "kind");
        touchpointIds = touchpointIds == null ? List.of() : List.copyOf(touchpointIds);
    }
}

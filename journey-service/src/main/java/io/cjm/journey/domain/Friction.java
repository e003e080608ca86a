package io.cjm.journey.domain;

import java.util.List;

/**
 * One friction signal in a journey.
 *
 * @param kind one of the {@link FrictionKind} constants
 * @param touchpointIds the evidence, in journey order
 * @param detail a short sentence for people, e.g. "Waited 300 s (threshold 180 s)"
 */
public record Friction(String kind, List<String> touchpointIds, String detail) {

    public Friction {
        touchpointIds = List.copyOf(touchpointIds);
    }
}

package io.cjm.scoring.domain;

import java.util.List;

/**
 * One line of a JES breakdown.
 *
 * @param factor the factor name: {@code base}, {@code outcome}, {@code effort},
 *     {@code handoffs}, {@code friction.<kind>}, {@code satisfaction}, {@code sentiment} or
 *     {@code bounds}
 * @param points the contribution to the score, a multiple of 0.1
 * @param touchpointIds the evidence
 * @param detail a short explanation for people
 */
public record Factor(String factor, double points, List<String> touchpointIds, String detail) {

    public Factor {
        touchpointIds = List.copyOf(touchpointIds);
    }
}

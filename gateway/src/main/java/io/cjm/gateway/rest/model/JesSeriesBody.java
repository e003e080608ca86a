package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A JES series: buckets by time (UTC) and group, oldest first, then by group; a bucket without
 * journeys is left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JesSeriesBody(String groupBy, String interval, String from, String to, String type,
        List<Bucket> buckets) {

    /**
     * The journeys of one group whose last activity is in one time bucket.
     *
     * @param start the bucket's start, inclusive: UTC midnight, Monday or the 1st of the month
     * @param group the journey type, channel or stage ("" for journeys without a stage)
     */
    public record Bucket(String start, String group, int journeys, double averageJes, double minJes, double maxJes,
            double p50Jes, double p90Jes, int open, int completed, int failedOrAbandoned) {
    }
}

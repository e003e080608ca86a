package io.cjm.gateway.rest.model;

import java.util.List;

/**
 * The 200 answer of the Segment-spec endpoints: {@code success} as Segment answers (the
 * request was taken; the official libraries read only this), and one result per message,
 * in request order, as POST /touchpoints gives them ({@code id} is the messageId).
 */
public record SegmentResponseBody(boolean success, List<CaptureResultBody> results) {
}

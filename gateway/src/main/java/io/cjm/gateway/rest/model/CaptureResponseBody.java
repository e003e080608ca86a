package io.cjm.gateway.rest.model;

import java.util.List;

/** The 202 answer to POST /touchpoints: one result per item, in request order. */
public record CaptureResponseBody(List<CaptureResultBody> results) {
}

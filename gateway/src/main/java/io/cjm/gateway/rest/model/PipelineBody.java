package io.cjm.gateway.rest.model;

/** The tenant's touchpoints by pipeline step, and the age of the oldest pending one. */
public record PipelineBody(long accepted, long resolved, long assembled, long scored, long pending, long quarantined,
        long oldestPendingSeconds) {
}

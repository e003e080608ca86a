package io.cjm.journey.service;

/** scoring-service did not confirm a deletion that must happen before the caller's call can succeed. */
public class ScoringUnavailableException extends RuntimeException {

    public ScoringUnavailableException(Throwable cause) {
        super("scoring-service did not confirm the deletion of the journeys' scores", cause);
    }
}

package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A profile; requestedId and merged are set when the id asked for was merged into this one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileBody(String id, String createdAt, List<IdentifierBody> identifiers, List<String> mergedIds,
        String requestedId, Boolean merged) {

    /** One identifier of the profile. */
    public record IdentifierBody(String type, String value, String firstSeen, String lastSeen) {
    }
}

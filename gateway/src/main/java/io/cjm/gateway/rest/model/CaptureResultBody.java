package io.cjm.gateway.rest.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** What happened to one posted touchpoint: accepted, duplicate or rejected (with errors). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CaptureResultBody(int index, String id, String status, List<FieldErrorBody> errors) {
}

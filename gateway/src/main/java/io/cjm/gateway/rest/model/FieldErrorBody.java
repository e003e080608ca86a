package io.cjm.gateway.rest.model;

/** One invalid field: its JSON path and what is wrong. */
public record FieldErrorBody(String field, String message) {
}

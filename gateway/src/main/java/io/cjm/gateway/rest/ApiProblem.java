package io.cjm.gateway.rest;

import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.Problem;
import java.util.List;

/**
 * Ends a request with a problem+json answer. The detail goes to the caller only: the
 * exception's own message is the status and title, because the request's span records it,
 * and a detail may quote what the caller sent (an identifier looked up, a JSON token).
 */
public class ApiProblem extends RuntimeException {

    private final Problem problem;

    public ApiProblem(int status, String title, String detail, List<FieldErrorBody> errors) {
        super(status + " " + title, null, false, false);
        this.problem = new Problem("about:blank", title, status, detail, errors);
    }

    /** 400 naming one invalid field. */
    public static ApiProblem invalid(String field, String message) {
        return new ApiProblem(400, "Invalid request", field + ": " + message,
                List.of(new FieldErrorBody(field, message)));
    }

    public Problem problem() {
        return problem;
    }
}

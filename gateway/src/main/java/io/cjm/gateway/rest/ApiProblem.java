package io.cjm.gateway.rest;

import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.Problem;
import java.util.List;

/** Ends a request with a problem+json answer. */
public class ApiProblem extends RuntimeException {

    private final Problem problem;

    public ApiProblem(int status, String title, String detail, List<FieldErrorBody> errors) {
        super(title + ": " + detail, null, false, false);
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

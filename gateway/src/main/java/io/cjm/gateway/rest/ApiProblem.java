package io.cjm.gateway.rest;

import io.cjm.gateway.mapping.GrpcFieldErrors;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.Problem;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.function.UnaryOperator;

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

    /** 400 naming every invalid field; the detail lists them as {@code field: message}. */
    public static ApiProblem invalid(String title, List<FieldErrorBody> errors) {
        return new ApiProblem(400, title, errors.stream().map(e -> e.field().isEmpty() ? e.message()
                : e.field() + ": " + e.message()).collect(java.util.stream.Collectors.joining("; ")), errors);
    }

    /**
     * A service's INVALID_ARGUMENT as 400 with one error per field of the REST request
     * ({@code restField} renames the proto field); any other failure is left as it is, for
     * {@link ProblemMapper}.
     */
    public static Throwable withFields(Throwable failure, String title, UnaryOperator<String> restField) {
        if (failure instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
            List<FieldErrorBody> errors = GrpcFieldErrors.parse(s.getStatus().getDescription(), restField);
            return errors.isEmpty() ? failure : invalid(title, errors);
        }
        return failure;
    }

    public Problem problem() {
        return problem;
    }
}

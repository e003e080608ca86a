package io.cjm.gateway.rest;

import io.cjm.gateway.rest.model.Problem;
import io.cjm.gateway.service.ProfileAdminService.ErasureIncomplete;
import io.grpc.StatusRuntimeException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API as application/problem+json (RFC 9457). */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response grpc(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> respond(Problem.of(404, "Not found", description));
            case INVALID_ARGUMENT -> respond(Problem.of(400, "Invalid request", description));
            case FAILED_PRECONDITION -> respond(Problem.of(409, "Conflict", description));
            case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> {
                LOG.warnf("Service behind the gateway unavailable: %s", e.getStatus());
                yield respond(Problem.of(503, "Service unavailable",
                        "A service behind the gateway did not answer; retry later"));
            }
            default -> {
                LOG.errorf(e, "Unexpected answer from a service: %s", e.getStatus());
                yield respond(Problem.of(502, "Bad gateway", "A service behind the gateway failed"));
            }
        };
    }

    @ServerExceptionMapper
    public Response erasureIncomplete(ErasureIncomplete e) {
        return Response.fromResponse(respond(Problem.of(503, "Erasure incomplete", "The profile's identity data "
                + "is erased, but deleting its " + e.step() + " failed; the erasure is incomplete. Repeat the "
                + "DELETE to complete it."))).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e) {
        return respond(Problem.of(415, "Unsupported media type", "Send application/json"));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(Problem.of(404, "Not found", "No such resource"));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return respond(Problem.of(405, "Method not allowed", e.getMessage()));
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(respond(Problem.of(401, "Unauthorized",
                "Send a valid bearer token of the suite's Keycloak realm")))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "The token does not allow this call"));
    }

    static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}

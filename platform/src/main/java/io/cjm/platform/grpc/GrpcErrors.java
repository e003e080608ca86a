package io.cjm.platform.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** The gRPC status errors the services answer with, each with a description. */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /** NOT_FOUND: the thing does not exist in the caller's tenant (or at all). */
    public static StatusRuntimeException notFound(String what, String id) {
        return Status.NOT_FOUND.withDescription(what + " " + id + " not found").asRuntimeException();
    }

    /** INVALID_ARGUMENT naming the field. */
    public static StatusRuntimeException invalid(String field, String message) {
        return Status.INVALID_ARGUMENT.withDescription(field + ": " + message).asRuntimeException();
    }

    /** FAILED_PRECONDITION: the request is well formed but the current state does not allow it. */
    public static StatusRuntimeException failedPrecondition(String message) {
        return Status.FAILED_PRECONDITION.withDescription(message).asRuntimeException();
    }

    /** Every request carries the tenant the gateway took from the token. */
    public static String requireTenant(String tenantId) {
        if (tenantId == null || tenantId.isBlank()) {
            throw invalid("tenant_id", "required");
        }
        return tenantId;
    }
}

package io.cjm.gateway.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** Turns a gRPC NOT_FOUND into an empty result; every other failure passes through. */
final class NotFound {

    private NotFound() {
    }

    static <T> Uni<Optional<T>> asEmpty(Uni<T> call) {
        return call.map(Optional::of).onFailure(NotFound::isNotFound).recoverWithItem(Optional.empty());
    }

    static boolean isNotFound(Throwable t) {
        return t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
}

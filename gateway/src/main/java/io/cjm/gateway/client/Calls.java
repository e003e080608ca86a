package io.cjm.gateway.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;

/**
 * What every call from the gateway to a service gets: a time limit (a service that does not
 * answer in time is reported as DEADLINE_EXCEEDED, which the API answers with 503), and for
 * reads, NOT_FOUND turned into an empty result.
 */
final class Calls {

    /** How long the gateway waits for a service before it gives up. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Calls() {
    }

    static <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem().after(TIMEOUT).failWith(() -> Status.DEADLINE_EXCEEDED
                .withDescription("no answer within " + TIMEOUT.toSeconds() + " s").asRuntimeException());
    }

    static <T> Uni<Optional<T>> notFoundAsEmpty(Uni<T> call) {
        return bounded(call).map(Optional::of).onFailure(Calls::isNotFound).recoverWithItem(Optional.empty());
    }

    static boolean isNotFound(Throwable t) {
        return t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND;
    }
}

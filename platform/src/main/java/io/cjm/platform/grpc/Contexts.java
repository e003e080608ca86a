package io.cjm.platform.grpc;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs work on a fresh duplicated Vert.x context. Hibernate Reactive keeps one session per
 * context, so units of work that run at the same time need a context each.
 */
public final class Contexts {

    private Contexts() {
    }

    /**
     * Continues after a remote call on the Vert.x context that made it, so the caller's
     * reactive session is used from its own context only.
     */
    public static <T> Uni<T> resumeOnCaller(Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return caller == null ? call : call.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    public static <T> Uni<T> onNewContext(Vertx vertx, Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(
                ignored -> work.get().subscribe().with(emitter::complete, emitter::fail)));
    }
}

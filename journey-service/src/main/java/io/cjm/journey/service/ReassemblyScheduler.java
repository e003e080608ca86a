package io.cjm.journey.service;

import io.cjm.journey.repository.ReassemblyRepository;
import io.cjm.journey.repository.ReassemblyRepository.Pending;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Re-assembles the journeys of tenants whose definitions or thresholds changed. The request
 * is a row of journey_reassembly written with the change, so it is carried out after a
 * restart too; each run works through a batch of each pending tenant's profiles (those with
 * touchpoints, in profile id order), records how far it got, and removes the row after the
 * last profile unless another change came meanwhile (which starts the tenant over). Each
 * profile is re-assembled like after a timeout: in its own transaction under its profile
 * lock, changed journeys re-scored. Two replicas may work on the same tenant at once; that
 * only re-assembles some profiles twice, which changes nothing.
 */
@ApplicationScoped
public class ReassemblyScheduler {

    private static final Logger LOG = Logger.getLogger(ReassemblyScheduler.class);
    static final int TENANTS_PER_RUN = 10;
    static final int PROFILES_PER_BATCH = 100;

    private final ReassemblyRepository requests;
    private final AssemblyService assembly;
    /** Set while a run is under way; {@link #wake()} then asks for another right after it. */
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    private final Vertx vertx;

    ReassemblyScheduler(ReassemblyRepository requests, AssemblyService assembly, Vertx vertx) {
        this.requests = requests;
        this.assembly = assembly;
        this.vertx = vertx;
    }

    @Scheduled(every = "${cjm.journey.reassemble-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run();
    }

    /** Starts a run now (after a change committed) instead of at the next tick; returns at once. */
    public void wake() {
        // A context of its own, as the scheduler's: not the caller's, whose session is its own.
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> run().subscribe().with(x -> {
        }, e -> LOG.warnf("Journey re-assembly run failed: %s", e.getClass().getName())));
    }

    /** One run; when one is under way already, that one runs again when it ends. */
    Uni<Void> run() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Uni.createFrom().voidItem();
        }
        again.set(false);
        return Panache.withSession(() -> requests.pending(TENANTS_PER_RUN))
                .onItem().transformToMulti(list -> Multi.createFrom().iterable(list))
                .onItem().transformToUniAndConcatenate(this::batch)
                .collect().asList()
                .eventually(() -> running.set(false))
                .onFailure().invoke(e -> LOG.warnf("Journey re-assembly run failed: %s: %s", e.getClass().getName(),
                        e.getMessage()))
                .onFailure().recoverWithItem(List.of())
                .chain(progress -> progress.stream().anyMatch(b -> b) || again.get() ? run()
                        : Uni.createFrom().voidItem());
    }

    /** Re-assembles the next batch of the tenant's profiles; true when the tenant has more to do. */
    private Uni<Boolean> batch(Pending p) {
        return Panache.withSession(() -> requests.profilesAfter(p.tenantId(), p.afterProfile(), PROFILES_PER_BATCH))
                .chain(profiles -> Multi.createFrom().iterable(profiles)
                        .onItem().transformToUniAndConcatenate(profile -> assembly.refresh(p.tenantId(), profile)
                                .replaceWith(true)
                                // No identifiers in the log: the kind of failure only.
                                .onFailure().invoke(e -> LOG.warnf("Could not re-assemble a profile after a "
                                        + "definition change: %s", e.getClass().getName()))
                                .onFailure().recoverWithItem(false))
                        .collect().asList()
                        .chain(done -> {
                            if (done.contains(false)) {
                                // Progress is not recorded: the next run repeats this batch.
                                return Uni.createFrom().item(false);
                            }
                            return Panache.withTransaction(() -> profiles.size() < PROFILES_PER_BATCH
                                    ? requests.finish(p).replaceWith(false)
                                    : requests.advance(p, last(profiles)).replaceWith(true));
                        }));
    }

    private static String last(List<String> profiles) {
        return profiles.get(profiles.size() - 1);
    }
}

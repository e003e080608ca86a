package io.cjm.journey.service;

import io.cjm.journey.repository.JourneyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Closes journeys that time out while no new data arrives: every so often it re-assembles
 * the profiles that have an open journey past its inactivity timeout, which turns those
 * journeys abandoned and has them re-scored.
 */
@ApplicationScoped
public class AbandonmentScheduler {

    private static final Logger LOG = Logger.getLogger(AbandonmentScheduler.class);
    private static final int BATCH = 200;

    private final JourneyRepository journeys;
    private final AssemblyService assembly;

    AbandonmentScheduler(JourneyRepository journeys, AssemblyService assembly) {
        this.journeys = journeys;
        this.assembly = assembly;
    }

    @Scheduled(every = "${cjm.journey.abandon-check-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeTimedOut() {
        return Panache.withSession(() -> journeys.profilesWithTimedOutJourneys(Instant.now(), BATCH))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem().transformToUniAndConcatenate(row -> assembly.refresh((String) row[0], (String) row[1])
                        // No identifiers in the log: the kind of failure only.
                        .onFailure().invoke(e -> LOG.warnf("Could not close the timed-out journeys of a profile: %s",
                                e.getClass().getName()))
                        .onFailure().recoverWithItem(false))
                .collect().asList().replaceWithVoid();
    }
}

package io.cjm.scoring.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cjm.scoring.domain.ScoreChange;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The score changes of every replica. {@link JesService} publishes each change with
 * {@code NOTIFY cjm_score_changes} in the transaction that stores it; every replica LISTENs on
 * that channel with a dedicated connection (Vert.x {@link PgSubscriber}, reconnecting after a
 * loss) and hands what it hears to its own subscribers, each of whom sees only its tenant. A
 * change made while a replica's listening connection is down is not delivered to that replica's
 * subscribers, and a subscriber more than {@value #BUFFER} changes behind is cut off (its
 * stream fails); WatchScores is for live dashboards and triggers, the stored scores stay the
 * record.
 */
@ApplicationScoped
public class ScoreChanges {

    /** The PostgreSQL channel. */
    static final String CHANNEL = "cjm_score_changes";
    static final int BUFFER = 10_000;

    private static final Logger LOG = Logger.getLogger(ScoreChanges.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final BroadcastProcessor<ScoreChange> changes = BroadcastProcessor.create();
    private final Vertx vertx;
    private final String url;
    private final String user;
    private final String password;
    private PgSubscriber subscriber;

    ScoreChanges(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url).setUser(user);
        if (!password.isEmpty()) {
            options.setPassword(password);
        }
        subscriber = PgSubscriber.subscriber(vertx, options);
        // After a lost connection: try again every second, for as long as the service runs.
        subscriber.reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(this::heard);
        // The database may not exist yet (DatabaseBootstrap creates it): keep trying.
        subscriber.connect()
                .onFailure().invoke(e -> LOG.warnf("Cannot listen for score changes yet: %s", e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(ok -> LOG.debug("Listening for score changes"),
                        e -> LOG.error("Gave up listening for score changes", e));
    }

    void stop(@Observes ShutdownEvent event) {
        changes.onComplete();
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /** The tenant's changes from now on, optionally of one journey type only. */
    public Multi<ScoreChange> watch(String tenantId, String journeyType) {
        return changes.select().where(c -> c.tenantId().equals(tenantId)
                && (journeyType == null || journeyType.isEmpty() || journeyType.equals(c.journeyType())))
                .onOverflow().buffer(BUFFER);
    }

    private void heard(String payload) {
        ScoreChange change;
        try {
            change = JSON.readValue(payload, ScoreChange.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("Ignored an unreadable score change notification: %s", e.getClass().getName());
            return;
        }
        changes.onNext(change);
    }

    static String toJson(ScoreChange change) {
        try {
            return JSON.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

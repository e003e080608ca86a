package io.cjm.journey.service;

import io.cjm.journey.client.ScoringClient;
import io.cjm.journey.domain.AssembledJourney;
import io.cjm.journey.entity.JourneyEntity;
import io.cjm.journey.entity.JourneyTouchpointEntity;
import io.cjm.journey.mapping.JourneyMapper;
import io.cjm.journey.repository.JourneyRepository;
import io.cjm.journey.repository.JourneyTouchpointRepository;
import io.cjm.proto.journey.v1.JourneyTouchpoint;
import io.cjm.proto.scoring.v1.JourneyFacts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps a profile's journeys equal to the assembly of all its touchpoints. Applying a
 * touchpoint stores it, re-attributes the touchpoints of merged profiles, re-assembles the
 * profile (one profile at a time, under an advisory lock) and has every journey whose
 * score is stale scored. Idempotent: applying the same touchpoint again changes nothing.
 */
@ApplicationScoped
public class AssemblyService {

    /** What applying a touchpoint did. */
    public record Outcome(List<String> changedJourneyIds, boolean joinedJourney, boolean scored) {
    }

    private record Assembly(List<String> changed, List<String> removed, boolean joined) {
    }

    private static final long LOCK_NAMESPACE = 0x2E_0000_0000L;

    private final JourneyTouchpointRepository touchpoints;
    private final JourneyRepository journeys;
    private final DefinitionCatalogue catalogue;
    private final ScoringClient scoring;

    AssemblyService(JourneyTouchpointRepository touchpoints, JourneyRepository journeys, DefinitionCatalogue catalogue,
            ScoringClient scoring) {
        this.touchpoints = touchpoints;
        this.journeys = journeys;
        this.catalogue = catalogue;
        this.scoring = scoring;
    }

    /** Applies one touchpoint; its span names the tenant and the touchpoint, and what changed. */
    @WithSpan
    public Uni<Outcome> apply(@SpanAttribute("cjm.tenant") String tenantId, String profileId,
            List<String> mergedProfileIds, JourneyTouchpoint t) {
        Span span = Span.current();
        span.setAttribute("cjm.touchpoint.id", t.getId());
        return Panache.withTransaction(() -> lockProfile(tenantId, profileId)
                .chain(() -> store(tenantId, profileId, t))
                .chain(() -> mergedProfileIds.isEmpty() ? Uni.createFrom().item(0)
                        : touchpoints.moveToProfile(tenantId, mergedProfileIds, profileId))
                .chain(() -> reassemble(tenantId, profileId, mergedProfileIds, t.getId())))
                .chain(a -> scoring.delete(tenantId, a.removed())
                        .chain(() -> scoreStale(tenantId, profileId))
                        .map(scored -> new Outcome(a.changed(), a.joined(), scored)))
                .invoke(o -> {
                    span.setAttribute("cjm.journey.changed", o.changedJourneyIds().size());
                    span.setAttribute("cjm.touchpoint.joined_journey", o.joinedJourney());
                    span.setAttribute("cjm.journey.scored", o.scored());
                });
    }

    /** Re-assembles a profile without a new touchpoint (timeouts, definition changes). */
    @WithSpan
    public Uni<Boolean> refresh(@SpanAttribute("cjm.tenant") String tenantId, String profileId) {
        return Panache.withTransaction(() -> lockProfile(tenantId, profileId)
                .chain(() -> reassemble(tenantId, profileId, List.of(), null)))
                .chain(a -> scoring.delete(tenantId, a.removed()).chain(() -> scoreStale(tenantId, profileId)));
    }

    private Uni<Object> lockProfile(String tenantId, String profileId) {
        long key = LOCK_NAMESPACE ^ ((long) tenantId.hashCode() << 32) ^ (profileId.hashCode() & 0xFFFF_FFFFL);
        return journeys.getSession().chain(s -> s.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult());
    }

    private Uni<JourneyTouchpointEntity> store(String tenantId, String profileId, JourneyTouchpoint t) {
        return touchpoints.findById(JourneyMapper.touchpointUid(tenantId, t.getId())).chain(existing -> {
            JourneyTouchpointEntity e = existing != null ? existing : new JourneyTouchpointEntity();
            JourneyMapper.copy(tenantId, profileId, t, e);
            return existing != null ? Uni.createFrom().item(e) : touchpoints.persist(e);
        });
    }

    private Uni<Assembly> reassemble(String tenantId, String profileId, List<String> merged, String touchpointId) {
        Set<String> owners = new HashSet<>(merged);
        owners.add(profileId);
        return touchpoints.findByProfile(tenantId, profileId).chain(rows -> journeys.findByProfiles(tenantId, owners)
                .chain(existing -> {
                    List<AssembledJourney> assembled = catalogue.assemblerFor(tenantId).assemble(tenantId,
                            rows.stream().map(JourneyMapper::toFact).toList(), Instant.now());
                    Map<String, JourneyEntity> byId = existing.stream()
                            .collect(Collectors.toMap(j -> j.id, Function.identity()));
                    List<String> changed = new ArrayList<>();
                    List<JourneyEntity> fresh = new ArrayList<>();
                    for (AssembledJourney a : assembled) {
                        JourneyEntity e = byId.remove(a.id());
                        boolean isNew = e == null;
                        if (isNew) {
                            e = new JourneyEntity();
                        }
                        if (JourneyMapper.copy(tenantId, profileId, a, catalogue.definition(tenantId, a.definitionKey()),
                                e)) {
                            changed.add(a.id());
                        }
                        if (isNew) {
                            fresh.add(e);
                        }
                    }
                    List<String> removed = List.copyOf(byId.keySet());
                    boolean joined = touchpointId != null
                            && assembled.stream().anyMatch(a -> a.touchpointIds().contains(touchpointId));
                    Uni<Void> deletes = removed.isEmpty() ? Uni.createFrom().voidItem()
                            : journeys.delete("tenantId = ?1 and id in ?2", tenantId, removed).replaceWithVoid();
                    Uni<Void> inserts = fresh.isEmpty() ? Uni.createFrom().voidItem() : journeys.persist(fresh);
                    return deletes.chain(() -> inserts).chain(() -> journeys.flush())
                            .map(x -> new Assembly(changed, removed, joined));
                }));
    }

    /** A stale journey with the facts to score it by. */
    private record ToScore(String journeyId, Instant updatedAt, JourneyFacts facts) {
    }

    /** Scores every journey of the profile whose score is stale; true when all were scored. */
    private Uni<Boolean> scoreStale(String tenantId, String profileId) {
        return Panache.withSession(() -> journeys.list("tenantId = ?1 and profileId = ?2 and jesStale = true",
                tenantId, profileId).chain(stale -> stale.isEmpty() ? Uni.createFrom().item(List.<ToScore>of())
                        : touchpoints.findByProfile(tenantId, profileId).map(rows -> {
                            Map<String, JourneyTouchpointEntity> byId = rows.stream()
                                    .collect(Collectors.toMap(r -> r.touchpointId, Function.identity()));
                            return stale.stream().map(j -> new ToScore(j.id, j.updatedAt, JourneyMapper.toFacts(j,
                                    byId, catalogue.definition(tenantId, j.definitionKey)))).toList();
                        })))
                .chain(stale -> {
                    if (stale.isEmpty()) {
                        return Uni.createFrom().item(true);
                    }
                    // One after the other: they share this context's session.
                    return Multi.createFrom().iterable(stale)
                            .onItem().transformToUniAndConcatenate(j -> scoring.score(tenantId, j.facts())
                                    .chain(jes -> Panache.withTransaction(() -> journeys.update(
                                            "jes = ?1, jesStale = false where id = ?2 and updatedAt = ?3", jes,
                                            j.journeyId(), j.updatedAt())))
                                    .map(n -> true)
                                    .onFailure().recoverWithItem(false))
                            .collect().asList().map(results -> results.stream().allMatch(b -> b));
                });
    }
}

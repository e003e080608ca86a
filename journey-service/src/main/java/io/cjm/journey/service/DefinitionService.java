package io.cjm.journey.service;

import io.cjm.journey.domain.FrictionThresholds;
import io.cjm.journey.domain.JourneyDefinition;
import io.cjm.journey.entity.DefinitionVersionEntity;
import io.cjm.journey.entity.JourneySettingsEntity;
import io.cjm.journey.mapping.DefinitionMapper;
import io.cjm.journey.repository.DefinitionRepository;
import io.cjm.journey.repository.LockRepository;
import io.cjm.journey.repository.ReassemblyRepository;
import io.cjm.journey.service.DefinitionCatalogue.Entry;
import io.cjm.journey.service.DefinitionCatalogue.Settings;
import io.cjm.platform.grpc.GrpcErrors;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Reads and changes a tenant's journey definitions and friction thresholds. Every change is
 * numbered under the tenant's definitions lock, stored as a new version, and asks, in the
 * same transaction, for the tenant's journeys to be re-assembled ({@link ReassemblyScheduler}
 * does it, also after a restart).
 */
@ApplicationScoped
public class DefinitionService {

    /** A stored definition version and whether its key was new. */
    public record Stored(Entry entry, boolean created) {
    }

    private final DefinitionCatalogue catalogue;
    private final DefinitionRepository definitions;
    private final ReassemblyRepository reassembly;
    private final LockRepository locks;
    private final ReassemblyScheduler scheduler;

    DefinitionService(DefinitionCatalogue catalogue, DefinitionRepository definitions,
            ReassemblyRepository reassembly, LockRepository locks, ReassemblyScheduler scheduler) {
        this.catalogue = catalogue;
        this.definitions = definitions;
        this.reassembly = reassembly;
        this.locks = locks;
        this.scheduler = scheduler;
    }

    public Uni<List<Entry>> list(String tenantId) {
        return Panache.withSession(() -> catalogue.load(tenantId)).map(DefinitionCatalogue.Tenant::entries);
    }

    public Uni<Optional<Entry>> get(String tenantId, String key) {
        return Panache.withSession(() -> catalogue.load(tenantId)).map(t -> t.entry(key));
    }

    public Uni<Settings> settings(String tenantId) {
        return Panache.withSession(() -> catalogue.load(tenantId)).map(DefinitionCatalogue.Tenant::settings);
    }

    /**
     * Stores the definition as the key's next version. FAILED_PRECONDITION when
     * {@code expectedVersion} is given and differs from the version in force (0: none).
     */
    public Uni<Stored> put(String tenantId, JourneyDefinition definition, Integer expectedVersion) {
        String key = definition.key();
        return Panache.withTransaction(() -> locks.lockDefinitions(tenantId)
                .chain(() -> catalogue.load(tenantId))
                .chain(tenant -> definitions.newest(tenantId, key).chain(newest -> {
                    Optional<Entry> inForce = tenant.entry(key);
                    int current = inForce.map(e -> e.definition().version()).orElse(0);
                    requireVersion(expectedVersion, current);
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    int version = nextVersion(key, newest);
                    DefinitionVersionEntity row = new DefinitionVersionEntity();
                    row.id = new DefinitionVersionEntity.Key(tenantId, key, version);
                    row.deleted = false;
                    JourneyDefinition stored = definition.withVersion(version);
                    row.body = DefinitionMapper.write(stored);
                    row.keyCreatedAt = newest.map(n -> n.keyCreatedAt).orElse(now);
                    row.createdAt = now;
                    return definitions.persist(row)
                            .chain(() -> reassembly.request(tenantId, now))
                            .map(x -> new Stored(new Entry(stored, now, false), inForce.isEmpty()));
                })))
                .invoke(scheduler::wake);
    }

    /** Stores a deletion of the key as its next version; NOT_FOUND when it is not in force. */
    public Uni<Integer> delete(String tenantId, String key, Integer expectedVersion) {
        return Panache.withTransaction(() -> locks.lockDefinitions(tenantId)
                .chain(() -> catalogue.load(tenantId))
                .chain(tenant -> definitions.newest(tenantId, key).chain(newest -> {
                    Entry inForce = tenant.entry(key)
                            .orElseThrow(() -> GrpcErrors.notFound("journey definition", key));
                    requireVersion(expectedVersion, inForce.definition().version());
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    int version = nextVersion(key, newest);
                    DefinitionVersionEntity row = new DefinitionVersionEntity();
                    row.id = new DefinitionVersionEntity.Key(tenantId, key, version);
                    row.deleted = true;
                    row.keyCreatedAt = newest.map(n -> n.keyCreatedAt).orElse(now);
                    row.createdAt = now;
                    return definitions.persist(row)
                            .chain(() -> reassembly.request(tenantId, now))
                            .replaceWith(version);
                })))
                .invoke(scheduler::wake);
    }

    /** Replaces the tenant's thresholds as their next version. */
    public Uni<Settings> updateSettings(String tenantId, FrictionThresholds thresholds, Integer expectedVersion) {
        return Panache.withTransaction(() -> locks.lockDefinitions(tenantId)
                .chain(() -> Panache.getSession().chain(s -> s.find(JourneySettingsEntity.class, tenantId)))
                .chain(existing -> {
                    int current = existing == null ? 1 : existing.version;
                    requireVersion(expectedVersion, current);
                    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    JourneySettingsEntity e = existing == null ? new JourneySettingsEntity() : existing;
                    e.tenantId = tenantId;
                    e.version = current + 1;
                    e.repeatContactWindowSeconds = thresholds.repeatContactWindow().toSeconds();
                    e.longWaitSeconds = thresholds.longWaitSeconds();
                    e.negativeSentiment = thresholds.negativeSentiment();
                    e.updatedAt = now;
                    Uni<?> write = existing == null ? Panache.getSession().chain(s -> s.persist(e))
                            : Uni.createFrom().voidItem();
                    return write.chain(() -> reassembly.request(tenantId, now))
                            .map(x -> DefinitionCatalogue.settings(e));
                }))
                .invoke(scheduler::wake);
    }

    /**
     * The key's next version: one more than its newest row; 2 for the first change of a
     * default (whose version 1 is the built-in one), 1 for a new key.
     */
    private static int nextVersion(String key, Optional<DefinitionVersionEntity> newest) {
        if (newest.isPresent()) {
            return newest.get().id.version + 1;
        }
        return DefinitionCatalogue.defaultDefinition(key).isPresent() ? 2 : 1;
    }

    private static void requireVersion(Integer expected, int current) {
        if (expected != null && expected != current) {
            throw GrpcErrors.failedPrecondition("version " + current + " is in force, not " + expected);
        }
    }
}

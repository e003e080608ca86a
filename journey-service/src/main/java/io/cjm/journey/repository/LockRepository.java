package io.cjm.journey.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/**
 * PostgreSQL advisory locks, held until the transaction ends. A transaction takes them in
 * this order only: its tenant's lock, then at most one touchpoint lock, then profile locks
 * in ascending key order; so two transactions never wait for each other in a circle. A
 * transaction that holds its tenant's lock exclusively (a batch of Apply) may take profile
 * locks in several steps: every other transaction that takes more than one profile lock holds
 * its tenant's lock too, and so waits for it first.
 */
@ApplicationScoped
public class LockRepository {

    private static final long PROFILE_NAMESPACE = 0x2E_0000_0000L;
    /** The first key of a tenant lock ("CJMT"); touchpoint locks use the tenant's hash there. */
    private static final int TENANT_CLASS = 0x434A_4D54;
    /** The first key of a tenant's definitions lock ("CJMD"). */
    private static final int DEFINITIONS_CLASS = 0x434A_4D44;

    /**
     * The tenant's lock: shared by Apply calls that change no assignment but their own
     * touchpoint's, exclusive for those that move touchpoints between profiles and for erasure.
     */
    public Uni<Void> lockTenant(String tenantId, boolean exclusive) {
        return run(exclusive ? "SELECT 1 FROM pg_advisory_xact_lock(?1, ?2)"
                : "SELECT 1 FROM pg_advisory_xact_lock_shared(?1, ?2)", TENANT_CLASS, tenantId.hashCode());
    }

    /** One touchpoint id of the tenant, so that two deliveries of it are stored one after the other. */
    public Uni<Void> lockTouchpoint(String tenantId, String touchpointId) {
        return run("SELECT 1 FROM pg_advisory_xact_lock(?1, ?2)", tenantId.hashCode(), touchpointId.hashCode());
    }

    /** Profiles of the tenant, each assembled by one transaction at a time; taken in ascending key order. */
    public Uni<Void> lockProfiles(String tenantId, Collection<String> profileIds) {
        List<Long> keys = profileIds.stream().map(p -> profileKey(tenantId, p)).distinct().sorted().toList();
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(k -> run("SELECT 1 FROM pg_advisory_xact_lock(?1)", k))
                .collect().last().replaceWithVoid();
    }

    /**
     * Profiles of the tenant for a transaction that holds the tenant's lock exclusively: one
     * statement, the keys in ascending order.
     */
    public Uni<Void> lockProfilesOfBatch(String tenantId, Collection<String> profileIds) {
        List<Long> keys = profileIds.stream().map(p -> profileKey(tenantId, p)).distinct().sorted().toList();
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The keys are numbers computed here, so they can be written into the statement.
        String array = keys.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        return run("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(k) FROM unnest(ARRAY[" + array
                + "]::bigint[]) AS k ORDER BY k) AS locked");
    }

    /**
     * The tenant's journey definitions and settings, so that changes of them are numbered one
     * after the other. Taken alone in its transaction, so it adds no cycle to the order above.
     */
    public Uni<Void> lockDefinitions(String tenantId) {
        return run("SELECT 1 FROM pg_advisory_xact_lock(?1, ?2)", DEFINITIONS_CLASS, tenantId.hashCode());
    }

    static long profileKey(String tenantId, String profileId) {
        return PROFILE_NAMESPACE ^ ((long) tenantId.hashCode() << 32) ^ (profileId.hashCode() & 0xFFFF_FFFFL);
    }

    private static Uni<Void> run(String sql, Object... parameters) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getSingleResult();
        }).replaceWithVoid();
    }
}

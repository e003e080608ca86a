package io.cjm.journey.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Pending re-assemblies of whole tenants (table journey_reassembly), and the batches of
 * profiles they work through.
 */
@ApplicationScoped
public class ReassemblyRepository {

    /** A tenant waiting for re-assembly: how far it got in the current generation. */
    public record Pending(String tenantId, long generation, String afterProfile) {
    }

    /** Asks for the tenant's journeys to be re-assembled from the first profile; in the caller's transaction. */
    public Uni<Void> request(String tenantId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                INSERT INTO journey_reassembly (tenant_id, generation, after_profile, requested_at)
                VALUES (?1, 1, NULL, ?2)
                ON CONFLICT (tenant_id) DO UPDATE SET generation = journey_reassembly.generation + 1,
                    after_profile = NULL, requested_at = excluded.requested_at""")
                .setParameter(1, tenantId).setParameter(2, now).executeUpdate()).replaceWithVoid();
    }

    /** Up to {@code max} pending tenants, longest waiting first. */
    public Uni<List<Pending>> pending(int max) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT tenant_id, generation, after_profile FROM journey_reassembly ORDER BY requested_at LIMIT ?1")
                .setParameter(1, max).getResultList())
                .map(rows -> rows.stream().map(o -> {
                    Object[] r = (Object[]) o;
                    return new Pending((String) r[0], ((Number) r[1]).longValue(), (String) r[2]);
                }).toList());
    }

    /** The tenant's next profiles with touchpoints, in profile id order, after {@code afterProfile} (null: from the start). */
    public Uni<List<String>> profilesAfter(String tenantId, String afterProfile, int max) {
        // Profile ids are never empty (Apply refuses them), so "" is before the first.
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT DISTINCT profile_id FROM journey_touchpoint"
                + " WHERE tenant_id = ?1 AND profile_id > ?2 ORDER BY profile_id LIMIT ?3")
                .setParameter(1, tenantId).setParameter(2, afterProfile == null ? "" : afterProfile)
                .setParameter(3, max).getResultList())
                .map(rows -> rows.stream().map(r -> (String) r).toList());
    }

    /** Records progress, unless a newer change restarted the tenant. */
    public Uni<Integer> advance(Pending p, String afterProfile) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "UPDATE journey_reassembly SET after_profile = ?1 WHERE tenant_id = ?2 AND generation = ?3")
                .setParameter(1, afterProfile).setParameter(2, p.tenantId()).setParameter(3, p.generation())
                .executeUpdate());
    }

    /** Removes the request when done, unless a newer change restarted the tenant. */
    public Uni<Integer> finish(Pending p) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "DELETE FROM journey_reassembly WHERE tenant_id = ?1 AND generation = ?2")
                .setParameter(1, p.tenantId()).setParameter(2, p.generation()).executeUpdate());
    }

    /** Whether the tenant has a re-assembly waiting. */
    public Uni<Boolean> isPending(String tenantId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT count(*) FROM journey_reassembly WHERE tenant_id = ?1")
                .setParameter(1, tenantId).getSingleResult()).map(n -> ((Number) n).longValue() > 0);
    }
}

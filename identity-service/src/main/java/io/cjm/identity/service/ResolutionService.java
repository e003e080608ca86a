package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer;
import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.MergeLogEntity;
import io.cjm.identity.entity.ProfileEntity;
import io.cjm.identity.repository.IdentifierRepository;
import io.cjm.identity.repository.MergeLogRepository;
import io.cjm.identity.repository.ProfileRepository;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Resolves the identifiers of one touchpoint to a profile. Identifiers seen together belong
 * to one person: unknown ones are attached, and when they point at several profiles the
 * oldest survives and the others are merged into it (and logged). Resolutions of one tenant
 * are serialized by a transaction-scoped advisory lock, so concurrent touchpoints that share
 * identifiers never create two profiles and never deadlock.
 */
@ApplicationScoped
public class ResolutionService {

    private static final Logger LOG = Logger.getLogger(ResolutionService.class);
    private static final long LOCK_NAMESPACE = 0x1D_0000_0000L;

    private final ProfileRepository profiles;
    private final IdentifierRepository identifiers;
    private final MergeLogRepository mergeLog;
    private final IdentifierNormalizer normalizer;
    private final IdentityMetrics metrics;

    ResolutionService(ProfileRepository profiles, IdentifierRepository identifiers, MergeLogRepository mergeLog,
            IdentifierNormalizer normalizer, IdentityMetrics metrics) {
        this.profiles = profiles;
        this.identifiers = identifiers;
        this.mergeLog = mergeLog;
        this.normalizer = normalizer;
        this.metrics = metrics;
    }

    /**
     * Resolves in one transaction, then counts what it did. The span carries the tenant, the
     * touchpoint id and counts, never an identifier.
     */
    @WithSpan
    public Uni<Resolution> resolve(@SpanAttribute("cjm.tenant") String tenantId,
            @SpanAttribute("cjm.touchpoint.id") String touchpointId, Map<String, String> raw, Instant occurredAt) {
        Span span = Span.current();
        return Panache.withTransaction(() -> resolveInTransaction(tenantId, touchpointId, raw, occurredAt))
                .invoke(r -> {
                    metrics.resolved(r);
                    span.setAttribute("cjm.identity.merged_profiles", r.mergedProfileIds().size());
                    span.setAttribute("cjm.identity.skipped_identifiers", r.issues().size());
                });
    }

    private Uni<Resolution> resolveInTransaction(String tenantId, String touchpointId, Map<String, String> raw,
            Instant occurredAt) {
        var normalized = normalizer.normalize(raw);
        Instant seen = occurredAt != null ? occurredAt : Instant.now();
        Uni<Resolution> work = normalized.identifiers().isEmpty()
                ? ownProfile(tenantId, touchpointId, seen)
                : link(tenantId, touchpointId, normalized.identifiers(), seen);
        return lockTenant(tenantId).chain(() -> work)
                .map(r -> new Resolution(r.profileId(), r.mergedProfileIds(), normalized.issues()));
    }

    private Uni<Object> lockTenant(String tenantId) {
        long key = LOCK_NAMESPACE | (tenantId.hashCode() & 0xFFFF_FFFFL);
        return profiles.getSession().chain(s -> s.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult());
    }

    /** A touchpoint with nothing to link gets a profile of its own, derived from its id so a retry finds it. */
    private Uni<Resolution> ownProfile(String tenantId, String touchpointId, Instant seen) {
        String id = UUID.nameUUIDFromBytes((tenantId + "/touchpoint/" + touchpointId).getBytes(StandardCharsets.UTF_8))
                .toString();
        return profiles.findInTenant(tenantId, id)
                .chain(found -> found != null ? Uni.createFrom().item(found) : profiles.persist(newProfile(tenantId, id)))
                .map(p -> new Resolution(p.id, List.of(), List.of()));
    }

    private Uni<Resolution> link(String tenantId, String touchpointId, List<Normalized> ids, Instant seen) {
        List<String> keys = ids.stream().map(n -> n.type() + ":" + n.value()).toList();
        return identifiers.findByValues(tenantId, keys).chain(existing -> {
            Set<String> owners = existing.stream().map(e -> e.profileId).collect(Collectors.toSet());
            if (owners.isEmpty()) {
                ProfileEntity created = newProfile(tenantId, UUID.randomUUID().toString());
                return profiles.persist(created)
                        .chain(p -> attach(tenantId, p.id, ids, existing, seen))
                        .map(p -> new Resolution(p, List.of(), List.of()));
            }
            return survivorsOf(tenantId, owners).chain(candidates -> {
                ProfileEntity survivor = candidates.stream()
                        .min(Comparator.comparing((ProfileEntity p) -> p.createdAt).thenComparing(p -> p.id))
                        .orElseThrow();
                List<String> losers = candidates.stream().map(p -> p.id).filter(id -> !id.equals(survivor.id))
                        .sorted().toList();
                Uni<Void> merged = losers.isEmpty() ? Uni.createFrom().voidItem()
                        : merge(tenantId, survivor.id, losers, touchpointId);
                return merged.chain(() -> attach(tenantId, survivor.id, ids, existing, seen))
                        .map(p -> new Resolution(p, losers, List.of()));
            });
        });
    }

    /** The current survivors of the given profiles (merges keep chains one hop long). */
    private Uni<List<ProfileEntity>> survivorsOf(String tenantId, Set<String> owners) {
        return profiles.findAllInTenant(tenantId, owners).chain(found -> {
            Set<String> survivorIds = found.stream().map(p -> p.mergedInto != null ? p.mergedInto : p.id)
                    .collect(Collectors.toSet());
            Map<String, ProfileEntity> loaded = found.stream()
                    .collect(Collectors.toMap(p -> p.id, Function.identity()));
            if (loaded.keySet().containsAll(survivorIds)) {
                return Uni.createFrom().item(survivorIds.stream().map(loaded::get).toList());
            }
            return profiles.findAllInTenant(tenantId, survivorIds);
        });
    }

    private Uni<Void> merge(String tenantId, String survivorId, List<String> losers, String touchpointId) {
        Instant now = Instant.now();
        List<MergeLogEntity> entries = new ArrayList<>();
        for (String loser : losers) {
            MergeLogEntity e = new MergeLogEntity();
            e.id = UUID.randomUUID().toString();
            e.tenantId = tenantId;
            e.survivorId = survivorId;
            e.mergedId = loser;
            e.reason = "identifiers seen together on one touchpoint";
            e.touchpointId = touchpointId;
            e.mergedAt = now;
            entries.add(e);
        }
        LOG.infof("tenant=%s merged profiles %s into %s (touchpoint %s)", tenantId, losers, survivorId, touchpointId);
        return profiles.mergeInto(tenantId, losers, survivorId, now)
                .chain(() -> identifiers.moveToProfile(tenantId, losers, survivorId))
                .chain(() -> mergeLog.persist(entries))
                .replaceWithVoid();
    }

    /** Attaches the touchpoint's identifiers to the profile and refreshes first/last seen. */
    private Uni<String> attach(String tenantId, String profileId, List<Normalized> ids, List<IdentifierEntity> existing,
            Instant seen) {
        Set<String> known = new HashSet<>();
        for (IdentifierEntity e : existing) {
            known.add(e.type + ":" + e.value);
            e.profileId = profileId;
            if (seen.isBefore(e.firstSeen)) {
                e.firstSeen = seen;
            }
            if (seen.isAfter(e.lastSeen)) {
                e.lastSeen = seen;
            }
        }
        List<IdentifierEntity> fresh = ids.stream().filter(n -> !known.contains(n.type() + ":" + n.value()))
                .map(n -> {
                    IdentifierEntity e = new IdentifierEntity();
                    e.id = UUID.randomUUID().toString();
                    e.tenantId = tenantId;
                    e.profileId = profileId;
                    e.type = n.type();
                    e.value = n.value();
                    e.firstSeen = seen;
                    e.lastSeen = seen;
                    return e;
                }).toList();
        Uni<Void> stored = fresh.isEmpty() ? Uni.createFrom().voidItem() : identifiers.persist(fresh);
        return stored.chain(() -> identifiers.flush()).replaceWith(profileId);
    }

    private static ProfileEntity newProfile(String tenantId, String id) {
        ProfileEntity p = new ProfileEntity();
        p.id = id;
        p.tenantId = tenantId;
        p.createdAt = Instant.now();
        return p;
    }
}

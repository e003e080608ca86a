package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer;
import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import io.cjm.identity.entity.ErasureLogEntity;
import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.IdentityLinkEntity;
import io.cjm.identity.entity.ProfileEntity;
import io.cjm.identity.repository.ErasureLogRepository;
import io.cjm.identity.repository.IdentifierRepository;
import io.cjm.identity.repository.IdentityConflictRepository;
import io.cjm.identity.repository.IdentityLinkRepository;
import io.cjm.identity.repository.MergeLogRepository;
import io.cjm.identity.repository.ProfileRepository;
import io.cjm.identity.repository.SightingRepository;
import io.cjm.identity.service.GraphRecomputer.Cause;
import io.cjm.identity.service.GraphRecomputer.Group;
import io.cjm.identity.service.GraphRecomputer.Move;
import io.cjm.platform.grpc.GrpcErrors;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * A tenant admin's control over the graph: merge two profiles, split an identifier off a
 * profile, erase a profile. Merges and splits are stored as links (evidence that outranks
 * touchpoints) and the affected components are recomputed, so they hold whatever arrives
 * later and in whatever order. Every change is logged like automatic merges are.
 */
@ApplicationScoped
public class ProfileAdminService {

    private static final Logger LOG = Logger.getLogger(ProfileAdminService.class);

    /** The outcome of a merge or split: the profiles involved after the change. */
    public record Change(String profileId, String otherProfileId, List<Move> reassigned, long graphVersion) {
    }

    /** What an erasure deleted (or, repeated, had deleted). */
    public record Erasure(List<String> profileIds, List<String> touchpointIds, Instant erasedAt,
            int identifiersDeleted) {
    }

    private final ProfileRepository profiles;
    private final IdentifierRepository identifiers;
    private final SightingRepository sightings;
    private final IdentityLinkRepository links;
    private final IdentityConflictRepository conflicts;
    private final MergeLogRepository mergeLog;
    private final ErasureLogRepository erasures;
    private final GraphRecomputer recomputer;
    private final TenantRules tenantRules;

    ProfileAdminService(ProfileRepository profiles, IdentifierRepository identifiers, SightingRepository sightings,
            IdentityLinkRepository links, IdentityConflictRepository conflicts, MergeLogRepository mergeLog,
            ErasureLogRepository erasures, GraphRecomputer recomputer, TenantRules tenantRules) {
        this.profiles = profiles;
        this.identifiers = identifiers;
        this.sightings = sightings;
        this.links = links;
        this.conflicts = conflicts;
        this.mergeLog = mergeLog;
        this.erasures = erasures;
        this.recomputer = recomputer;
        this.tenantRules = tenantRules;
    }

    /** The live profile behind an id (itself, or the profile it was merged into); NOT_FOUND otherwise. */
    private Uni<ProfileEntity> live(String tenantId, String id) {
        return profiles.findInTenant(tenantId, id).chain(p -> {
            if (p == null) {
                return Uni.createFrom().failure(GrpcErrors.notFound("profile", id));
            }
            return p.mergedInto == null ? Uni.createFrom().item(p) : live(tenantId, p.mergedInto);
        });
    }

    /** Merges two profiles, overriding merge limits; the older one survives. */
    @WithSpan
    public Uni<Change> merge(@SpanAttribute("cjm.tenant") String tenantId, String a, String b, String by,
            String reason) {
        return Panache.withTransaction(() -> tenantRules.lockAndAdvance(tenantId).chain(graph -> live(tenantId, a)
                .chain(pa -> live(tenantId, b).chain(pb -> {
                    if (pa.id.equals(pb.id)) {
                        // Already one profile (a retried merge): tell the receivers again where its
                        // touchpoints belong, in case the first answer never reached them.
                        return sightings.touchpointIdsOfProfile(tenantId, pa.id).map(tps -> new Change(pa.id,
                                pb.id, tps.stream().sorted().map(tp -> new Move(tp, pa.id)).toList(),
                                graph.version()));
                    }
                    if (pa.anchorKey == null || pb.anchorKey == null) {
                        return Uni.createFrom().failure(GrpcErrors.failedPrecondition(
                                "a profile without identifiers cannot be merged"));
                    }
                    return identifiers.findByProfile(tenantId, pa.id).chain(ia -> identifiers
                            .findByProfile(tenantId, pb.id).chain(ib -> {
                                List<String> ka = ia.stream().map(e -> e.type + ":" + e.value).toList();
                                List<String> kb = ib.stream().map(e -> e.type + ":" + e.value).toList();
                                String lo = pa.anchorKey.compareTo(pb.anchorKey) < 0 ? pa.anchorKey : pb.anchorKey;
                                String hi = lo.equals(pa.anchorKey) ? pb.anchorKey : pa.anchorKey;
                                IdentityLinkEntity link = link(tenantId, "merge", lo, hi, pa.componentId, by);
                                Set<String> comps = new TreeSet<>(List.of(pa.componentId, pb.componentId));
                                return links.deleteBetween(tenantId, "split", ka, kb)
                                        .chain(() -> links.findById(link.uid))
                                        .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                                                : links.persist(link).replaceWithVoid())
                                        .chain(() -> links.flush())
                                        .chain(() -> recomputer.recompute(tenantId, graph.rules(),
                                                List.of(new Group(comps, List.of())),
                                                new Cause("merge", "manual merge: " + reasonOr(reason), by)))
                                        .map(outcomes -> {
                                            var o = outcomes.get(0);
                                            String survivor = o.profileOf().get(Normalized.ofKey(pa.anchorKey));
                                            LOG.infof("tenant=%s admin merge of %s and %s into %s", tenantId, pa.id,
                                                    pb.id, survivor);
                                            return new Change(survivor, survivor, o.moved(), graph.version());
                                        });
                            }));
                }))));
    }

    /** Cuts an identifier off a profile: it gets a profile of its own and never links with the rest again. */
    @WithSpan
    public Uni<Change> split(@SpanAttribute("cjm.tenant") String tenantId, String profileId, String type, String value,
            String by, String reason) {
        return Panache.withTransaction(() -> tenantRules.lockAndAdvance(tenantId).chain(graph -> live(tenantId,
                profileId).chain(p -> {
                    var n = new IdentifierNormalizer(graph.rules()).normalizeOne(type, value);
                    if (n.isEmpty()) {
                        return Uni.createFrom().failure(GrpcErrors.invalid("value", "not a valid " + type));
                    }
                    String key = n.get().key();
                    return identifiers.findByProfile(tenantId, p.id).chain(members -> {
                        List<String> others = members.stream().map(e -> e.type + ":" + e.value)
                                .filter(k -> !k.equals(key)).toList();
                        if (others.size() == members.size()) {
                            return Uni.createFrom().failure(GrpcErrors.notFound("identifier of profile " + p.id, type));
                        }
                        if (others.isEmpty()) {
                            return Uni.createFrom().failure(GrpcErrors.failedPrecondition(
                                    "the identifier is the profile's only one"));
                        }
                        List<IdentityLinkEntity> apart = others.stream()
                                .map(o -> link(tenantId, "split", min(key, o), max(key, o), p.componentId, by))
                                .toList();
                        return links.deleteBetween(tenantId, "merge", List.of(key), others)
                                .chain(() -> links.delete("uid in ?1", apart.stream().map(l -> l.uid).toList()))
                                .chain(() -> links.getSession().chain(s -> s.persistAll(apart.toArray())))
                                .chain(() -> links.flush())
                                .chain(() -> recomputer.recompute(tenantId, graph.rules(),
                                        List.of(new Group(Set.of(p.componentId), List.of())),
                                        new Cause("split", "manual split: " + reasonOr(reason), by)))
                                .map(outcomes -> {
                                    var o = outcomes.get(0);
                                    String rest = o.profileOf().get(Normalized.ofKey(others.get(0)));
                                    String cut = o.profileOf().get(n.get());
                                    LOG.infof("tenant=%s admin split of a %s identifier off %s: now %s and %s",
                                            tenantId, n.get().type(), p.id, rest, cut);
                                    return new Change(rest, cut, o.moved(), graph.version());
                                });
                    });
                })));
    }

    /**
     * Erases a profile and every id merged into it: identifiers, evidence, links, conflicts
     * and merge log entries. The erasure log keeps the ids (never values) so that a repeated
     * call answers the same. Touchpoints that other profiles share evidence with stay theirs.
     */
    @WithSpan
    public Uni<Erasure> erase(@SpanAttribute("cjm.tenant") String tenantId, String profileId, String by) {
        return Panache.withTransaction(() -> tenantRules.lockAndAdvance(tenantId)
                .chain(graph -> erasures.findById(ErasureLogRepository.uid(tenantId, profileId)))
                .chain(done -> {
                    if (done != null) {
                        return Uni.createFrom().item(new Erasure(split(done.profileIds), split(done.touchpointIds),
                                done.erasedAt, 0));
                    }
                    return live(tenantId, profileId).chain(p -> eraseLive(tenantId, p, by));
                }));
    }

    private Uni<Erasure> eraseLive(String tenantId, ProfileEntity p, String by) {
        Instant now = Instant.now();
        return profiles.mergedInto(tenantId, p.id).chain(aliases -> {
            List<String> ids = new ArrayList<>();
            ids.add(p.id);
            ids.addAll(aliases);
            return identifiers.findByProfile(tenantId, p.id).chain(members -> sightings
                    .touchpointIdsOfProfile(tenantId, p.id).chain(tps -> {
                        List<String> keys = members.stream().map(e -> e.type + ":" + e.value).toList();
                        List<String> touchpoints = tps.stream().sorted().toList();
                        List<ErasureLogEntity> log = new ArrayList<>();
                        for (String id : ids) {
                            ErasureLogEntity e = new ErasureLogEntity();
                            e.uid = ErasureLogRepository.uid(tenantId, id);
                            e.tenantId = tenantId;
                            e.profileId = id;
                            e.erasedAt = now;
                            e.requestedBy = by;
                            e.profileIds = String.join("\n", ids);
                            e.touchpointIds = String.join("\n", touchpoints);
                            e.identifiersDeleted = members.size();
                            log.add(e);
                        }
                        Uni<Long> dropKeys = keys.isEmpty() ? Uni.createFrom().item(0L)
                                : links.deleteTouching(tenantId, keys);
                        return identifiers.delete("tenantId = ?1 and profileId = ?2", tenantId, p.id)
                                .chain(() -> sightings.delete("tenantId = ?1 and profileId = ?2", tenantId, p.id))
                                .chain(() -> dropKeys)
                                .chain(() -> conflicts.deleteByProfiles(tenantId, ids))
                                .chain(() -> mergeLog.deleteByProfiles(tenantId, ids))
                                .chain(() -> profiles.delete("tenantId = ?1 and id in ?2", tenantId, ids))
                                .chain(() -> erasures.persist(log))
                                .invoke(() -> LOG.infof(
                                        "tenant=%s erased profile %s (%d ids, %d identifiers, %d touchpoints) for %s",
                                        tenantId, p.id, ids.size(), members.size(), touchpoints.size(),
                                        by == null || by.isBlank() ? "unknown" : by))
                                .replaceWith(new Erasure(ids, touchpoints, now, members.size()));
                    }));
        });
    }

    private static List<String> split(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    private static IdentityLinkEntity link(String tenantId, String kind, String a, String b, String component,
            String by) {
        IdentityLinkEntity l = new IdentityLinkEntity();
        l.uid = IdentityLinkRepository.uid(tenantId, kind, a, b);
        l.tenantId = tenantId;
        l.kind = kind;
        l.aKey = a;
        l.bKey = b;
        l.componentId = component;
        l.createdAt = Instant.now();
        l.createdBy = by;
        return l;
    }

    private static String min(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a.compareTo(b) <= 0 ? b : a;
    }

    private static String reasonOr(String reason) {
        return reason == null || reason.isBlank() ? "no reason given" : reason;
    }
}

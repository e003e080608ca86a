package io.cjm.identity.service;

import io.cjm.identity.domain.IdentifierNormalizer;
import io.cjm.identity.entity.IdentifierEntity;
import io.cjm.identity.entity.IdentityConflictEntity;
import io.cjm.identity.entity.MergeLogEntity;
import io.cjm.identity.entity.ProfileEntity;
import io.cjm.identity.repository.IdentifierRepository;
import io.cjm.identity.repository.IdentityConflictRepository;
import io.cjm.identity.repository.MergeLogRepository;
import io.cjm.identity.repository.ProfileRepository;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Reads profiles: by id (a merged id answers with its survivor) or by any identifier, with
 * the ids merged into them, their merge log and the conflicts merge protection recorded.
 */
@ApplicationScoped
public class ProfileQueryService {

    /** How many merge log entries and conflicts a profile read shows. */
    static final int HISTORY_LIMIT = 100;

    /** A profile with its identifiers, merged ids, merge log, conflicts, and the id that was asked for. */
    public record ProfileView(ProfileEntity profile, List<IdentifierEntity> identifiers, List<String> mergedIds,
            String requestedId, List<MergeLogEntity> merges, List<IdentityConflictEntity> conflicts) {
    }

    private final ProfileRepository profiles;
    private final IdentifierRepository identifiers;
    private final MergeLogRepository mergeLog;
    private final IdentityConflictRepository conflicts;
    private final TenantRules tenantRules;

    ProfileQueryService(ProfileRepository profiles, IdentifierRepository identifiers, MergeLogRepository mergeLog,
            IdentityConflictRepository conflicts, TenantRules tenantRules) {
        this.profiles = profiles;
        this.identifiers = identifiers;
        this.mergeLog = mergeLog;
        this.conflicts = conflicts;
        this.tenantRules = tenantRules;
    }

    @WithSpan
    @WithSession
    public Uni<Optional<ProfileView>> get(@SpanAttribute("cjm.tenant") String tenantId, String profileId) {
        return get(tenantId, profileId, true);
    }

    /**
     * The profile by id; without its history ({@code withHistory} false), its merge log and conflicts are
     * not read (empty lists): three queries instead of five, for readers that show neither.
     */
    @WithSpan
    @WithSession
    public Uni<Optional<ProfileView>> get(@SpanAttribute("cjm.tenant") String tenantId, String profileId,
            @SpanAttribute("cjm.with_history") boolean withHistory) {
        return profiles.findInTenant(tenantId, profileId).chain(p -> {
            if (p == null) {
                return Uni.createFrom().item(Optional.<ProfileView>empty());
            }
            Uni<ProfileEntity> survivor = p.mergedInto == null ? Uni.createFrom().item(p)
                    : profiles.findInTenant(tenantId, p.mergedInto);
            return survivor.chain(s -> identifiers.findByProfile(tenantId, s.id)
                    .chain(ids -> profiles.mergedInto(tenantId, s.id)
                            .chain(merged -> !withHistory
                                    ? Uni.createFrom().item(Optional.of(new ProfileView(s, ids, merged, profileId,
                                            List.of(), List.of())))
                                    : mergeLog.findByProfile(tenantId, s.id, HISTORY_LIMIT)
                                            .chain(log -> conflicts.findByProfile(tenantId, s.id, HISTORY_LIMIT)
                                                    .map(cs -> Optional.of(new ProfileView(s, ids, merged,
                                                            profileId, log, cs)))))));
        });
    }

    /** The span names the identifier's type only, never its value. */
    @WithSpan
    public Uni<Optional<ProfileView>> lookup(@SpanAttribute("cjm.tenant") String tenantId,
            @SpanAttribute("cjm.identifier.type") String type, String value) {
        return tenantRules.settings(tenantId).chain(settings -> {
            var normalized = new IdentifierNormalizer(tenantRules.rules(settings)).normalizeOne(type, value);
            if (normalized.isEmpty()) {
                return Uni.createFrom().item(Optional.<ProfileView>empty());
            }
            return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> identifiers
                    .findByValue(tenantId, normalized.get().type(), normalized.get().value())
                    .chain(id -> id == null ? Uni.createFrom().item(Optional.<ProfileView>empty())
                            : get(tenantId, id.profileId)));
        });
    }
}

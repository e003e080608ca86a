package io.cjm.identity.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cjm.identity.domain.IdentityRules;
import io.cjm.identity.entity.TenantGraphEntity;
import io.cjm.identity.repository.TenantGraphRepository;
import io.cjm.proto.identity.v1.IdentitySettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The tenants' identity settings: stored with the tenant's graph version (one row per
 * tenant), turned into {@link IdentityRules}. A tenant that never set anything gets the
 * defaults, with the phone region of {@code cjm.identity.default-region}.
 */
@ApplicationScoped
public class TenantRules {

    /** The tenant's graph version after advancing it, and the rules in force. */
    public record Graph(long version, IdentityRules rules) {
    }

    private final TenantGraphRepository graphs;
    private final String defaultRegion;

    TenantRules(TenantGraphRepository graphs, @ConfigProperty(name = "cjm.identity.default-region") String region) {
        this.graphs = graphs;
        this.defaultRegion = region;
    }

    /** Locks the tenant's graph for this transaction and advances its version. */
    public Uni<Graph> lockAndAdvance(String tenantId) {
        return graphs.advance(tenantId).map(g -> new Graph(g.version, rules(settingsOf(g))));
    }

    /** The settings in force (defaults filled in). */
    public Uni<IdentitySettings> settings(String tenantId) {
        return Panache.withSession(() -> graphs.findById(tenantId)).map(g -> withDefaults(settingsOf(g)));
    }

    /** Checks and stores new settings; the violations name the fields, empty when stored. */
    public Uni<List<IdentityRules.Violation>> update(String tenantId, IdentitySettings settings) {
        List<IdentityRules.Violation> violations = parse(settings).violations();
        if (!violations.isEmpty()) {
            return Uni.createFrom().item(violations);
        }
        return Panache.withTransaction(() -> graphs.advance(tenantId).invoke(g -> g.settings = settings.toByteArray()))
                .replaceWith(List.of());
    }

    /** The rules for stored settings. */
    public IdentityRules rules(IdentitySettings s) {
        IdentityRules.Parsed parsed = parse(s);
        return parsed.rules() != null ? parsed.rules() : IdentityRules.defaults(defaultRegion);
    }

    private IdentityRules.Parsed parse(IdentitySettings s) {
        return IdentityRules.parse(s.getDefaultRegion().isBlank() ? defaultRegion : s.getDefaultRegion(),
                s.getGmailNormalization(), s.getCustomTypesList(), s.getBlockedPatternsList(), s.getPriorityList(),
                s.getLimitsMap());
    }

    /** The settings with the defaults written out, as an admin should see them. */
    public IdentitySettings withDefaults(IdentitySettings s) {
        IdentityRules r = rules(s);
        return IdentitySettings.newBuilder()
                .setDefaultRegion(r.defaultRegion())
                .setGmailNormalization(r.gmailNormalization())
                .addAllCustomTypes(r.customTypes().stream().sorted().toList())
                .addAllBlockedPatterns(r.blockedPatterns().stream().map(p -> p.pattern()).toList())
                .addAllPriority(r.priority())
                .putAllLimits(Map.copyOf(r.limits()))
                .build();
    }

    private static IdentitySettings settingsOf(TenantGraphEntity g) {
        if (g == null || g.settings == null) {
            return IdentitySettings.getDefaultInstance();
        }
        try {
            return IdentitySettings.parseFrom(g.settings);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored identity settings are unreadable", e);
        }
    }
}

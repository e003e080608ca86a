package io.cjm.journey.service;

import io.cjm.journey.domain.DefaultCatalogue;
import io.cjm.journey.domain.FrictionThresholds;
import io.cjm.journey.domain.JourneyAssembler;
import io.cjm.journey.domain.JourneyDefinition;
import io.cjm.journey.entity.DefinitionVersionEntity;
import io.cjm.journey.entity.JourneySettingsEntity;
import io.cjm.journey.mapping.DefinitionMapper;
import io.cjm.journey.repository.DefinitionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journey maps and friction thresholds a tenant's touchpoints are assembled with: the
 * default catalogue of DESIGN.md overlaid with the tenant's own versions (a deleted version
 * removes a key, a default one too), and the default thresholds unless the tenant set its
 * own. Every use asks the database, inside the caller's session, whether the tenant's
 * definitions or thresholds changed (one small query: the count and newest time of its
 * definition versions, which are only ever added, and its settings version), so that every
 * replica assembles with what is committed; only when they changed are the definitions read
 * and compiled again. The compiled catalogue of each tenant is kept in memory.
 */
@ApplicationScoped
public class DefinitionCatalogue {

    /** A definition in force with where it comes from. */
    public record Entry(JourneyDefinition definition, Instant updatedAt, boolean builtIn) {
    }

    /** The thresholds in force, with their version (1: the defaults, never changed). */
    public record Settings(FrictionThresholds thresholds, int version, Instant updatedAt) {
    }

    /** A tenant's catalogue as read at one moment. */
    public static final class Tenant {

        private final Map<String, Entry> entries;
        private final Settings settings;
        private final JourneyAssembler assembler;

        Tenant(Map<String, Entry> entries, Settings settings) {
            this.entries = entries;
            this.settings = settings;
            this.assembler = new JourneyAssembler(entries.values().stream().map(Entry::definition).toList(),
                    settings.thresholds());
        }

        public JourneyAssembler assembler() {
            return assembler;
        }

        /** The definitions in force, in catalogue order. */
        public List<Entry> entries() {
            return List.copyOf(entries.values());
        }

        public Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /** A definition in force; the assembler only produces journeys of these. */
        public JourneyDefinition definition(String key) {
            Entry e = entries.get(key);
            if (e == null) {
                throw new IllegalStateException("Unknown journey definition " + key);
            }
            return e.definition();
        }

        public Settings settings() {
            return settings;
        }
    }

    private static final List<JourneyDefinition> DEFAULTS = DefaultCatalogue.definitions();

    private final DefinitionRepository definitions;
    /** Each tenant's compiled catalogue with the fingerprint of what it was read from. */
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A compiled catalogue and the fingerprint of the rows it was compiled from. */
    private record Cached(List<Object> fingerprint, Tenant tenant) {
    }

    DefinitionCatalogue(DefinitionRepository definitions) {
        this.definitions = definitions;
    }

    /**
     * The tenant's catalogue; call inside a session. Compiled again only when the tenant's
     * definitions or thresholds changed since the last call (a catalogue read after the
     * fingerprint is at least as new as it, so a change is never missed: at worst it is read
     * once more).
     */
    public Uni<Tenant> load(String tenantId) {
        return definitions.fingerprint(tenantId).chain(fingerprint -> {
            Cached cached = cache.get(tenantId);
            if (cached != null && cached.fingerprint().equals(fingerprint)) {
                return Uni.createFrom().item(cached.tenant());
            }
            return read(tenantId).invoke(tenant -> cache.put(tenantId, new Cached(fingerprint, tenant)));
        });
    }

    /** The tenant's catalogue read and compiled from the database; call inside a session. */
    Uni<Tenant> read(String tenantId) {
        return definitions.newest(tenantId).chain(rows -> Panache.getSession()
                .chain(s -> s.find(JourneySettingsEntity.class, tenantId))
                .map(settings -> new Tenant(overlay(rows), settings(settings))));
    }

    /** The default catalogue overlaid with the newest row of each of the tenant's keys. */
    static Map<String, Entry> overlay(List<DefinitionVersionEntity> newest) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        DEFAULTS.forEach(d -> entries.put(d.key(), new Entry(d, null, true)));
        List<Entry> own = new ArrayList<>();
        for (DefinitionVersionEntity row : newest) {
            String key = row.id.definitionKey;
            if (row.deleted) {
                entries.remove(key);
            } else if (entries.containsKey(key)) {
                entries.put(key, new Entry(DefinitionMapper.read(key, row.id.version, row.body), row.createdAt, false));
            } else {
                own.add(new Entry(DefinitionMapper.read(key, row.id.version, row.body), row.createdAt, false));
            }
        }
        own.forEach(e -> entries.put(e.definition().key(), e));
        return entries;
    }

    static Settings settings(JourneySettingsEntity e) {
        if (e == null) {
            return new Settings(FrictionThresholds.defaults(), 1, null);
        }
        return new Settings(new FrictionThresholds(Duration.ofSeconds(e.repeatContactWindowSeconds),
                e.longWaitSeconds, e.negativeSentiment), e.version, e.updatedAt);
    }

    /** Whether the key names a default definition. */
    public static Optional<JourneyDefinition> defaultDefinition(String key) {
        return DEFAULTS.stream().filter(d -> d.key().equals(key)).findFirst();
    }

    /**
     * The definition a journey was built with: the one in force when the version matches,
     * else the stored version (or the default's version 1). Empty when it is unknown.
     */
    public Uni<Optional<JourneyDefinition>> definitionAt(String tenantId, Tenant current, String key, int version) {
        Optional<Entry> inForce = current.entry(key);
        if (inForce.isPresent() && inForce.get().definition().version() == version) {
            return Uni.createFrom().item(Optional.of(inForce.get().definition()));
        }
        return definitions.version(tenantId, key, version).map(row -> {
            if (row.isPresent() && !row.get().deleted) {
                return Optional.of(DefinitionMapper.read(key, version, row.get().body));
            }
            return version == 1 ? defaultDefinition(key) : Optional.empty();
        });
    }
}

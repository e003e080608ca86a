package io.cjm.journey.service;

import io.cjm.journey.domain.DefaultCatalogue;
import io.cjm.journey.domain.FrictionThresholds;
import io.cjm.journey.domain.JourneyAssembler;
import io.cjm.journey.domain.JourneyDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The journey maps a tenant's touchpoints are assembled with. For now every tenant uses the
 * default catalogue of DESIGN.md; per-tenant definitions through the API build on this.
 */
@ApplicationScoped
public class DefinitionCatalogue {

    private final List<JourneyDefinition> defaults = DefaultCatalogue.definitions();
    private final Map<String, JourneyDefinition> byKey = defaults.stream()
            .collect(Collectors.toMap(JourneyDefinition::key, Function.identity()));
    private final JourneyAssembler assembler = new JourneyAssembler(defaults, FrictionThresholds.defaults());

    public JourneyAssembler assemblerFor(String tenantId) {
        return assembler;
    }

    public JourneyDefinition definition(String tenantId, String key) {
        JourneyDefinition d = byKey.get(key);
        if (d == null) {
            throw new IllegalStateException("Unknown journey definition " + key);
        }
        return d;
    }
}

package io.cjm.journey.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A list of type patterns normalized once, for repeated matching of normalized types. */
final class TypePatterns {

    private static final String WILDCARD = "*";

    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes;

    private TypePatterns(List<String> patterns) {
        List<String> wildcards = new ArrayList<>();
        for (String pattern : patterns) {
            String normalized = EventTypes.normalize(pattern);
            if (normalized.endsWith(WILDCARD)) {
                wildcards.add(normalized.substring(0, normalized.length() - 1));
            } else if (!normalized.isEmpty()) {
                exact.add(normalized);
            }
        }
        prefixes = List.copyOf(wildcards);
    }

    static TypePatterns of(List<String> patterns) {
        return new TypePatterns(patterns);
    }

    boolean matchesNormalized(String normalizedType) {
        if (normalizedType.isEmpty()) {
            return false;
        }
        return exact.contains(normalizedType) || prefixes.stream().anyMatch(normalizedType::startsWith);
    }
}

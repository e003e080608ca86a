package io.cjm.identity.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One tenant's identity resolution rules: how values are normalized, which values never
 * link, which types exist, how many values of a type one profile may hold (merge
 * protection) and in which order types win when a touchpoint's identifiers disagree.
 *
 * @param defaultRegion ISO 3166 region for phone numbers written without a country code
 * @param gmailNormalization true to drop dots and "+tags" of gmail.com / googlemail.com addresses
 * @param customTypes identifier types the tenant defined on top of the built-in ones
 * @param blockedPatterns values (whole, case-insensitive) that never link, on top of the built-in junk list
 * @param priority types from highest to lowest priority; others follow by name, anonymousId last
 * @param limits most values of a type per profile; a type not named is unlimited
 */
public record IdentityRules(String defaultRegion, boolean gmailNormalization, Set<String> customTypes,
        List<Pattern> blockedPatterns, List<String> priority, Map<String, Integer> limits) {

    /** The built-in identifier types. */
    public static final Set<String> BUILT_IN_TYPES = Set.of("email", "phone", "customerId", "anonymousId", "whatsapp",
            "social");

    /** Default priority: the tenant's own id first, device cookies last. */
    public static final List<String> DEFAULT_PRIORITY = List.of("customerId", "email", "phone", "whatsapp", "social",
            "anonymousId");

    /** Default merge limits, as the leading CDPs set them; anonymousId and social are unlimited. */
    public static final Map<String, Integer> DEFAULT_LIMITS = Map.of("customerId", 1, "email", 5, "phone", 5,
            "whatsapp", 5);

    public IdentityRules {
        defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "US"
                : defaultRegion.trim().toUpperCase(Locale.ROOT);
        customTypes = Set.copyOf(customTypes);
        blockedPatterns = List.copyOf(blockedPatterns);
        priority = List.copyOf(priority);
        limits = Map.copyOf(limits);
    }

    /** The defaults with the given phone region. */
    public static IdentityRules defaults(String defaultRegion) {
        return new IdentityRules(defaultRegion, false, Set.of(), List.of(), DEFAULT_PRIORITY, DEFAULT_LIMITS);
    }

    /** A problem with a setting, naming the field. */
    public record Violation(String field, String message) {
    }

    /** Parsed settings: the rules, or every violation (then rules is null). */
    public record Parsed(IdentityRules rules, List<Violation> violations) {
    }

    /**
     * Builds rules from raw settings, or reports every invalid field. Patterns must compile,
     * types must be known or custom, limits must be at least 1.
     */
    public static Parsed parse(String defaultRegion, boolean gmail, List<String> customTypes, List<String> patterns,
            List<String> priority, Map<String, Integer> limits) {
        List<Violation> violations = new ArrayList<>();
        if (defaultRegion != null && !defaultRegion.isBlank()
                && !com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions()
                        .contains(defaultRegion.trim().toUpperCase(Locale.ROOT))) {
            violations.add(new Violation("defaultRegion", "not a region libphonenumber knows: " + defaultRegion));
        }
        Set<String> custom = new TreeSet<>();
        for (int i = 0; i < customTypes.size(); i++) {
            String t = customTypes.get(i) == null ? "" : customTypes.get(i).trim();
            if (!t.matches("[A-Za-z][A-Za-z0-9_]{0,39}")) {
                violations.add(new Violation("customTypes[" + i + "]", "must be a letter then up to 39 letters, digits or _"));
            } else if (IdentifierNormalizer.isBuiltIn(t)) {
                violations.add(new Violation("customTypes[" + i + "]", "is a built-in type"));
            } else {
                custom.add(t);
            }
        }
        List<Pattern> compiled = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            try {
                compiled.add(Pattern.compile(patterns.get(i), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            } catch (PatternSyntaxException e) {
                violations.add(new Violation("blockedPatterns[" + i + "]", "not a valid regular expression: "
                        + e.getDescription()));
            }
        }
        Set<String> known = new TreeSet<>(BUILT_IN_TYPES);
        known.addAll(custom);
        List<String> prio = new ArrayList<>();
        for (int i = 0; i < priority.size(); i++) {
            String t = IdentifierNormalizer.canonicalType(priority.get(i));
            if (!known.contains(t)) {
                violations.add(new Violation("priority[" + i + "]", "unknown identifier type " + priority.get(i)));
            } else if (prio.contains(t)) {
                violations.add(new Violation("priority[" + i + "]", "named twice"));
            } else {
                prio.add(t);
            }
        }
        Map<String, Integer> lim = new LinkedHashMap<>();
        limits.forEach((type, n) -> {
            String t = IdentifierNormalizer.canonicalType(type);
            if (!known.contains(t)) {
                violations.add(new Violation("limits." + type, "unknown identifier type"));
            } else if (n == null || n < 1) {
                violations.add(new Violation("limits." + type, "must be at least 1"));
            } else {
                lim.put(t, n);
            }
        });
        if (!violations.isEmpty()) {
            return new Parsed(null, List.copyOf(violations));
        }
        return new Parsed(new IdentityRules(defaultRegion, gmail, custom, compiled,
                prio.isEmpty() ? DEFAULT_PRIORITY : prio, limits.isEmpty() ? DEFAULT_LIMITS : lim), List.of());
    }

    /** True when the type is built in or defined by the tenant. */
    public boolean knows(String type) {
        return BUILT_IN_TYPES.contains(type) || customTypes.contains(type);
    }

    /** The most values of a type one profile may hold. */
    public int limit(String type) {
        return limits.getOrDefault(type, Integer.MAX_VALUE);
    }

    /** Position of a type in the priority order: lower wins. */
    public int rank(String type) {
        int i = priority.indexOf(type);
        if (i >= 0) {
            return i;
        }
        return "anonymousId".equals(type) ? Integer.MAX_VALUE : priority.size();
    }

    /** Orders identifiers by priority, then type name, then value. */
    public Comparator<IdentifierNormalizer.Normalized> byPriority() {
        return Comparator.comparingInt((IdentifierNormalizer.Normalized n) -> rank(n.type()))
                .thenComparing(IdentifierNormalizer.Normalized::type)
                .thenComparing(IdentifierNormalizer.Normalized::value);
    }
}

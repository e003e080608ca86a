package io.cjm.identity.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns raw identifiers into the normalized form used for matching: emails trimmed and
 * lower-cased, phone and WhatsApp numbers in E.164 (libphonenumber, with a default region
 * for numbers written without a country code), other types trimmed. Values that cannot
 * identify anybody (empty, "null", "unknown", all zeros, ...) or that are invalid for
 * their type are reported, never linked.
 */
public final class IdentifierNormalizer {

    /** Canonical names of the built-in identifier types, keyed by their lower-case form. */
    private static final Map<String, String> KNOWN_TYPES = Map.of(
            "email", "email",
            "phone", "phone",
            "customerid", "customerId",
            "anonymousid", "anonymousId",
            "whatsapp", "whatsapp",
            "social", "social",
            "userid", "customerId");

    private static final Set<String> JUNK = Set.of("", "null", "undefined", "none", "nil", "anonymous", "unknown", "nan",
            "0", "-1", "n/a", "na");

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public IdentifierNormalizer(String defaultRegion) {
        this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    }

    /** A normalized identifier. */
    public record Normalized(String type, String value) {
    }

    /** An identifier that was left out, and why. */
    public record Issue(String type, String reason) {
    }

    /** The outcome for one touchpoint's identifiers, sorted by type then value. */
    public record Result(List<Normalized> identifiers, List<Issue> issues) {
    }

    public Result normalize(Map<String, String> raw) {
        List<Normalized> ok = new ArrayList<>();
        List<Issue> issues = new ArrayList<>();
        new TreeMap<>(raw).forEach((rawType, rawValue) -> {
            String type = canonicalType(rawType);
            if (type.isEmpty()) {
                issues.add(new Issue(rawType, "identifier type is empty"));
                return;
            }
            String value = rawValue == null ? "" : rawValue.trim();
            if (isJunk(value)) {
                issues.add(new Issue(type, "value cannot identify a person"));
                return;
            }
            switch (type) {
                case "email" -> email(value).ifPresentOrElse(v -> ok.add(new Normalized(type, v)),
                        () -> issues.add(new Issue(type, "not a valid email address")));
                case "phone", "whatsapp" -> phone(value).ifPresentOrElse(v -> ok.add(new Normalized(type, v)),
                        () -> issues.add(new Issue(type, "not a valid phone number")));
                default -> ok.add(new Normalized(type, value));
            }
        });
        ok.sort((a, b) -> a.type().equals(b.type()) ? a.value().compareTo(b.value()) : a.type().compareTo(b.type()));
        return new Result(List.copyOf(ok), List.copyOf(issues));
    }

    /** Normalizes one value of one type, or empty when it is junk or invalid. */
    public Optional<Normalized> normalizeOne(String rawType, String rawValue) {
        Result r = normalize(Map.of(rawType, rawValue == null ? "" : rawValue));
        return r.identifiers().stream().findFirst();
    }

    static String canonicalType(String rawType) {
        String t = rawType == null ? "" : rawType.trim();
        return KNOWN_TYPES.getOrDefault(t.toLowerCase(Locale.ROOT), t);
    }

    static boolean isJunk(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return JUNK.contains(v) || v.chars().allMatch(c -> c == '0' || c == '-' || c == ' ');
    }

    private Optional<String> email(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        int at = v.indexOf('@');
        boolean valid = at > 0 && at == v.lastIndexOf('@') && at < v.length() - 1
                && v.indexOf('.', at) > at + 1 && !v.endsWith(".") && v.chars().noneMatch(Character::isWhitespace);
        return valid ? Optional.of(v) : Optional.empty();
    }

    private Optional<String> phone(String value) {
        try {
            var number = phones.parse(value, defaultRegion);
            if (!phones.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}

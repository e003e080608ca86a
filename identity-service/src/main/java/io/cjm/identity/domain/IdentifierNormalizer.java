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
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.EmailValidator;

/**
 * Turns raw identifiers into the normalized form used for matching, following one tenant's
 * {@link IdentityRules}: emails checked with Apache Commons Validator, trimmed and lower-cased (Gmail dots and "+tags" dropped only
 * when the tenant opts in), phone and WhatsApp numbers in E.164 (libphonenumber, with the
 * tenant's default region for numbers written without a country code), other types
 * trimmed. Values that cannot identify anybody (empty, "null", "unknown", all zeros, the
 * tenant's blocked patterns, ...), values invalid for their type and types the tenant has
 * not defined are reported, never linked.
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

    /** Values that never identify a person, as the leading CDPs block them (compared lower-cased). */
    private static final Set<String> JUNK = Set.of("", "null", "undefined", "none", "nil", "anonymous", "unknown", "nan",
            "0", "-1", "n/a", "na", "[object object]", "true", "false", "test", "guest");

    private static final Set<String> GMAIL_DOMAINS = Set.of("gmail.com", "googlemail.com");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** Apache Commons Validator: RFC 5322 syntax with a known top-level domain. */
    private static final EmailValidator EMAILS = EmailValidator.getInstance(false, false);

    /** Longest value kept; longer ones are reported. */
    public static final int MAX_VALUE_LENGTH = 320;

    private final IdentityRules rules;

    public IdentifierNormalizer(IdentityRules rules) {
        this.rules = rules;
    }

    /** Default rules with the given phone region. */
    public IdentifierNormalizer(String defaultRegion) {
        this(IdentityRules.defaults(defaultRegion));
    }

    public IdentityRules rules() {
        return rules;
    }

    /** A normalized identifier. */
    public record Normalized(String type, String value) implements Comparable<Normalized> {

        /** "type:value", the identifier's key in the graph. */
        public String key() {
            return type + ":" + value;
        }

        /** The inverse of {@link #key()}. */
        public static Normalized ofKey(String key) {
            int colon = key.indexOf(':');
            return new Normalized(key.substring(0, colon), key.substring(colon + 1));
        }

        @Override
        public int compareTo(Normalized o) {
            int c = type.compareTo(o.type);
            return c != 0 ? c : value.compareTo(o.value);
        }
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
            if (!rules.knows(type)) {
                issues.add(new Issue(type, "not an identifier type of this tenant (add it to customTypes)"));
                return;
            }
            String value = rawValue == null ? "" : rawValue.strip();
            if (isJunk(value) || blocked(value)) {
                issues.add(new Issue(type, "value cannot identify a person"));
                return;
            }
            if (value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
                issues.add(new Issue(type, "value is longer than " + MAX_VALUE_LENGTH
                        + " characters or holds control characters"));
                return;
            }
            switch (type) {
                case "email" -> email(value).ifPresentOrElse(v -> ok.add(new Normalized(type, v)),
                        () -> issues.add(new Issue(type, "not a valid email address")));
                case "phone", "whatsapp" -> phone(type, value).ifPresentOrElse(v -> ok.add(new Normalized(type, v)),
                        () -> issues.add(new Issue(type, "not a valid phone number")));
                default -> ok.add(new Normalized(type, value));
            }
        });
        ok.sort(null);
        return new Result(List.copyOf(ok), List.copyOf(issues));
    }

    /** Normalizes one value of one type, or empty when it is junk, invalid or of an unknown type. */
    public Optional<Normalized> normalizeOne(String rawType, String rawValue) {
        Result r = normalize(Map.of(rawType == null ? "" : rawType, rawValue == null ? "" : rawValue));
        return r.identifiers().stream().findFirst();
    }

    static boolean isBuiltIn(String type) {
        return KNOWN_TYPES.containsKey(type.toLowerCase(Locale.ROOT));
    }

    static String canonicalType(String rawType) {
        String t = rawType == null ? "" : rawType.trim();
        return KNOWN_TYPES.getOrDefault(t.toLowerCase(Locale.ROOT), t);
    }

    static boolean isJunk(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return JUNK.contains(v) || v.chars().allMatch(c -> c == '0' || c == '-' || c == ' ' || c == '.');
    }

    private boolean blocked(String value) {
        for (Pattern p : rules.blockedPatterns()) {
            if (p.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> email(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!EMAILS.isValid(v)) {
            return Optional.empty();
        }
        int at = v.lastIndexOf('@');
        String local = v.substring(0, at);
        String domain = v.substring(at + 1);
        if (rules.gmailNormalization() && GMAIL_DOMAINS.contains(domain)) {
            int plus = local.indexOf('+');
            local = (plus >= 0 ? local.substring(0, plus) : local).replace(".", "");
            if (local.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(local + "@gmail.com");
        }
        return Optional.of(v);
    }

    private Optional<String> phone(String type, String value) {
        Optional<String> read = phone(value);
        // The WhatsApp Business API writes numbers internationally without the "+".
        if (read.isEmpty() && "whatsapp".equals(type) && value.matches("\\d{8,15}")) {
            return phone("+" + value);
        }
        return read;
    }

    private Optional<String> phone(String value) {
        try {
            var number = PHONES.parse(value, rules.defaultRegion());
            if (!PHONES.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

}

package io.cjm.journey.domain;

import java.util.List;
import java.util.Locale;

/**
 * Event type comparison. Types are compared case-insensitively and ignoring whitespace,
 * {@code _}, {@code -} and {@code .}, so {@code Order Completed}, {@code order_completed}
 * and {@code order.completed} are one type. A pattern ending in {@code *} matches every type
 * that starts with what precedes it ({@code support.*} matches {@code support.case_opened}).
 */
public final class EventTypes {

    private EventTypes() {
    }

    /** The canonical form of a type: lower case, without separators; {@code ""} for null. */
    public static String normalize(String type) {
        if (type == null) {
            return "";
        }
        StringBuilder canonical = new StringBuilder(type.length());
        for (char c : type.toLowerCase(Locale.ROOT).toCharArray()) {
            if (!isSeparator(c)) {
                canonical.append(c);
            }
        }
        return canonical.toString();
    }

    /** Whether the type matches at least one of the patterns. */
    public static boolean matches(String type, List<String> patterns) {
        return TypePatterns.of(patterns).matchesNormalized(normalize(type));
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || c == '_' || c == '-' || c == '.';
    }
}

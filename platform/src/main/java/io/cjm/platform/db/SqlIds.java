package io.cjm.platform.db;

import java.util.Collection;

/**
 * A list of ids as one SQL parameter: the ids travel as a JSON array of strings in one text
 * parameter, and {@link #anyOf} reads them back as {@code = ANY (ARRAY(...))}. The statement's
 * text is then the same however many ids there are, so Hibernate does not translate an HQL
 * {@code in :ids} again for each new list size (in the pipeline benchmark that was about a tenth
 * of journey-service's CPU), PostgreSQL takes any number of ids (an {@code in} list stops at
 * 65,535 parameters), and the array is built once and probed through an index whatever the
 * statistics say.
 */
public final class SqlIds {

    private SqlIds() {
    }

    /** SQL for "any of the ids of the JSON array bound to parameter {@code ?n}", to follow {@code column =}. */
    public static String anyOf(int n) {
        return "ANY (ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(?" + n + " AS text) AS jsonb))))";
    }

    /** The ids as a JSON array of strings, for {@link #anyOf}. */
    public static String json(Collection<String> ids) {
        StringBuilder out = new StringBuilder(ids.size() * 40 + 2).append('[');
        boolean first = true;
        for (String id : ids) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, id);
        }
        return out.append(']').toString();
    }

    /**
     * Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped, the
     * rest as it is (PostgreSQL's {@code jsonb} reads it, except the escaped NUL character, which
     * a text column refuses as well).
     */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        if (plain(s)) {
            // Nearly every value: nothing to escape, so appended at once rather than char by char.
            out.append(s).append('"');
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}

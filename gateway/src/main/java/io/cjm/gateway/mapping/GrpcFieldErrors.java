package io.cjm.gateway.mapping;

import io.cjm.gateway.rest.model.FieldErrorBody;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads the field errors out of a service's INVALID_ARGUMENT description. The services write
 * {@code field: message}, several joined with {@code "; "} (for example
 * {@code settings.blockedPatterns[0]: not a valid regular expression; settings.limits.email:
 * must be at least 1}), with the field named as in the proto; the caller renames it to the
 * field of the REST body.
 */
public final class GrpcFieldErrors {

    /** A "; " that starts another "field: message" (a field path has no blank, colon or semicolon). */
    private static final Pattern NEXT = Pattern.compile("; (?=[^\\s:;]+: )");

    private GrpcFieldErrors() {
    }

    /** One error per "field: message" part; a part without a field gets the field "". */
    public static List<FieldErrorBody> parse(String description, UnaryOperator<String> restField) {
        List<FieldErrorBody> errors = new ArrayList<>();
        if (description == null || description.isBlank()) {
            return errors;
        }
        for (String part : NEXT.split(description)) {
            int colon = part.indexOf(": ");
            if (colon <= 0 || part.substring(0, colon).contains(" ")) {
                errors.add(new FieldErrorBody("", part));
            } else {
                errors.add(new FieldErrorBody(restField.apply(part.substring(0, colon)), part.substring(colon + 2)));
            }
        }
        return errors;
    }

    /** Strips a prefix the REST body does not have, e.g. {@code settings.} when the body is the settings. */
    public static UnaryOperator<String> withoutPrefix(String prefix) {
        return f -> f.startsWith(prefix) ? f.substring(prefix.length()) : f;
    }

    /** snake_case proto names to the camelCase of the REST API: {@code other_profile_id} is {@code otherProfileId}. */
    public static String camelCase(String protoField) {
        StringBuilder b = new StringBuilder(protoField.length());
        boolean upper = false;
        for (char c : protoField.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }
}

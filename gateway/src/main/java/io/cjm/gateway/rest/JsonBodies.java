package io.cjm.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.rest.model.FieldErrorBody;
import java.io.IOException;
import java.util.List;

/**
 * Reads a request body as JSON the gateway's own way: the resources take the bytes, so that
 * a too large body, malformed JSON and unknown fields all get a problem+json that names the
 * field (Jackson's binding would stop at the first problem, with its own wording).
 */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as a JSON tree; 413 over {@code maxBytes}, 400 when empty or malformed. */
    static JsonNode read(ObjectMapper json, byte[] body, int maxBytes) {
        if (body.length > maxBytes) {
            throw new ApiProblem(413, "Payload too large", "A request carries at most "
                    + (maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MiB" : maxBytes / 1024 + " KiB"),
                    List.of());
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw ApiProblem.invalid("", "the body is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new ApiProblem(400, "Malformed JSON", "The body is not valid JSON"
                    + (at != null ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : ""),
                    List.of(new FieldErrorBody("", e.getOriginalMessage())));
        } catch (IOException e) {
            throw ApiProblem.invalid("", "the body could not be read");
        }
    }

    /** 400 with every field error, when there is any. */
    static void requireNoErrors(String title, List<FieldErrorBody> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(title, errors);
        }
    }
}

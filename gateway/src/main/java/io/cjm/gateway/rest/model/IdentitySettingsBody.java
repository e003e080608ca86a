package io.cjm.gateway.rest.model;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The tenant's identity resolution settings, as read and as written with PUT (a full replacement). */
@Schema(description = "Identity resolution settings of the tenant. PUT replaces them all; a field left out "
        + "gets its default.")
public record IdentitySettingsBody(
        @Schema(description = "ISO 3166 region for phone numbers written without a country code, e.g. ES")
        String defaultRegion,
        @Schema(description = "Ignore dots and +tags in gmail.com and googlemail.com addresses")
        boolean gmailNormalization,
        @Schema(description = "Identifier types of the tenant's own, e.g. loyaltyCard")
        List<String> customTypes,
        @Schema(description = "Regular expressions; a value matching one (whole value, case-insensitive) never links")
        List<String> blockedPatterns,
        @Schema(description = "Identifier types from highest to lowest priority")
        List<String> priority,
        @Schema(description = "Most values of a type one profile may hold; a type not named is unlimited")
        Map<String, Integer> limits) {
}

package io.cjm.identity.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.identity.domain.IdentifierNormalizer.Issue;
import io.cjm.identity.domain.IdentifierNormalizer.Normalized;
import io.cjm.identity.domain.IdentifierNormalizer.Result;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierNormalizerTest {

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer("US");

    @Test
    void emailsAreTrimmedAndLowerCased() {
        Result r = normalizer.normalize(Map.of("email", "  Ana.Garcia@Example.COM "));

        assertEquals(List.of(new Normalized("email", "ana.garcia@example.com")), r.identifiers());
        assertTrue(r.issues().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana.example.com", "ana@", "@example.com", "ana@example", "ana@@example.com",
            "ana garcia@example.com"})
    void anInvalidEmailIsReportedAndNotLinked(String value) {
        Result r = normalizer.normalize(Map.of("email", value));

        assertTrue(r.identifiers().isEmpty(), () -> "linked " + r.identifiers());
        assertEquals(List.of(new Issue("email", "not a valid email address")), r.issues());
    }

    @Test
    void aPhoneWithItsCountryCodeBecomesE164() {
        assertEquals(Optional.of(new Normalized("phone", "+34600123456")),
                normalizer.normalizeOne("phone", "+34 600 123 456"));
    }

    @Test
    void aPhoneWithoutCountryCodeIsReadInTheDefaultRegion() {
        assertEquals(Optional.of(new Normalized("phone", "+14155550132")),
                normalizer.normalizeOne("phone", "(415) 555-0132"));
    }

    @Test
    void theDefaultRegionIsTheOneConfigured() {
        IdentifierNormalizer spanish = new IdentifierNormalizer("es");

        assertEquals(Optional.of(new Normalized("phone", "+34600123456")),
                spanish.normalizeOne("phone", "600 123 456"));
    }

    @Test
    void whatsappNumbersAreNormalizedLikePhones() {
        assertEquals(Optional.of(new Normalized("whatsapp", "+34600123456")),
                normalizer.normalizeOne("WhatsApp", "+34-600-12-34-56"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "+34 123", "call me", "+1 (415) 555-01"})
    void anInvalidPhoneIsReportedAndNotLinked(String value) {
        Result r = normalizer.normalize(Map.of("phone", value));

        assertTrue(r.identifiers().isEmpty(), () -> "linked " + r.identifiers());
        assertEquals(List.of(new Issue("phone", "not a valid phone number")), r.issues());
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "NULL", "unknown", "Unknown ", "0000", "0", "-1", "n/a", "undefined", "  ", ""})
    void junkValuesAreIgnoredWithAReason(String value) {
        Result r = normalizer.normalize(Map.of("customerId", value, "email", value));

        assertTrue(r.identifiers().isEmpty(), () -> "linked " + r.identifiers());
        assertEquals(List.of(new Issue("customerId", "value cannot identify a person"),
                new Issue("email", "value cannot identify a person")), r.issues());
    }

    @Test
    void aCustomerIdIsKeptAsIsApartFromSurroundingBlanks() {
        Result r = normalizer.normalize(Map.of("customerId", " CRM-00aB/7 "));

        assertEquals(List.of(new Normalized("customerId", "CRM-00aB/7")), r.identifiers());
    }

    @Test
    void knownTypesAreRecognizedWhateverTheirCase() {
        Result r = normalizer.normalize(Map.of("EMAIL", "a@b.io", "CustomerID", "42", "userId", "43"));

        assertEquals(List.of(new Normalized("customerId", "42"), new Normalized("customerId", "43"),
                new Normalized("email", "a@b.io")), r.identifiers());
    }

    @Test
    void tenantDefinedTypesAreKeptWithTheirValueTrimmed() {
        IdentifierNormalizer withLoyalty = new IdentifierNormalizer(new IdentityRules("US", false,
                Set.of("loyaltyCard"), List.of(), IdentityRules.DEFAULT_PRIORITY, IdentityRules.DEFAULT_LIMITS));

        assertEquals(Optional.of(new Normalized("loyaltyCard", "LC 0042")),
                withLoyalty.normalizeOne("loyaltyCard", " LC 0042 "));
    }

    @Test
    void typesTheTenantHasNotDefinedAreReportedNotLinked() {
        Result r = normalizer.normalize(Map.of("loyaltyCard", "LC 0042"));

        assertTrue(r.identifiers().isEmpty(), () -> "linked " + r.identifiers());
        assertEquals(List.of(new Issue("loyaltyCard", "not an identifier type of this tenant (add it to customTypes)")),
                r.issues());
    }

    @Test
    void gmailDotsAndTagsAreIgnoredOnlyWhenTheTenantOptsIn() {
        IdentifierNormalizer gmail = new IdentifierNormalizer(new IdentityRules("US", true, Set.of(), List.of(),
                IdentityRules.DEFAULT_PRIORITY, IdentityRules.DEFAULT_LIMITS));

        assertEquals(Optional.of(new Normalized("email", "anagarcia@gmail.com")),
                gmail.normalizeOne("email", "Ana.Garcia+shop@googlemail.com"));
        assertEquals(Optional.of(new Normalized("email", "ana.garcia+shop@gmail.com")),
                normalizer.normalizeOne("email", "Ana.Garcia+shop@gmail.com"));
        assertEquals(Optional.of(new Normalized("email", "ana.garcia@example.com")),
                gmail.normalizeOne("email", "Ana.Garcia@example.com"));
    }

    @Test
    void tenantBlockedPatternsNeverLink() {
        IdentifierNormalizer strict = new IdentifierNormalizer(new IdentityRules("US", false, Set.of(),
                List.of(Pattern.compile("test-.*", Pattern.CASE_INSENSITIVE),
                        Pattern.compile(".*@example\\.invalid", Pattern.CASE_INSENSITIVE)),
                IdentityRules.DEFAULT_PRIORITY, IdentityRules.DEFAULT_LIMITS));

        Result r = strict.normalize(Map.of("customerId", "TEST-1", "email", "x@example.invalid", "phone", "+34600123456"));

        assertEquals(List.of(new Normalized("phone", "+34600123456")), r.identifiers());
        assertEquals(List.of(new Issue("customerId", "value cannot identify a person"),
                new Issue("email", "value cannot identify a person")), r.issues());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "null", "NULL", "undefined", "anonymous", "unknown", "NaN", "0", "-1", "000000",
            "00-00", "n/a" })
    void builtInJunkNeverLinks(String junk) {
        assertTrue(normalizer.normalizeOne("customerId", junk).isEmpty(), () -> junk + " linked");
        assertTrue(normalizer.normalizeOne("anonymousId", junk).isEmpty(), () -> junk + " linked");
    }

    @Test
    void aWhatsAppNumberWrittenWithoutThePlusIsReadInternationallyWhenTheRegionCannotReadIt() {
        assertEquals(Optional.of(new Normalized("whatsapp", "+447400123456")),
                normalizer.normalizeOne("whatsapp", "447400123456"));
        assertEquals(Optional.of(new Normalized("whatsapp", "+14155550132")),
                normalizer.normalizeOne("whatsapp", "4155550132"));
        assertTrue(normalizer.normalizeOne("phone", "447400123456").isEmpty());
    }

    @Test
    void aPhoneNumberIsReadWithTheTenantsRegion() {
        IdentifierNormalizer uk = new IdentifierNormalizer(IdentityRules.defaults("GB"));

        assertEquals(Optional.of(new Normalized("whatsapp", "+447911123456")),
                uk.normalizeOne("whatsapp", "07911 123456"));
    }

    @Test
    void goodIdentifiersStillLinkWhenOthersOfTheSameTouchpointAreRejected() {
        Result r = normalizer.normalize(Map.of("email", "Ana@Example.com", "phone", "unknown", "customerId", "x@"));

        assertEquals(List.of(new Normalized("customerId", "x@"), new Normalized("email", "ana@example.com")),
                r.identifiers());
        assertEquals(List.of(new Issue("phone", "value cannot identify a person")), r.issues());
    }

    @Test
    void normalizeOneIsEmptyForJunkOrInvalidValues() {
        assertEquals(Optional.empty(), normalizer.normalizeOne("email", "unknown"));
        assertEquals(Optional.empty(), normalizer.normalizeOne("phone", "12"));
        assertEquals(Optional.empty(), normalizer.normalizeOne("email", null));
    }
}

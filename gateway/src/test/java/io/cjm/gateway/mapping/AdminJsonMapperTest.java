package io.cjm.gateway.mapping;

import static io.cjm.gateway.mapping.TouchpointJson.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.gateway.mapping.AdminJsonMapper.Parsed;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.gateway.rest.model.IdentitySettingsBody;
import io.cjm.gateway.rest.model.MergeRequestBody;
import io.cjm.gateway.rest.model.ReplayRequestBody;
import io.cjm.gateway.rest.model.SplitRequestBody;
import io.cjm.proto.identity.v1.IdentitySettings;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdminJsonMapperTest {

    @Nested
    class Replay {

        @Test
        void readsTheIds() {
            Parsed<ReplayRequestBody> p = AdminJsonMapper.replay(parse("""
                    {"touchpointIds": ["tp-1", "tp-2"]}"""));

            assertEquals(List.of(), p.errors());
            assertEquals(List.of("tp-1", "tp-2"), p.value().touchpointIds());
        }

        @Test
        void noIdsMeansAll() {
            assertEquals(List.of(), AdminJsonMapper.replay(parse("{}")).value().touchpointIds());
            assertEquals(List.of(), AdminJsonMapper.replay(parse("{\"touchpointIds\": null}")).value().touchpointIds());
            assertEquals(List.of(), AdminJsonMapper.replay(parse("{\"touchpointIds\": []}")).value().touchpointIds());
        }

        @Test
        void anUnknownFieldIsNamed() {
            assertEquals(List.of(new FieldErrorBody("ids", "unknown field")), AdminJsonMapper.replay(parse("""
                    {"touchpointIds": ["tp-1"], "ids": ["tp-2"]}""")).errors());
        }

        @Test
        void theIdsMustBeNonBlankStrings() {
            assertEquals(List.of(new FieldErrorBody("touchpointIds", "must be an array of strings")),
                    AdminJsonMapper.replay(parse("{\"touchpointIds\": \"tp-1\"}")).errors());
            assertEquals(List.of(new FieldErrorBody("touchpointIds[1]", "must be a string")),
                    AdminJsonMapper.replay(parse("{\"touchpointIds\": [\"tp-1\", 7]}")).errors());
            assertEquals(List.of(new FieldErrorBody("touchpointIds[0]", "must not be blank")),
                    AdminJsonMapper.replay(parse("{\"touchpointIds\": [\" \"]}")).errors());
        }

        @Test
        void atMostAThousandIds() {
            String ids = String.join(",", Collections.nCopies(1001, "\"tp\""));
            assertEquals(List.of(new FieldErrorBody("touchpointIds", "at most 1000 ids")),
                    AdminJsonMapper.replay(parse("{\"touchpointIds\": [" + ids + "]}")).errors());
        }

        @Test
        void aBodyThatIsNotAnObjectIsRefusedAsAWhole() {
            assertEquals(List.of(new FieldErrorBody("", "the body must be a JSON object")),
                    AdminJsonMapper.replay(parse("[\"tp-1\"]")).errors());
        }
    }

    @Nested
    class Merge {

        @Test
        void readsTheOtherProfileAndTheReason() {
            Parsed<MergeRequestBody> p = AdminJsonMapper.merge(parse("""
                    {"otherProfileId": "p-2", "reason": "same person"}"""));

            assertEquals(List.of(), p.errors());
            assertEquals(new MergeRequestBody("p-2", "same person"), p.value());
        }

        @Test
        void theReasonIsOptionalAndNullCountsAsAbsent() {
            Parsed<MergeRequestBody> p = AdminJsonMapper.merge(parse("""
                    {"otherProfileId": "p-2", "reason": null}"""));

            assertEquals(List.of(), p.errors());
            assertNull(p.value().reason());
        }

        @Test
        void anUnknownFieldIsNamed() {
            assertEquals(List.of(new FieldErrorBody("profileId", "unknown field")), AdminJsonMapper.merge(parse("""
                    {"otherProfileId": "p-2", "profileId": "p-1"}""")).errors());
        }

        @Test
        void theOtherProfileIsRequiredAndMustBeAString() {
            assertEquals(List.of(new FieldErrorBody("otherProfileId", "required")),
                    AdminJsonMapper.merge(parse("{\"reason\": \"x\"}")).errors());
            assertEquals(List.of(new FieldErrorBody("otherProfileId", "required")),
                    AdminJsonMapper.merge(parse("{\"otherProfileId\": \"  \"}")).errors());
            assertEquals(List.of(new FieldErrorBody("otherProfileId", "must be a string")),
                    AdminJsonMapper.merge(parse("{\"otherProfileId\": 42}")).errors());
        }

        @Test
        void aBodyThatIsNotAnObjectIsRefusedAsAWhole() {
            assertEquals(List.of(new FieldErrorBody("", "the body must be a JSON object")),
                    AdminJsonMapper.merge(parse("[\"p-2\"]")).errors());
        }
    }

    @Nested
    class Split {

        @Test
        void readsTypeValueAndReason() {
            Parsed<SplitRequestBody> p = AdminJsonMapper.split(parse("""
                    {"type": "anonymousId", "value": "tablet-1", "reason": "family device"}"""));

            assertEquals(List.of(), p.errors());
            assertEquals(new SplitRequestBody("anonymousId", "tablet-1", "family device"), p.value());
        }

        @Test
        void everyMissingAndUnknownFieldIsNamed() {
            assertEquals(List.of(new FieldErrorBody("identifier", "unknown field"),
                    new FieldErrorBody("type", "required"), new FieldErrorBody("value", "required")),
                    AdminJsonMapper.split(parse("{\"identifier\": \"email:a@b.c\"}")).errors());
        }
    }

    @Nested
    class Settings {

        @Test
        void readsEveryField() {
            Parsed<IdentitySettingsBody> p = AdminJsonMapper.settings(parse("""
                    {"defaultRegion": "ES", "gmailNormalization": true, "customTypes": ["loyaltyCard"],
                     "blockedPatterns": ["test-.*"], "priority": ["customerId", "email"],
                     "limits": {"customerId": 1, "email": 5}}"""));

            assertEquals(List.of(), p.errors());
            assertEquals(new IdentitySettingsBody("ES", true, List.of("loyaltyCard"), List.of("test-.*"),
                    List.of("customerId", "email"), Map.of("customerId", 1, "email", 5)), p.value());
        }

        @Test
        void fieldsLeftOutGetTheirDefaults() {
            Parsed<IdentitySettingsBody> p = AdminJsonMapper.settings(parse("{\"defaultRegion\": null}"));

            assertEquals(List.of(), p.errors());
            assertEquals(new IdentitySettingsBody("", false, List.of(), List.of(), List.of(), Map.of()), p.value());
        }

        @Test
        void everyUnreadableFieldIsNamedWithItsPath() {
            List<FieldErrorBody> errors = AdminJsonMapper.settings(parse("""
                    {"defaultRegion": 34, "gmailNormalization": "yes", "customTypes": "loyaltyCard",
                     "blockedPatterns": ["ok", 7], "limits": {"email": 1.5, "phone": "2"}, "tenant": "globex"}"""))
                    .errors();

            assertEquals(List.of(new FieldErrorBody("defaultRegion", "must be a string"),
                    new FieldErrorBody("gmailNormalization", "must be true or false"),
                    new FieldErrorBody("customTypes", "must be an array of strings"),
                    new FieldErrorBody("blockedPatterns[1]", "must be a string"),
                    new FieldErrorBody("limits.email", "must be an integer"),
                    new FieldErrorBody("limits.phone", "must be an integer"),
                    new FieldErrorBody("tenant", "unknown field")), errors);
        }

        @Test
        void theReadSettingsBecomeTheProtoAndComeBackUnchanged() {
            IdentitySettingsBody body = AdminJsonMapper.settings(parse("""
                    {"defaultRegion": "ES", "gmailNormalization": true, "customTypes": ["loyaltyCard"],
                     "blockedPatterns": ["test-.*"], "priority": ["email"], "limits": {"email": 2}}""")).value();

            IdentitySettings proto = ApiMapper.settingsRequest(body);

            assertEquals("ES", proto.getDefaultRegion());
            assertTrue(proto.getGmailNormalization());
            assertEquals(Map.of("email", 2), proto.getLimitsMap());
            assertEquals(body, ApiMapper.settings(proto));
            assertFalse(ApiMapper.settings(IdentitySettings.getDefaultInstance()).gmailNormalization());
        }
    }
}

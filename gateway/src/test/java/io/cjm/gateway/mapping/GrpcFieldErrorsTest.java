package io.cjm.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cjm.gateway.rest.model.FieldErrorBody;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class GrpcFieldErrorsTest {

    @Test
    void identitysSettingsDescriptionGivesOneErrorPerFieldPathOfTheBody() {
        String description = "settings.defaultRegion: not a region libphonenumber knows: XX; "
                + "settings.blockedPatterns[0]: not a valid regular expression: Unclosed group; "
                + "settings.limits.email: must be at least 1";

        assertEquals(List.of(
                new FieldErrorBody("defaultRegion", "not a region libphonenumber knows: XX"),
                new FieldErrorBody("blockedPatterns[0]", "not a valid regular expression: Unclosed group"),
                new FieldErrorBody("limits.email", "must be at least 1")),
                GrpcFieldErrors.parse(description, GrpcFieldErrors.withoutPrefix("settings.")));
    }

    @Test
    void aSemicolonInsideAMessageDoesNotSplitIt() {
        assertEquals(List.of(new FieldErrorBody("blockedPatterns[0]", "not valid; near index 3")),
                GrpcFieldErrors.parse("blockedPatterns[0]: not valid; near index 3", UnaryOperator.identity()));
    }

    @Test
    void protoFieldNamesBecomeTheRestOnes() {
        assertEquals(List.of(new FieldErrorBody("otherProfileId", "required")),
                GrpcFieldErrors.parse("other_profile_id: required", GrpcFieldErrors::camelCase));
    }

    @Test
    void aDescriptionWithoutAFieldIsKeptWhole() {
        assertEquals(List.of(new FieldErrorBody("", "the identifier is the profile's only one")),
                GrpcFieldErrors.parse("the identifier is the profile's only one", UnaryOperator.identity()));
        assertEquals(List.of(), GrpcFieldErrors.parse(null, UnaryOperator.identity()));
    }
}

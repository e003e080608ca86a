package io.cjm.gateway.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.journey.v1.JourneyStatus;
import io.cjm.proto.journey.v1.ListJourneysRequest;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class JourneyQueryMapperTest {

    /** Query parameters, all absent until set. */
    private record Query(String profileId, String type, String status, String stage, String from, String to,
            String minJes, String maxJes, String limit, String cursor) {

        static Query none() {
            return new Query(null, null, null, null, null, null, null, null, null, null);
        }

        Query from(String v) {
            return new Query(profileId, type, status, stage, v, to, minJes, maxJes, limit, cursor);
        }

        Query to(String v) {
            return new Query(profileId, type, status, stage, from, v, minJes, maxJes, limit, cursor);
        }

        Query jes(String min, String max) {
            return new Query(profileId, type, status, stage, from, to, min, max, limit, cursor);
        }

        Query limit(String v) {
            return new Query(profileId, type, status, stage, from, to, minJes, maxJes, v, cursor);
        }

        Query cursor(String v) {
            return new Query(profileId, type, status, stage, from, to, minJes, maxJes, limit, v);
        }

        Query status(String v) {
            return new Query(profileId, type, v, stage, from, to, minJes, maxJes, limit, cursor);
        }

        JourneyQueryMapper.Parsed parse() {
            return JourneyQueryMapper.request("acme", new JourneyQueryMapper.Params(profileId, type, status, stage,
                    from, to, minJes, maxJes, limit, cursor));
        }
    }

    @Test
    void noParametersListTheTenantsJourneysFiftyAtATime() {
        JourneyQueryMapper.Parsed parsed = Query.none().parse();

        assertEquals(List.of(), parsed.errors());
        assertEquals(ListJourneysRequest.newBuilder().setTenantId("acme").setPageSize(50).build(), parsed.request());
    }

    @Test
    void everyFilterReachesTheRequest() {
        JourneyQueryMapper.Parsed parsed = JourneyQueryMapper.request("acme", new JourneyQueryMapper.Params("p-1",
                "support", "open", "assisted", "2026-01-15T09:30:00+01:00", "2026-01-16T00:00:00.5Z", "40", "75.5",
                "10", "opaque"));

        assertEquals(List.of(), parsed.errors());
        ListJourneysRequest r = parsed.request();
        assertEquals("p-1", r.getProfileId());
        assertEquals("support", r.getType());
        assertEquals(JourneyStatus.JOURNEY_STATUS_OPEN, r.getStatus());
        assertEquals("assisted", r.getStage());
        assertEquals(Instant.parse("2026-01-15T08:30:00Z").getEpochSecond(), r.getActiveFrom().getSeconds());
        assertEquals(Instant.parse("2026-01-16T00:00:00Z").getEpochSecond(), r.getActiveTo().getSeconds());
        assertEquals(500_000_000, r.getActiveTo().getNanos());
        assertEquals(40.0, r.getMinJes());
        assertEquals(75.5, r.getMaxJes());
        assertEquals(10, r.getPageSize());
        assertEquals("opaque", r.getPageToken());
    }

    @Test
    void theJesBoundsAreInclusiveAndMayBeEqual() {
        JourneyQueryMapper.Parsed parsed = Query.none().jes("0", "0").parse();

        assertEquals(List.of(), parsed.errors());
        assertTrue(parsed.request().hasMinJes());
        assertEquals(0.0, parsed.request().getMaxJes());
        assertEquals(List.of(), Query.none().jes("100", "100").parse().errors());
    }

    @Test
    void badValuesAreNamedByTheirQueryParameter() {
        assertEquals(List.of("from"), fields(Query.none().from("2026-01-15")));
        assertEquals(List.of("from"), fields(Query.none().from("2026-01-15T09:30:00")));
        assertEquals(List.of("to"), fields(Query.none().to("2026-01-15T09:30:00 01:00")));
        assertEquals(List.of("to"), fields(Query.none().to("+10000-01-01T00:00:00Z")));
        assertEquals(List.of("minJes"), fields(Query.none().jes("-1", null)));
        assertEquals(List.of("maxJes"), fields(Query.none().jes(null, "100.01")));
        assertEquals(List.of("minJes"), fields(Query.none().jes("NaN", null)));
        assertEquals(List.of("maxJes"), fields(Query.none().jes(null, "0x10")));
        assertEquals(List.of("limit"), fields(Query.none().limit("0")));
        assertEquals(List.of("limit"), fields(Query.none().limit("501")));
        assertEquals(List.of("limit"), fields(Query.none().limit("ten")));
        assertEquals(List.of("status"), fields(Query.none().status("closed")));
        assertEquals(List.of("cursor"), fields(Query.none().cursor("")));
    }

    @Test
    void boundsInTheWrongOrderAreRefused() {
        assertEquals(List.of(new FieldErrorBody("minJes", "must not be greater than maxJes")),
                Query.none().jes("80", "79.5").parse().errors());
        assertEquals(List.of(new FieldErrorBody("to", "must be after from")),
                Query.none().from("2026-01-15T10:00:00+01:00").to("2026-01-15T09:00:00Z").parse().errors());
        assertEquals(List.of("to"), fields(Query.none().from("2026-01-15T09:00:00Z").to("2026-01-15T09:00:00Z")));
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        assertEquals(List.of("limit", "from", "maxJes"),
                fields(Query.none().limit("x").from("yesterday").jes("10", "many")));
    }

    @Test
    void journeyServicesFieldsAreNamedAsTheQueryParameters() {
        UnaryOperator<String> rest = JourneyQueryMapper::restField;

        assertEquals(List.of(new FieldErrorBody("cursor", "not a token this service issued")),
                GrpcFieldErrors.parse("page_token: not a token this service issued", rest));
        assertEquals("from", rest.apply("active_from"));
        assertEquals("to", rest.apply("active_to"));
        assertEquals("minJes", rest.apply("min_jes"));
        assertEquals("maxJes", rest.apply("max_jes"));
        assertEquals("limit", rest.apply("page_size"));
        assertEquals("profileId", rest.apply("profile_id"));
    }

    private static List<String> fields(Query q) {
        JourneyQueryMapper.Parsed parsed = q.parse();
        assertFalse(parsed.errors().isEmpty(), "expected errors");
        return parsed.errors().stream().map(FieldErrorBody::field).toList();
    }
}

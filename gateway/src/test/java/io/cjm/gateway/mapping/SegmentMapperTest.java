package io.cjm.gateway.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cjm.gateway.mapping.SegmentMapper.Call;
import io.cjm.gateway.mapping.SegmentMapper.Mapped;
import io.cjm.gateway.rest.model.FieldErrorBody;
import io.cjm.proto.touchpoint.v1.Touchpoint;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Segment tracking-spec messages onto touchpoints, one call type at a time. */
class SegmentMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Mapped map(Call call, String message) {
        return SegmentMapper.map(json(message), call, null, null, NOW);
    }

    private static Touchpoint valid(Call call, String message) {
        Mapped m = map(call, message);
        assertThat(m.errors()).isEmpty();
        return m.touchpoint();
    }

    @Test
    void trackIsItsEventWithPropertiesAsAttributesRevenueAsValueAndTheContextKept() {
        Touchpoint t = valid(Call.TRACK, """
                {'type':'track','messageId':'m-1','event':'Order Completed','userId':'u-42','anonymousId':'a-7',
                 'timestamp':'2026-11-25T09:30:00.250Z',
                 'properties':{'order_id':'O-9','revenue':99.5,'currency':'EUR'},
                 'context':{'ip':'10.0.0.1','traits':{'email':'Ana@Example.com'},'library':{'name':'analytics.js'}}}""");

        assertThat(t.getId()).isEqualTo("m-1");
        assertThat(t.getType()).isEqualTo("Order Completed");
        assertThat(t.getChannel()).isEqualTo("web");
        assertThat(t.getOccurredAt().getSeconds()).isEqualTo(Instant.parse("2026-11-25T09:30:00Z").getEpochSecond());
        assertThat(t.getOccurredAt().getNanos()).isEqualTo(250_000_000);
        assertThat(t.getIdentifiersMap()).isEqualTo(Map.of("customerId", "u-42", "anonymousId", "a-7",
                "email", "Ana@Example.com"));
        assertThat(t.getValue()).isEqualTo(99.5);
        var attributes = t.getAttributes().getFieldsMap();
        assertThat(attributes.get("orderId").getStringValue()).as("Segment's order_id correlates").isEqualTo("O-9");
        assertThat(attributes.get("currency").getStringValue()).isEqualTo("EUR");
        assertThat(attributes.get("context").getStructValue().getFieldsMap().get("ip").getStringValue())
                .isEqualTo("10.0.0.1");
    }

    @Test
    void identifyTakesEmailAndPhoneFromItsTraitsAndKeepsThem() {
        Touchpoint t = valid(Call.IDENTIFY, """
                {'messageId':'m-2','userId':42,'traits':{'email':'ana@example.com','phone':'+34 600 000 000',
                 'name':'Ana'},'timestamp':'2026-11-25T09:00:00Z'}""");

        assertThat(t.getType()).isEqualTo("Identify");
        assertThat(t.getIdentifiersMap()).isEqualTo(Map.of("customerId", "42", "email", "ana@example.com",
                "phone", "+34 600 000 000"));
        assertThat(t.getAttributes().getFieldsMap().get("traits").getStructValue().getFieldsMap().get("name")
                .getStringValue()).isEqualTo("Ana");
        assertThat(t.getChannel()).as("nothing says where: the default").isEqualTo(SegmentMapper.DEFAULT_CHANNEL);
    }

    @Test
    void pageIsPageViewedWithItsNameAndCategory() {
        Touchpoint t = valid(Call.PAGE, """
                {'messageId':'m-3','anonymousId':'a-1','name':'Pricing','category':'Docs',
                 'properties':{'url':'https://acme.example/pricing'},'timestamp':'2026-11-25T09:00:00Z'}""");

        assertThat(t.getType()).isEqualTo("Page Viewed");
        assertThat(t.getChannel()).isEqualTo("web");
        assertThat(t.getAttributes().getFieldsMap().get("name").getStringValue()).isEqualTo("Pricing");
        assertThat(t.getAttributes().getFieldsMap().get("category").getStringValue()).isEqualTo("Docs");
        assertThat(t.getAttributes().getFieldsMap().get("url").getStringValue()).isEqualTo("https://acme.example/pricing");
    }

    @Test
    void screenIsAMobileScreenViewed() {
        Touchpoint t = valid(Call.SCREEN, "{'messageId':'m-4','userId':'u-1','name':'Cart'}");

        assertThat(t.getType()).isEqualTo("Screen Viewed");
        assertThat(t.getChannel()).isEqualTo("mobile_app");
        assertThat(t.getOccurredAt().getSeconds()).as("no time given: received now").isEqualTo(NOW.getEpochSecond());
    }

    @Test
    void groupKeepsGroupIdAndTraitsButTakesNoIdentifierFromTheGroupsTraits() {
        Touchpoint t = valid(Call.GROUP, """
                {'messageId':'m-5','userId':'u-1','groupId':'acme-corp','traits':{'email':'billing@acme.example'},
                 'context':{'traits':{'email':'ana@example.com'}}}""");

        assertThat(t.getType()).isEqualTo("Group");
        assertThat(t.getIdentifiersMap()).isEqualTo(Map.of("customerId", "u-1", "email", "ana@example.com"));
        assertThat(t.getAttributes().getFieldsMap().get("groupId").getStringValue()).isEqualTo("acme-corp");
        assertThat(t.getAttributes().getFieldsMap().get("traits").getStructValue().getFieldsMap().get("email")
                .getStringValue()).isEqualTo("billing@acme.example");
    }

    @Test
    void aliasLinksPreviousIdAsTheAnonymousIdToUserId() {
        Touchpoint t = valid(Call.ALIAS, "{'messageId':'m-6','previousId':'a-9','userId':'u-1'}");

        assertThat(t.getType()).isEqualTo("Alias");
        assertThat(t.getIdentifiersMap()).isEqualTo(Map.of("customerId", "u-1", "anonymousId", "a-9"));
        assertThat(t.getAttributes().getFieldsMap().get("previousId").getStringValue()).isEqualTo("a-9");
    }

    @Test
    void aBatchItemNamesItsCallAndTakesTheBatchContextAndSentAt() {
        JsonNode context = json("{'library':{'name':'analytics-java','version':'3.5.4'}}");
        Mapped m = SegmentMapper.map(json("{'type':'track','messageId':'m-7','event':'Products Searched',"
                + "'userId':'u-1','context':{'os':{'name':'Android'}}}"), null, context,
                json("'2026-11-25T08:00:00Z'"), NOW);

        assertThat(m.errors()).isEmpty();
        assertThat(m.call()).isEqualTo(Call.TRACK);
        Touchpoint t = m.touchpoint();
        assertThat(t.getChannel()).as("Android in the message's context").isEqualTo("mobile_app");
        assertThat(t.getOccurredAt().getSeconds()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z").getEpochSecond());
        var kept = t.getAttributes().getFieldsMap().get("context").getStructValue().getFieldsMap();
        assertThat(kept).containsKeys("library", "os");
    }

    @Test
    void aChannelPropertyNamingASuiteChannelWinsAndOneThatDoesNotIsIgnored() {
        assertThat(valid(Call.TRACK, "{'messageId':'m','event':'Call Started','userId':'u',"
                + "'properties':{'channel':'phone'},'context':{'userAgent':'Mozilla/5.0'}}").getChannel())
                .isEqualTo("phone");
        assertThat(valid(Call.TRACK, "{'messageId':'m','event':'X','userId':'u','context':{'channel':'kiosk'}}")
                .getChannel()).isEqualTo("kiosk");
        assertThat(valid(Call.TRACK, "{'messageId':'m','event':'X','userId':'u','channel':'mobile',"
                + "'properties':{'channel':'fax'}}").getChannel()).isEqualTo("mobile_app");
        assertThat(valid(Call.TRACK, "{'messageId':'m','event':'X','userId':'u','channel':'server'}").getChannel())
                .isEqualTo(SegmentMapper.DEFAULT_CHANNEL);
    }

    @Test
    void eachMissingOrMistypedFieldIsNamed() {
        Mapped m = map(Call.TRACK, "{'event':7,'timestamp':'yesterday','properties':{'revenue':'lots'}}");

        assertThat(m.errors()).extracting(FieldErrorBody::field)
                .containsExactlyInAnyOrder("messageId", "event", "event", "timestamp", "userId", "properties.revenue");
        assertThat(map(Call.ALIAS, "{'messageId':'m'}").errors()).extracting(FieldErrorBody::field)
                .containsExactlyInAnyOrder("previousId", "userId");
        assertThat(map(Call.GROUP, "{'messageId':'m','userId':'u'}").errors()).extracting(FieldErrorBody::field)
                .containsExactly("groupId");
        assertThat(SegmentMapper.map(json("{'type':'purchase','messageId':'m'}"), null, null, null, NOW).errors())
                .extracting(FieldErrorBody::field).containsExactly("type");
        assertThat(map(Call.IDENTIFY, "{'messageId':'m','userId':'u','traits':{'email':['a@b.c']}}").errors())
                .containsExactly(new FieldErrorBody("traits.email", "must be a string"));
        assertThat(map(Call.IDENTIFY, "[1]").errors()).extracting(FieldErrorBody::field).containsExactly("");
    }

    @Test
    void touchpointServiceErrorsAreNamedAsSegmentFields() {
        assertThat(SegmentMapper.segmentField(Call.TRACK, "id")).isEqualTo("messageId");
        assertThat(SegmentMapper.segmentField(Call.TRACK, "type")).isEqualTo("event");
        assertThat(SegmentMapper.segmentField(Call.PAGE, "occurredAt")).isEqualTo("timestamp");
        assertThat(SegmentMapper.segmentField(Call.IDENTIFY, "identifiers.email")).isEqualTo("traits.email");
        assertThat(SegmentMapper.segmentField(Call.TRACK, "identifiers.phone")).isEqualTo("context.traits.phone");
        assertThat(SegmentMapper.segmentField(Call.ALIAS, "identifiers.anonymousId")).isEqualTo("previousId");
        assertThat(SegmentMapper.segmentField(Call.TRACK, "attributes.context.page")).isEqualTo("context.page");
        assertThat(SegmentMapper.segmentField(Call.TRACK, "attributes.orderId")).isEqualTo("properties.orderId");
    }
}

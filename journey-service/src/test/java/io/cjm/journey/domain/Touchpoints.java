package io.cjm.journey.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test data: touchpoints of one profile, timed relative to {@link #T0}. */
final class Touchpoints {

    static final String TENANT = "acme";
    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    private Touchpoints() {
    }

    static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    static Duration days(long days) {
        return Duration.ofDays(days);
    }

    static Builder touchpoint(String id, String type) {
        return new Builder(id, type);
    }

    static JourneyAssembler defaultAssembler() {
        return new JourneyAssembler(DefaultCatalogue.definitions(), FrictionThresholds.defaults());
    }

    static List<AssembledJourney> assembleAt(Instant now, TouchpointFact... touchpoints) {
        return defaultAssembler().assemble(TENANT, List.of(touchpoints), now);
    }

    static List<String> frictionKinds(AssembledJourney journey) {
        return journey.friction().stream().map(Friction::kind).toList();
    }

    static List<Friction> frictionOf(AssembledJourney journey, String kind) {
        return journey.friction().stream().filter(friction -> friction.kind().equals(kind)).toList();
    }

    /** A fluent touchpoint on the web, at {@link #T0}, identified, with no optional fields. */
    static final class Builder {

        private final String id;
        private final String type;
        private String channel = "web";
        private Instant occurredAt = T0;
        private String direction;
        private final Map<String, String> correlation = new HashMap<>();
        private Double sentiment;
        private Integer csat;
        private Integer nps;
        private Integer waitSeconds;
        private String agentId;
        private boolean anonymous;

        private Builder(String id, String type) {
            this.id = id;
            this.type = type;
        }

        Builder on(String channel) {
            this.channel = channel;
            return this;
        }

        Builder after(Duration sinceT0) {
            this.occurredAt = T0.plus(sinceT0);
            return this;
        }

        Builder inbound() {
            this.direction = "inbound";
            return this;
        }

        Builder outbound() {
            this.direction = "outbound";
            return this;
        }

        Builder caseId(String caseId) {
            correlation.put("caseId", caseId);
            return this;
        }

        Builder orderId(String orderId) {
            correlation.put("orderId", orderId);
            return this;
        }

        Builder sentiment(double sentiment) {
            this.sentiment = sentiment;
            return this;
        }

        Builder csat(int csat) {
            this.csat = csat;
            return this;
        }

        Builder nps(int nps) {
            this.nps = nps;
            return this;
        }

        Builder waited(int seconds) {
            this.waitSeconds = seconds;
            return this;
        }

        Builder agent(String agentId) {
            this.agentId = agentId;
            return this;
        }

        Builder anonymous() {
            this.anonymous = true;
            return this;
        }

        TouchpointFact build() {
            return new TouchpointFact(id, type, channel, occurredAt, direction, correlation, sentiment, csat, nps,
                    waitSeconds, agentId, anonymous);
        }
    }
}

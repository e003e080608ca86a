package io.cjm.scoring.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data: journeys for the JES model, timed relative to {@link #T0}. */
final class Journeys {

    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    private static final List<String> STATUSES = List.of("open", "completed", "failed", "abandoned");
    private static final List<String> CHANNELS = List.of("web", "email", "phone", "chat", "bot");
    private static final List<String> FRICTION_KINDS = List.of("repeat_contact", "channel_switch", "long_wait",
            "transfer", "bot_escalation", "not_recognized", "negative_sentiment", "failure_event");

    private Journeys() {
    }

    /**
     * A support journey that went as expected: three chat touchpoints within an hour,
     * completed, no friction, expecting 3 touchpoints in 2 days.
     */
    static Builder smoothSupport() {
        return new Builder()
                .touchpoint(touchpoint("t1").on("chat"))
                .touchpoint(touchpoint("t2").on("chat").after(Duration.ofMinutes(20)))
                .touchpoint(touchpoint("t3").on("chat").after(Duration.ofHours(1)));
    }

    static TouchpointBuilder touchpoint(String id) {
        return new TouchpointBuilder(id);
    }

    /** A journey with random facts, for properties that must hold for every input. */
    static JourneyInput random(Random random) {
        Builder builder = new Builder()
                .status(STATUSES.get(random.nextInt(STATUSES.size())))
                .expecting(random.nextInt(8), Duration.ofHours(random.nextInt(96)))
                .handoffs(random.nextInt(6));
        int count = 1 + random.nextInt(15);
        for (int i = 1; i <= count; i++) {
            TouchpointBuilder touchpoint = touchpoint("t" + i)
                    .on(CHANNELS.get(random.nextInt(CHANNELS.size())))
                    .after(Duration.ofMinutes(random.nextInt(60 * 24 * 10)));
            if (random.nextInt(3) == 0) {
                touchpoint.sentiment(Math.round((random.nextDouble() * 2 - 1) * 1000) / 1000.0);
            }
            if (random.nextInt(6) == 0) {
                touchpoint.csat(1 + random.nextInt(5));
            }
            if (random.nextInt(6) == 0) {
                touchpoint.nps(random.nextInt(11));
            }
            builder.touchpoint(touchpoint);
        }
        for (int i = random.nextInt(12); i > 0; i--) {
            String kind = FRICTION_KINDS.get(random.nextInt(FRICTION_KINDS.size()));
            builder.friction(kind, "t" + (1 + random.nextInt(count)));
        }
        return builder.build();
    }

    /** A fluent journey input; start and last activity come from the touchpoints. */
    static final class Builder {

        private String status = "completed";
        private String stage = "assisted";
        private final List<TouchpointInput> touchpoints = new ArrayList<>();
        private int handoffCount;
        private final List<FrictionInput> friction = new ArrayList<>();
        private int expectedTouchpoints = 3;
        private Duration expectedDuration = Duration.ofDays(2);

        Builder status(String status) {
            this.status = status;
            return this;
        }

        Builder stage(String stage) {
            this.stage = stage;
            return this;
        }

        Builder touchpoint(TouchpointBuilder touchpoint) {
            touchpoints.add(touchpoint.build());
            return this;
        }

        Builder handoffs(int count) {
            this.handoffCount = count;
            return this;
        }

        Builder friction(String kind, String... touchpointIds) {
            friction.add(new FrictionInput(kind, List.of(touchpointIds)));
            return this;
        }

        Builder expecting(int touchpoints, Duration duration) {
            this.expectedTouchpoints = touchpoints;
            this.expectedDuration = duration;
            return this;
        }

        JourneyInput build() {
            Instant start = touchpoints.stream().map(TouchpointInput::occurredAt).min(Instant::compareTo).orElse(T0);
            Instant last = touchpoints.stream().map(TouchpointInput::occurredAt).max(Instant::compareTo).orElse(T0);
            return new JourneyInput("j-1", "support", status, stage, start, last, touchpoints, handoffCount, friction,
                    expectedTouchpoints, expectedDuration);
        }
    }

    /** A fluent touchpoint on the web at {@link #T0}, without sentiment or survey answers. */
    static final class TouchpointBuilder {

        private final String id;
        private String channel = "web";
        private Instant occurredAt = T0;
        private Double sentiment;
        private Integer csat;
        private Integer nps;

        private TouchpointBuilder(String id) {
            this.id = id;
        }

        TouchpointBuilder on(String channel) {
            this.channel = channel;
            return this;
        }

        TouchpointBuilder after(Duration sinceT0) {
            this.occurredAt = T0.plus(sinceT0);
            return this;
        }

        TouchpointBuilder sentiment(double sentiment) {
            this.sentiment = sentiment;
            return this;
        }

        TouchpointBuilder csat(int csat) {
            this.csat = csat;
            return this;
        }

        TouchpointBuilder nps(int nps) {
            this.nps = nps;
            return this;
        }

        TouchpointInput build() {
            return new TouchpointInput(id, channel, occurredAt, sentiment, csat, nps);
        }
    }
}

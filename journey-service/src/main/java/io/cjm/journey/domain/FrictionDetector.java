package io.cjm.journey.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the friction signals in one journey's touchpoints (in journey order).
 *
 * <p>A <em>contact</em> is a customer-initiated (inbound or direction-less) touchpoint on an
 * assisted channel that starts a new conversation: touchpoints on the same channel less than
 * {@link #CONVERSATION_GAP} after the previous one on that channel (the messages of a chat,
 * the transfer within a call) continue it rather than being contacts of their own.
 */
final class FrictionDetector {

    static final Duration CONVERSATION_GAP = Duration.ofMinutes(30);

    private static final String CALL_TRANSFERRED = EventTypes.normalize("Call Transferred");
    private static final String BOT_ESCALATED = EventTypes.normalize("Bot Escalated");

    private final FrictionThresholds thresholds;

    FrictionDetector(FrictionThresholds thresholds) {
        this.thresholds = thresholds;
    }

    List<Friction> detect(List<TouchpointFact> touchpoints, CompiledDefinition definition) {
        boolean[] contacts = contactStarts(touchpoints);
        List<Friction> found = new ArrayList<>();
        for (int i = 0; i < touchpoints.size(); i++) {
            TouchpointFact current = touchpoints.get(i);
            TouchpointFact previous = i == 0 ? null : touchpoints.get(i - 1);
            failureEvent(current, definition).ifPresent(found::add);
            transfer(current).ifPresent(found::add);
            botEscalation(previous, current).ifPresent(found::add);
            longWait(current).ifPresent(found::add);
            repeatContact(touchpoints, contacts, i).ifPresent(found::add);
            channelSwitch(previous, current).ifPresent(found::add);
            notRecognized(previous, current).ifPresent(found::add);
            negativeSentiment(current).ifPresent(found::add);
        }
        return found;
    }

    private Optional<Friction> failureEvent(TouchpointFact current, CompiledDefinition definition) {
        if (!definition.isFailure(EventTypes.normalize(current.type()))) {
            return Optional.empty();
        }
        return signal(FrictionKind.FAILURE_EVENT, "Failure event: " + current.type(), current);
    }

    private Optional<Friction> transfer(TouchpointFact current) {
        if (!isType(current, CALL_TRANSFERRED)) {
            return Optional.empty();
        }
        return signal(FrictionKind.TRANSFER, "Call transferred to another agent", current);
    }

    private Optional<Friction> botEscalation(TouchpointFact previous, TouchpointFact current) {
        if (isType(current, BOT_ESCALATED)) {
            return signal(FrictionKind.BOT_ESCALATION, "Bot escalated to a human agent", current);
        }
        boolean botToHuman = previous != null && Channels.BOT.equals(previous.channel())
                && Channels.isAssisted(current.channel()) && !isType(previous, BOT_ESCALATED);
        if (!botToHuman) {
            return Optional.empty();
        }
        return signal(FrictionKind.BOT_ESCALATION, "Went from the bot to " + current.channel(), previous, current);
    }

    private Optional<Friction> longWait(TouchpointFact current) {
        Integer wait = current.waitSeconds();
        if (wait == null || wait <= thresholds.longWaitSeconds()) {
            return Optional.empty();
        }
        String detail = "Waited " + wait + " s (threshold " + thresholds.longWaitSeconds() + " s)";
        return signal(FrictionKind.LONG_WAIT, detail, current);
    }

    private Optional<Friction> repeatContact(List<TouchpointFact> touchpoints, boolean[] contacts, int index) {
        if (!contacts[index]) {
            return Optional.empty();
        }
        TouchpointFact current = touchpoints.get(index);
        for (int j = index - 1; j >= 0; j--) {
            if (contacts[j]) {
                TouchpointFact earlier = touchpoints.get(j);
                Duration gap = Duration.between(earlier.occurredAt(), current.occurredAt());
                if (gap.compareTo(thresholds.repeatContactWindow()) > 0) {
                    return Optional.empty();
                }
                String detail = "Contacted again by " + current.channel() + " " + Durations.human(gap)
                        + " after " + earlier.channel();
                return signal(FrictionKind.REPEAT_CONTACT, detail, earlier, current);
            }
        }
        return Optional.empty();
    }

    private Optional<Friction> channelSwitch(TouchpointFact previous, TouchpointFact current) {
        if (previous == null || previous.channel().equals(current.channel()) || !current.customerInitiated()
                || !Channels.isAssisted(previous.channel()) || !Channels.isAssisted(current.channel())) {
            return Optional.empty();
        }
        Duration gap = Duration.between(previous.occurredAt(), current.occurredAt());
        if (gap.compareTo(thresholds.repeatContactWindow()) > 0) {
            return Optional.empty();
        }
        String detail = "Switched from " + previous.channel() + " to " + current.channel() + " after "
                + Durations.human(gap);
        return signal(FrictionKind.CHANNEL_SWITCH, detail, previous, current);
    }

    private Optional<Friction> notRecognized(TouchpointFact previous, TouchpointFact current) {
        if (previous == null || previous.anonymous() || !current.anonymous()) {
            return Optional.empty();
        }
        String detail = "Known customer was anonymous on " + current.channel();
        return signal(FrictionKind.NOT_RECOGNIZED, detail, previous, current);
    }

    private Optional<Friction> negativeSentiment(TouchpointFact current) {
        Double sentiment = current.sentiment();
        if (sentiment == null || sentiment > thresholds.negativeSentiment()) {
            return Optional.empty();
        }
        String detail = String.format(Locale.ROOT, "Negative sentiment %.2f on %s", sentiment,
                current.channel());
        return signal(FrictionKind.NEGATIVE_SENTIMENT, detail, current);
    }

    private static boolean[] contactStarts(List<TouchpointFact> touchpoints) {
        boolean[] starts = new boolean[touchpoints.size()];
        for (int i = 0; i < touchpoints.size(); i++) {
            TouchpointFact current = touchpoints.get(i);
            starts[i] = Channels.isAssisted(current.channel()) && current.customerInitiated()
                    && !continuesConversation(touchpoints, i);
        }
        return starts;
    }

    private static boolean continuesConversation(List<TouchpointFact> touchpoints, int index) {
        TouchpointFact current = touchpoints.get(index);
        for (int j = index - 1; j >= 0; j--) {
            TouchpointFact earlier = touchpoints.get(j);
            if (earlier.channel().equals(current.channel())) {
                Duration gap = Duration.between(earlier.occurredAt(), current.occurredAt());
                return gap.compareTo(CONVERSATION_GAP) < 0;
            }
        }
        return false;
    }

    private static boolean isType(TouchpointFact touchpoint, String normalizedType) {
        return EventTypes.normalize(touchpoint.type()).equals(normalizedType);
    }

    private static Optional<Friction> signal(String kind, String detail, TouchpointFact... evidence) {
        List<String> ids = Arrays.stream(evidence).map(TouchpointFact::id).toList();
        return Optional.of(new Friction(kind, ids, detail));
    }
}

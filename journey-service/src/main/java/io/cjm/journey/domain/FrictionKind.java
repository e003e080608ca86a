package io.cjm.journey.domain;

import java.util.List;

/**
 * The friction signals journey assembly detects. The values are the wire names, shared with
 * JES scoring ({@code friction.<kind>} factors).
 */
public final class FrictionKind {

    /** The customer contacted an assisted channel again within the repeat-contact window. */
    public static final String REPEAT_CONTACT = "repeat_contact";
    /** The customer moved from one assisted channel to another within the window. */
    public static final String CHANNEL_SWITCH = "channel_switch";
    /** The customer waited longer than the long-wait threshold. */
    public static final String LONG_WAIT = "long_wait";
    /** The call was transferred between agents. */
    public static final String TRANSFER = "transfer";
    /** A bot had to hand the customer over to a human. */
    public static final String BOT_ESCALATION = "bot_escalation";
    /** A customer known earlier in the journey showed up anonymous. */
    public static final String NOT_RECOGNIZED = "not_recognized";
    /** The customer expressed negative sentiment. */
    public static final String NEGATIVE_SENTIMENT = "negative_sentiment";
    /** A failure event of the journey map happened. */
    public static final String FAILURE_EVENT = "failure_event";

    private FrictionKind() {
    }

    /** Every kind, in the order the detector reports them for one touchpoint. */
    public static List<String> all() {
        return List.of(FAILURE_EVENT, TRANSFER, BOT_ESCALATION, LONG_WAIT, REPEAT_CONTACT, CHANNEL_SWITCH,
                NOT_RECOGNIZED, NEGATIVE_SENTIMENT);
    }
}

package io.cjm.journey.domain;

import java.util.Set;

/** Channel groups that friction detection cares about. */
final class Channels {

    static final String BOT = "bot";

    private static final Set<String> ASSISTED = Set.of("phone", "chat", "email", "whatsapp", "sms", "social", "store");

    private Channels() {
    }

    /** Whether a person (agent, clerk) answers on this channel, as opposed to self-service. */
    static boolean isAssisted(String channel) {
        return ASSISTED.contains(channel);
    }
}

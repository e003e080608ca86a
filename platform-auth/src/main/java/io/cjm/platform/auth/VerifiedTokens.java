package io.cjm.platform.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens whose check passed, with the caller each names, remembered until the token expires, so that
 * a service does not verify the same token's signature again on every gRPC call (the gateway and the other
 * services send the same service-account token for many calls in a row).
 *
 * <p>Keyed by the whole token string: a token that differs in any character (another token, or a forged
 * one) is not found and is checked in full. An entry is used only while the token's {@code exp} lies in
 * the future, and for at most {@value #REMEMBER_MINUTES} minutes after its check, so that a long-lived token
 * is checked again against the realm's current keys now and then (a rotated key, a disabled client); a
 * token without {@code exp} is never remembered. At most {@code capacity} tokens are held:
 * when full, the expired ones are dropped, and if none had expired, all are (they are checked again).
 */
final class VerifiedTokens {

    private record Entry(Caller caller, Instant expires) {
    }

    static final int REMEMBER_MINUTES = 5;
    private static final Duration REMEMBER = Duration.ofMinutes(REMEMBER_MINUTES);

    private final int capacity;
    private final Clock clock;
    private final ConcurrentHashMap<String, Entry> tokens = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The caller of a token that passed its check and has not expired yet, or null. */
    Caller get(String token) {
        Entry entry = tokens.get(token);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            tokens.remove(token, entry);
            return null;
        }
        return entry.caller();
    }

    /**
     * Remembers a token that passed its check, until {@code expires} (the token's {@code exp}); nothing when
     * {@code expires} is null or already past.
     */
    void put(String token, Caller caller, Instant expires) {
        if (capacity <= 0 || expires == null) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(expires)) {
            return;
        }
        if (tokens.size() >= capacity) {
            tokens.values().removeIf(e -> !now.isBefore(e.expires()));
            if (tokens.size() >= capacity) {
                tokens.clear();
            }
        }
        Instant latest = now.plus(REMEMBER);
        tokens.put(token, new Entry(caller, expires.isAfter(latest) ? latest : expires));
    }

    int size() {
        return tokens.size();
    }
}

package io.cjm.platform.grpc;

import com.google.protobuf.Timestamp;
import java.time.Instant;

/** Between {@link Instant} and {@code google.protobuf.Timestamp}, to the nanosecond. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Timestamp of(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}

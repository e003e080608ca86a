package io.cjm.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CallerSubjectTest {

    @Test
    void theSubjectAndTheClientAreBothNamed() {
        assertEquals("3f2a-9 (client acme-admin)", CallerSubject.describe("3f2a-9", "acme-admin"));
    }

    @Test
    void whateverIsKnownIsNamed() {
        assertEquals("3f2a-9", CallerSubject.describe("3f2a-9", null));
        assertEquals("client acme-admin", CallerSubject.describe(null, "acme-admin"));
        assertEquals("unknown", CallerSubject.describe(null, null));
    }
}

package io.cjm.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueryValueRedactorTest {

    @Test
    void everyValueIsReplacedAndTheNamesStay() {
        assertEquals("identifier=REDACTED", QueryValueRedactor.redact("identifier=email%3Aana%40example.com"));
        assertEquals("profileId=REDACTED&limit=REDACTED&cursor=REDACTED",
                QueryValueRedactor.redact("profileId=p-1&limit=5&cursor="));
        assertEquals("flag&identifier=REDACTED", QueryValueRedactor.redact("flag&identifier=phone:+34600"));
    }
}

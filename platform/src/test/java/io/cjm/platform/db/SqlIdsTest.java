package io.cjm.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlIdsTest {

    @Test
    void idsBecomeAJsonArrayOfStrings() {
        assertThat(SqlIds.json(List.of())).isEqualTo("[]");
        assertThat(SqlIds.json(List.of("a", "b-1"))).isEqualTo("[\"a\",\"b-1\"]");
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscapedAndTheRestIsKept() {
        assertThat(SqlIds.json(List.of("say \"hi\"", "c:\\dir", "tab\there\nnext", "é€😀")))
                .isEqualTo("[\"say \\\"hi\\\"\",\"c:\\\\dir\",\"tab\\u0009here\\u000anext\",\"é€😀\"]");
    }

    @Test
    void theSqlReadsTheNumberedParameter() {
        assertThat(SqlIds.anyOf(3))
                .isEqualTo("ANY (ARRAY(SELECT jsonb_array_elements_text(CAST(CAST(?3 AS text) AS jsonb))))");
    }
}

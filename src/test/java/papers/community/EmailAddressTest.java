package papers.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void oneInboxHasOneCanonicalFormAndOneLimitKey() {
        assertThat(EmailAddress.canonical("\"victim\"@example.org")).isEqualTo("victim@example.org");
        assertThat(EmailAddress.canonical("  Victim@EXAMPLE.org ")).isEqualTo("Victim@example.org");
        assertThat(EmailAddress.key(EmailAddress.canonical("\"Victim\"@Example.ORG"))).isEqualTo("victim@example.org");
        assertThat(EmailAddress.limitKey(EmailAddress.canonical("\"victim+x\"@example.org")))
                .isEqualTo("victim@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "victim", "@example.org", "victim@", "victim@localhost", "Ada <ada@example.org>",
            "a@example.org, b@example.org", "\"vic tim\"@example.org", "\"a\\\"b\"@example.org", "vic\u0000tim@example.org",
            "victim@example.org\r\nBcc: x@example.org", "a..b@example.org", ".a@example.org", "a@-example.org"})
    void anythingButAPlainAddressIsRefused(String input) {
        assertThatThrownBy(() -> EmailAddress.canonical(input)).isInstanceOf(IllegalArgumentException.class);
    }
}

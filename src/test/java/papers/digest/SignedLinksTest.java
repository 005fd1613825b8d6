package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignedLinksTest {

    private static final byte[] SECRET = "a server secret of thirty-two by".getBytes(StandardCharsets.UTF_8);
    private final Map<Long, Integer> versions = new HashMap<>();
    private final Clock now = Clock.fixed(Instant.parse("2026-08-21T10:00:00Z"), ZoneOffset.UTC);
    private final SignedLinks links = new SignedLinks(SECRET, now, id -> versions.getOrDefault(id, 0));

    @Test
    void tokensDoNotShowTheSubscriberOrTheirPurpose() {
        String token = links.manageToken(4711);
        assertThat(token).doesNotContain("4711").doesNotContain("manage").doesNotContain(".");
        assertThat(links.confirmToken(4711)).doesNotContain("4711").doesNotContain("confirm");
        assertThat(links.verifyToken(4711)).doesNotContain("4711").doesNotContain("verify");
        assertThat(links.managed(token)).isEqualTo(OptionalLong.of(4711));
    }

    @Test
    void theSameLinkIsTheSameTokenAndNeighboursLookUnrelated() {
        assertThat(links.manageToken(41)).isEqualTo(links.manageToken(41));
        String a = links.manageToken(41);
        String b = links.manageToken(42);
        int common = 0;
        while (common < a.length() && a.charAt(common) == b.charAt(common)) {
            common++;
        }
        assertThat(common).isLessThan(4);
    }

    @Test
    void aTokenServesOnlyItsPurpose() {
        assertThat(links.confirmed(links.manageToken(7))).isEmpty();
        assertThat(links.managed(links.confirmToken(7))).isEmpty();
        assertThat(links.verified(links.confirmToken(7))).isEmpty();
        assertThat(links.confirmed(links.confirmToken(7))).isEqualTo(OptionalLong.of(7));
        assertThat(links.verified(links.verifyToken(7))).isEqualTo(OptionalLong.of(7));
    }

    @Test
    void tamperedForeignAndMalformedTokensAreRefused() {
        String token = links.manageToken(7);
        char[] chars = token.toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        assertThat(links.managed(new String(chars))).isEmpty();
        SignedLinks otherServer = new SignedLinks("another secret".getBytes(StandardCharsets.UTF_8), now);
        assertThat(links.managed(otherServer.manageToken(7))).isEmpty();
        for (String bad : new String[] {null, "", "!!!", "x".repeat(300), "AAAA", token.substring(0, 20)}) {
            assertThat(links.managed(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void confirmationsExpireAndManageLinksRotate() {
        String confirm = links.confirmToken(7);
        SignedLinks later = new SignedLinks(SECRET, Clock.offset(now, SignedLinks.CONFIRM_VALIDITY.plusSeconds(1)));
        assertThat(later.confirmed(confirm)).isEmpty();
        String manage = links.manageToken(7);
        versions.put(7L, 1);
        assertThat(links.managed(manage)).isEmpty();
        assertThat(links.managed(links.manageToken(7))).isEqualTo(OptionalLong.of(7));
    }

    @Test
    void manageLinksOfTheOlderReadableFormStillWorkUntilRotated() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        String body = "manage.7.0";
        String old = body + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(links.managed(old)).isEqualTo(OptionalLong.of(7));
        assertThat(links.managed(old.replace("manage.7.", "manage.8."))).isEmpty();
        assertThat(links.confirmed(old.replace("manage.", "confirm."))).isEmpty();
        versions.put(7L, 1);
        assertThat(links.managed(old)).isEmpty();
    }
}

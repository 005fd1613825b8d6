package papers.digest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for the links in emails, signed with the server's secret (HMAC-SHA256), so that nobody can make one for
 * another address: {@code PURPOSE.ID.EXPIRY.SIGNATURE}. Confirmation links expire after {@link #CONFIRM_VALIDITY};
 * manage links (preferences, unsubscribe) do not, since a digest read weeks later must still unsubscribe, but carry
 * the subscription's link version instead of an expiry: rotating it voids every earlier link.
 */
public final class SignedLinks {

    public static final Duration CONFIRM_VALIDITY = Duration.ofHours(48);
    private static final String CONFIRM = "confirm";
    private static final String MANAGE = "manage";
    private static final String VERIFY = "verify";

    private final SecretKeySpec key;
    private final Clock clock;

    private final java.util.function.LongToIntFunction manageVersions;

    /**
     * @param manageVersions the current number of a subscriber's manage links ({@link SubscriberStore#manageVersion}):
     *                       a manage token signed with another number is refused, so links can be rotated
     */
    public SignedLinks(byte[] secret, Clock clock, java.util.function.LongToIntFunction manageVersions) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.clock = clock;
        this.manageVersions = manageVersions;
    }

    public SignedLinks(byte[] secret, Clock clock) {
        this(secret, clock, id -> 0);
    }

    /** A token confirming subscriber {@code id}, valid for {@link #CONFIRM_VALIDITY}. */
    public String confirmToken(long id) {
        return sign(CONFIRM, id, clock.instant().plus(CONFIRM_VALIDITY).getEpochSecond());
    }

    /** A token for subscriber {@code id}'s preferences and unsubscribe links. */
    public String manageToken(long id) {
        return sign(MANAGE, id, manageVersions.applyAsInt(id));
    }

    /** A token proving that whoever opens it reads the mail of account {@code userId}, valid 48 hours. */
    public String verifyToken(long userId) {
        return sign(VERIFY, userId, clock.instant().plus(CONFIRM_VALIDITY).getEpochSecond());
    }

    /** The account of a valid, unexpired verification token; empty otherwise. */
    public OptionalLong verified(String token) {
        return verify(VERIFY, token);
    }

    /** The subscriber of a valid, unexpired confirmation token; empty otherwise. */
    public OptionalLong confirmed(String token) {
        return verify(CONFIRM, token);
    }

    /** The subscriber of a valid manage token; empty otherwise. */
    public OptionalLong managed(String token) {
        return verify(MANAGE, token);
    }

    private String sign(String purpose, long id, long expiry) {
        String body = purpose + "." + id + "." + expiry;
        return body + "." + mac(body);
    }

    private OptionalLong verify(String purpose, String token) {
        if (token == null || token.length() > 200) {
            return OptionalLong.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(purpose)) {
            return OptionalLong.empty();
        }
        String body = parts[0] + "." + parts[1] + "." + parts[2];
        if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII),
                parts[3].getBytes(StandardCharsets.US_ASCII))) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(parts[1]);
            long third = Long.parseLong(parts[2]); // a confirmation's expiry, a manage link's version
            if (purpose.equals(MANAGE) ? third != manageVersions.applyAsInt(id)
                    : clock.instant().getEpochSecond() > third) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(id);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private String mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

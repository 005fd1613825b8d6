package papers.digest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.function.LongToIntFunction;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for the links in emails, made with the server's secret so that nobody can make one for another address,
 * and opaque, so that a link tells nothing about the subscription it manages (not its number, not how many
 * subscribers there are). A token is {@code PURPOSE.ID.THIRD} sealed with AES-GCM — which both hides and
 * authenticates it — under a key derived from the secret; its nonce is derived from the sealed text (as in SIV
 * modes), so the same link is the same token and a page can be checked for not carrying someone's token.
 * THIRD is an expiry for confirmation and verification links ({@link #CONFIRM_VALIDITY}); manage links
 * (preferences, unsubscribe) do not expire, since a digest read weeks later must still unsubscribe, but carry the
 * subscription's link version instead: rotating it voids every earlier link.
 *
 * <p>Manage links sent before tokens were sealed ({@code manage.ID.VERSION.HMAC}) are still in mailboxes and keep
 * working until their subscription's links are rotated.
 */
public final class SignedLinks {

    public static final Duration CONFIRM_VALIDITY = Duration.ofHours(48);
    private static final String CONFIRM = "confirm";
    private static final String MANAGE = "manage";
    private static final String VERIFY = "verify";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec legacyMacKey;
    private final SecretKeySpec sealKey;
    private final SecretKeySpec nonceKey;
    private final Clock clock;
    private final LongToIntFunction manageVersions;

    /**
     * @param manageVersions the current number of a subscriber's manage links ({@link SubscriberStore#manageVersion}):
     *                       a manage token made with another number is refused, so links can be rotated
     */
    public SignedLinks(byte[] secret, Clock clock, LongToIntFunction manageVersions) {
        this.legacyMacKey = new SecretKeySpec(secret, "HmacSHA256");
        this.sealKey = new SecretKeySpec(Arrays.copyOf(hmac(legacyMacKey, "link-seal-key"), 16), "AES");
        this.nonceKey = new SecretKeySpec(hmac(legacyMacKey, "link-nonce-key"), "HmacSHA256");
        this.clock = clock;
        this.manageVersions = manageVersions;
    }

    public SignedLinks(byte[] secret, Clock clock) {
        this(secret, clock, id -> 0);
    }

    /** A token confirming subscriber {@code id}, valid for {@link #CONFIRM_VALIDITY}. */
    public String confirmToken(long id) {
        return seal(CONFIRM + "." + id + "." + clock.instant().plus(CONFIRM_VALIDITY).getEpochSecond());
    }

    /** A token for subscriber {@code id}'s preferences and unsubscribe links. */
    public String manageToken(long id) {
        return seal(MANAGE + "." + id + "." + manageVersions.applyAsInt(id));
    }

    /** A token proving that whoever opens it reads the mail of account {@code userId}, valid 48 hours. */
    public String verifyToken(long userId) {
        return seal(VERIFY + "." + userId + "." + clock.instant().plus(CONFIRM_VALIDITY).getEpochSecond());
    }

    /** The account of a valid, unexpired verification token; empty otherwise. */
    public OptionalLong verified(String token) {
        return check(VERIFY, open(token));
    }

    /** The subscriber of a valid, unexpired confirmation token; empty otherwise. */
    public OptionalLong confirmed(String token) {
        return check(CONFIRM, open(token));
    }

    /** The subscriber of a valid manage token; empty otherwise. */
    public OptionalLong managed(String token) {
        String body = open(token);
        return check(MANAGE, body != null ? body : legacyBody(token));
    }

    private OptionalLong check(String purpose, String body) {
        if (body == null) {
            return OptionalLong.empty();
        }
        String[] parts = body.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(purpose)) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(parts[1]);
            long third = Long.parseLong(parts[2]); // a manage link's version, the others' expiry
            boolean valid = purpose.equals(MANAGE) ? third == manageVersions.applyAsInt(id)
                    : clock.instant().getEpochSecond() <= third;
            return valid ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private String seal(String body) {
        byte[] plain = body.getBytes(StandardCharsets.UTF_8);
        byte[] nonce = Arrays.copyOf(hmac(nonceKey, body), NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return BASE64.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sealed text of a token this server made; null for anything else, tampered or malformed. */
    private String open(String token) {
        if (token == null || token.length() > 200 || token.indexOf('.') >= 0) {
            return null;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token);
            if (raw.length <= NONCE_BYTES + TAG_BITS / 8) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            return new String(cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return null;
        }
    }

    /** The body of a manage token of the older, signed-but-readable form; null if it is not one. */
    private String legacyBody(String token) {
        if (token == null || token.length() > 200) {
            return null;
        }
        int last = token.lastIndexOf('.');
        if (last < 0 || !token.startsWith(MANAGE + ".")) {
            return null;
        }
        String body = token.substring(0, last);
        byte[] expected = BASE64.encode(hmac(legacyMacKey, body));
        return MessageDigest.isEqual(expected, token.substring(last + 1).getBytes(StandardCharsets.US_ASCII))
                ? body : null;
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

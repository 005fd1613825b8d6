package papers.community;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens (session ids, CSRF tokens, API tokens) and the digests they are stored as. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** 256 random bits, URL-safe base64 (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token, hex: a random 256-bit token needs no salt or slow hash. */
    public static String digest(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The server's signing key, made of 256 random bits on first use and kept in {@code file} (owner-only where the
     * file system allows): links signed with it stay valid across restarts. Several processes starting at once agree
     * on one key (the file is created atomically, the loser reads the winner's).
     */
    public static byte[] serverKey(java.nio.file.Path file) {
        try {
            if (!java.nio.file.Files.exists(file)) {
                java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
                java.nio.file.Path temp = java.nio.file.Files.createTempFile(file.toAbsolutePath().getParent(),
                        ".secret", ".tmp");
                try {
                    try {
                        java.nio.file.Files.setPosixFilePermissions(temp,
                                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: the folder's permissions protect it
                    }
                    java.nio.file.Files.writeString(temp, newToken() + "\n");
                    java.nio.file.Files.createLink(file, temp); // fails if another process made it first
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process won: use its key
                } finally {
                    java.nio.file.Files.deleteIfExists(temp);
                }
            }
            byte[] key = Base64.getUrlDecoder().decode(java.nio.file.Files.readString(file).strip());
            if (key.length < 32) {
                throw new IllegalStateException("the server secret in " + file + " is too short; delete it to make "
                        + "a new one (links already sent stop working)");
            }
            return key;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read or create the server secret " + file, e);
        }
    }

    /** Constant-time equality of two strings (for CSRF tokens); false when either is null. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}

package papers.community;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashesWithARandomSaltAndVerifies() {
        PasswordHasher hasher = PasswordHasher.standard();
        String a = hasher.hash("correct horse battery");
        String b = hasher.hash("correct horse battery");
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
        assertThat(hasher.verify("correct horse battery", a)).isTrue();
        assertThat(hasher.verify("correct horse batterY", a)).isFalse();
    }

    @Test
    void verifiesWithTheParametersStoredInTheHash() {
        String cheap = new PasswordHasher(1024, 1, 1).hash("pw pw pw pw");
        assertThat(PasswordHasher.standard().verify("pw pw pw pw", cheap)).isTrue();
    }

    @Test
    void malformedHashesNeverVerify() {
        PasswordHasher hasher = PasswordHasher.standard();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=x$$")).isFalse();
        assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
    }
}

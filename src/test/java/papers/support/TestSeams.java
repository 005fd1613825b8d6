package papers.support;

import java.time.Clock;
import papers.Seams;
import papers.community.PasswordHasher;

/**
 * The seams tests give {@link papers.App}: production's, with a cheap password hasher and the test's clock. The
 * hasher is the same Argon2id code at its minimum cost (8 KiB, one pass), so a sign-up or a log-in costs well under
 * a millisecond instead of production's ~50 ms; {@code PasswordHasherTest} covers the standard cost.
 */
public final class TestSeams {

    /** Argon2id at the least cost the algorithm allows: the hashes still verify, in microseconds. */
    public static final PasswordHasher CHEAP_HASHER = new PasswordHasher(8, 1, 1);

    private TestSeams() {
    }

    /** Production's seams with the cheap hasher and the system clock. */
    public static Seams cheap() {
        return at(Clock.systemUTC());
    }

    /** Production's seams with the cheap hasher and {@code clock}. */
    public static Seams at(Clock clock) {
        return Seams.production().withClock(clock).withHasher(CHEAP_HASHER);
    }
}

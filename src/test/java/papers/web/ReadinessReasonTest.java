package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code /readyz} says while a node starts: the start-up's own words where they tell the admin more. */
class ReadinessReasonTest {

    @Test
    void eachStartUpStateHasItsReason() {
        assertThat(HealthRoutes.startUpReason("ready")).isNull();
        assertThat(HealthRoutes.startUpReason("starting")).isEqualTo("still starting (demo data, search index)");
        assertThat(HealthRoutes.startUpReason("warming up search (300 of 2000 searches)"))
                .isEqualTo("warming up search (300 of 2000 searches)");
        assertThat(HealthRoutes.startUpReason("rebuilding the damaged search index from the store"))
                .isEqualTo("rebuilding the damaged search index from the store");
        assertThat(HealthRoutes.startUpReason("failed: disk full")).isEqualTo("start-up failed: disk full");
    }
}

package papers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PeriodTest {

    @Test
    void daysParseAndStep() {
        Period.Day d = Period.parseDay("2026-08-21");
        assertThat(d.key()).isEqualTo("2026-08-21");
        assertThat(d.path()).isEqualTo("/papers/date/2026-08-21");
        assertThat(d.label()).isEqualTo("Friday, August 21, 2026");
        assertThat(d.next().key()).isEqualTo("2026-08-22");
        assertThatThrownBy(() -> Period.parseDay("2026-13-01")).hasMessageContaining("not a day of the calendar");
        assertThatThrownBy(() -> Period.parseDay("2026-02-30")).hasMessageContaining("2026-02-30");
        assertThatThrownBy(() -> Period.parseDay("21-08-2026")).hasMessageContaining("like 2026-08-21");
        assertThatThrownBy(() -> Period.parseDay("<script>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isoWeeksFollowTheStandard() {
        Period.Week w = Period.parseWeek("2026-W34");
        assertThat(w.first()).isEqualTo(LocalDate.parse("2026-08-17"));
        assertThat(w.last()).isEqualTo(LocalDate.parse("2026-08-23"));
        assertThat(w.key()).isEqualTo("2026-W34");
        assertThat(w.label()).isEqualTo("Week 34 of 2026 (Aug 17 to Aug 23)");
        // Week 1 holds the year's first Thursday: 2024-12-30 (a Monday) starts 2025-W01.
        assertThat(new Period.Week(LocalDate.parse("2025-01-01")).key()).isEqualTo("2025-W01");
        assertThat(Period.parseWeek("2025-W01").first()).isEqualTo(LocalDate.parse("2024-12-30"));
        assertThat(Period.parseWeek("2026-W53").first()).isEqualTo(LocalDate.parse("2026-12-28"));
        assertThat(Period.parseWeek("2026-W53").next().key()).isEqualTo("2027-W01");
        assertThatThrownBy(() -> Period.parseWeek("2025-W53")).hasMessageContaining("weeks 1 to 52");
        assertThatThrownBy(() -> Period.parseWeek("2026-W00")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Period.parseWeek("2026-34")).hasMessageContaining("like 2026-W34");
    }

    @Test
    void monthsParseAndContainTheirDays() {
        Period.Month m = Period.parseMonth("2024-02");
        assertThat(m.first()).isEqualTo(LocalDate.parse("2024-02-01"));
        assertThat(m.last()).isEqualTo(LocalDate.parse("2024-02-29"));
        assertThat(m.label()).isEqualTo("February 2024");
        assertThat(m.previous().key()).isEqualTo("2024-01");
        assertThat(m.contains(LocalDate.parse("2024-02-29"))).isTrue();
        assertThat(m.contains(LocalDate.parse("2024-03-01"))).isFalse();
        assertThatThrownBy(() -> Period.parseMonth("2024-13")).hasMessageContaining("no month 13");
        assertThatThrownBy(() -> Period.parseMonth("2024-2")).isInstanceOf(IllegalArgumentException.class);
    }
}

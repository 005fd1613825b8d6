package papers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalProgressTest {

    @Test
    void rendersABarWhenTheTotalIsKnownAndACountOtherwise() {
        TerminalProgress bar = TerminalProgress.onStandardError("importing");
        assertThat(bar.render(50, 200, 1234, 2.0))
                .isEqualTo("importing [########......................]  25% 1,234 records, 617/s");
        assertThat(bar.render(5, -1, 10, 0.0)).isEqualTo("importing 10 records, 0/s");
        assertThat(bar.render(300, 200, 10, 1.0)).contains("100%").contains("[##############################]");
    }
}

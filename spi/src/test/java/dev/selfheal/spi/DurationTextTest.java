package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsUnitsBareSecondsAndIso() {
        assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationText.parse(" 30 s ")).contains(Duration.ofSeconds(30));
        assertThat(DurationText.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1H")).contains(Duration.ofHours(1));
        assertThat(DurationText.parse("90")).contains(Duration.ofSeconds(90));
        assertThat(DurationText.parse("pt1m30s")).contains(Duration.ofSeconds(90));
    }

    @Test
    void refusesWhatNamesNoDuration() {
        assertThat(DurationText.parse(null)).isEmpty();
        assertThat(DurationText.parse("")).isEmpty();
        assertThat(DurationText.parse("soon")).isEmpty();
        assertThat(DurationText.parse("5d")).isEmpty();
        assertThat(DurationText.parse("-5s")).isEmpty();
        assertThat(DurationText.parse("PT-5S")).isEmpty();
        assertThat(DurationText.parse("999999999999999999h")).isEmpty();
    }
}
